using System.Net.Http;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Olares.Emulator;
using Olares.Errors;
using Olares.Http;
using Olares.Profiles;
using Olares.Rest;
using Olares.Tests.TestSupport;
using Xunit;

namespace Olares.Tests.Rest;

/// <summary>Raw calls through the refreshing session, over real HTTP to the emulator.</summary>
public sealed class RestClientTests : IAsyncLifetime
{
    private LoggedInServer _t = null!;

    public async Task InitializeAsync() => _t = await LoggedInServer.StartAsync();

    public async Task DisposeAsync() => await _t.DisposeAsync();

    private ResolvedProfile Alice => _t.Alice;

    private OlaresSession Session => Alice.OpenSession();

    private Uri Url(string path) => RestTarget.ForService(Alice.Endpoints, "desktop", path);

    private Task<RestResponse> SendAsync(RestRequest request) => RestClient.SendAsync(request.Anonymous ? null : Session, false, request, default);

    private int Hits(string path) => _t.Server.State.Requests.Count(r => r.Path == path);

    [Fact]
    public async Task Get_CarriesTheLoginAndParsesJson()
    {
        var response = await SendAsync(new RestRequest(HttpMethod.Get, Url("/api/_rest/echo")));
        Assert.Equal(200, response.StatusCode);
        Assert.True(response.IsJson);
        using var doc = response.ParseJson();
        Assert.Equal("alice", doc.RootElement.GetProperty("user").GetString());
        var headers = doc.RootElement.GetProperty("headers");
        Assert.StartsWith("eyJ", headers.GetProperty("X-Authorization").GetString());
        Assert.Contains("auth_token=", headers.GetProperty("Cookie").GetString());
        Assert.Equal("Non-Redirect", headers.GetProperty("X-Unauth-Error").GetString());
    }

    [Fact]
    public async Task ABufferedBody_IsSentAgainOnceAfterTheRefresh()
    {
        _t.Server.State.ExpireAllAccessTokens();
        var body = Encoding.UTF8.GetBytes("{\"name\":\"x\"}");
        var response = await SendAsync(new RestRequest(HttpMethod.Post, Url("/api/_rest/echo")) { Body = body, ContentType = "application/json" });
        using var doc = response.ParseJson();
        Assert.Equal("{\"name\":\"x\"}", doc.RootElement.GetProperty("body").GetString());
        Assert.Equal(1, _t.Server.State.RefreshCalls);
        Assert.Equal(2, Hits("/desktop/api/_rest/echo"));
    }

    [Fact]
    public async Task AnInputFile_IsNeverResent_SoANearlyExpiredTokenIsRefreshedBeforeSending()
    {
        await using var t = await LoggedInServer.StartAsync(new EmulatorOptions { TokenLifetimeSeconds = 2 });
        var file = Path.Combine(t.Root, "in.bin");
        var data = RandomNumberGenerator.GetBytes(300_000);
        await File.WriteAllBytesAsync(file, data);
        // Half of the 2 s lifetime has passed: a body that cannot be resent gets a fresh token first.
        await Task.Delay(1300);
        var session = t.Alice.OpenSession();
        var url = RestTarget.ForService(t.Alice.Endpoints, "desktop", "/api/_test/consume");
        var response = await RestClient.SendAsync(session, false, new RestRequest(HttpMethod.Post, url) { InFile = file }, default);

        using var doc = response.ParseJson();
        Assert.Equal(data.Length, doc.RootElement.GetProperty("length").GetInt64());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(data)), doc.RootElement.GetProperty("sha256").GetString());
        Assert.Equal(1, t.Server.State.RefreshCalls);
        Assert.Equal(1, t.Server.State.Requests.Count(r => r.Path == "/desktop/api/_test/consume"));
    }

    [Fact]
    public async Task AnInputFile_RejectedAnyway_IsATypedErrorAndIsNotResent()
    {
        var file = Path.Combine(_t.Root, "in.txt");
        await File.WriteAllTextAsync(file, "hello");
        _t.Server.State.ExpireAllAccessTokens();
        var e = await Assert.ThrowsAsync<OlaresRequestNotResentException>(() =>
            SendAsync(new RestRequest(HttpMethod.Post, Url("/api/_test/consume")) { InFile = file }));
        Assert.Equal(401, e.StatusCode);
        // The login is refreshed for the next command; the spent stream is not sent again.
        Assert.Equal(1, _t.Server.State.RefreshCalls);
        Assert.Equal(1, Hits("/desktop/api/_test/consume"));
    }

    [Fact]
    public async Task AMissingInputFile_IsATypedLocalError()
    {
        var e = await Assert.ThrowsAsync<OlaresLocalFileException>(() =>
            SendAsync(new RestRequest(HttpMethod.Post, Url("/api/_test/consume")) { InFile = Path.Combine(_t.Root, "nope.bin") }));
        Assert.Equal("OlaresLocalReadFailed", e.ErrorId);
        Assert.Equal(0, Hits("/desktop/api/_test/consume"));
    }

    [Fact]
    public async Task OutFile_StreamsTheAnswerToDisk_AndReplacesAFileOnlyWhenComplete()
    {
        var target = Path.Combine(_t.Root, "out.bin");
        await File.WriteAllTextAsync(target, "old");
        var response = await SendAsync(new RestRequest(HttpMethod.Get, Url("/api/_rest/bytes?size=5000000&seed=3")) { OutFile = target });

        Assert.Equal(5_000_000, response.BytesWritten);
        Assert.Empty(response.Body);
        Assert.Equal(response.Headers["X-Content-Sha256"][0], Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(target))));
        Assert.Single(Directory.GetFiles(_t.Root, "*out.bin*"));
    }

    [Fact]
    public async Task OutFile_OnAnErrorStatus_WritesNothing()
    {
        var target = Path.Combine(_t.Root, "err.bin");
        await File.WriteAllTextAsync(target, "keep");
        var e = await Assert.ThrowsAsync<OlaresHttpException>(() => SendAsync(new RestRequest(HttpMethod.Get, Url("/api/_rest/status?code=503")) { OutFile = target }));
        Assert.Equal("OlaresServerError", e.ErrorId);
        Assert.Equal("keep", await File.ReadAllTextAsync(target));
        Assert.Single(Directory.GetFiles(_t.Root, "*err.bin*"));
    }

    [Fact]
    public async Task OutFile_AfterTheTokenWasRejected_RefreshesAndDownloads()
    {
        _t.Server.State.ExpireAllAccessTokens();
        var target = Path.Combine(_t.Root, "after.bin");
        var response = await SendAsync(new RestRequest(HttpMethod.Get, Url("/api/_rest/bytes?size=100000")) { OutFile = target });
        Assert.Equal(100_000, new FileInfo(target).Length);
        Assert.Equal(1, _t.Server.State.RefreshCalls);
        Assert.Equal(200, response.StatusCode);
    }

    [Theory]
    [InlineData(404, "OlaresNotFound")]
    [InlineData(403, "OlaresPermissionDenied")]
    [InlineData(500, "OlaresServerError")]
    [InlineData(418, "OlaresRequestFailed")]
    public async Task AnErrorStatus_IsTyped(int status, string errorId)
    {
        var e = await Assert.ThrowsAnyAsync<OlaresException>(() => SendAsync(new RestRequest(HttpMethod.Get, Url("/api/_rest/status?code=" + status))));
        Assert.Equal(errorId, e.ErrorId);
    }

    [Fact]
    public async Task SkipHttpErrorCheck_ReturnsTheErrorAnswer()
    {
        var response = await SendAsync(new RestRequest(HttpMethod.Get, Url("/api/_rest/status?code=418")) { SkipHttpErrorCheck = true });
        Assert.Equal(418, response.StatusCode);
        Assert.Contains("as asked", response.Text());
    }

    [Fact]
    public async Task HtmlDeclaredAsJson_IsATypedError()
    {
        var response = await SendAsync(new RestRequest(HttpMethod.Get, Url("/api/_rest/html-as-json")));
        var e = Assert.Throws<OlaresProtocolException>(() => response.ParseJson());
        Assert.Contains("-Raw", e.Message);
    }

    [Fact]
    public async Task ARedirectToAnotherOrigin_CarriesNoCredentials()
    {
        await using var other = await EmulatorServer.StartAsync(new EmulatorOptions());
        var response = await SendAsync(new RestRequest(HttpMethod.Get, Url("/api/_rest/redirect?to=" + Uri.EscapeDataString(other.BaseUrl + "/public/echo"))));
        using var doc = response.ParseJson();
        var headers = doc.RootElement.GetProperty("headers");
        Assert.False(headers.TryGetProperty("X-Authorization", out _));
        Assert.False(headers.TryGetProperty("Cookie", out _));
        var seen = Assert.Single(other.State.Requests, r => r.Path == "/public/echo");
        Assert.DoesNotContain(seen.Headers.Keys, k => k.Equals("X-Authorization", StringComparison.OrdinalIgnoreCase) || k.Equals("Cookie", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Anonymous_NeverCarriesTheLogin_NotEvenWhenRedirectedToTheProfilesOwnService()
    {
        await using var other = await EmulatorServer.StartAsync(new EmulatorOptions());
        var own = Url("/api/_rest/echo").AbsoluteUri;
        var viaOther = new Uri(other.BaseUrl + "/public/redirect?to=" + Uri.EscapeDataString(own));
        var request = new RestRequest(HttpMethod.Get, viaOther) { Anonymous = true };
        // Asks the edge for a JSON 401 instead of a redirect to the login page.
        request.Headers.Add(new KeyValuePair<string, string>("X-Unauth-Error", "Non-Redirect"));
        var e = await Assert.ThrowsAsync<OlaresHttpException>(() => SendAsync(request));
        Assert.Equal(401, e.StatusCode);
        var reached = Assert.Single(_t.Server.State.Requests, r => r.Path == "/desktop/api/_rest/echo");
        Assert.DoesNotContain(reached.Headers.Keys, k => k.Equals("X-Authorization", StringComparison.OrdinalIgnoreCase) || k.Equals("Cookie", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(0, _t.Server.State.RefreshCalls);
    }

    [Fact]
    public async Task HeadersAreSent_ContentHeadersOnTheBody()
    {
        var request = new RestRequest(HttpMethod.Put, Url("/api/_rest/echo")) { Body = Encoding.UTF8.GetBytes("<a/>") };
        request.Headers.Add(new KeyValuePair<string, string>("X-Custom", "one"));
        request.Headers.Add(new KeyValuePair<string, string>("Content-Type", "application/xml"));
        request.Headers.Add(new KeyValuePair<string, string>("Accept", "application/json"));
        using var doc = (await SendAsync(request)).ParseJson();
        var headers = doc.RootElement.GetProperty("headers");
        Assert.Equal("one", headers.GetProperty("X-Custom").GetString());
        Assert.Equal("application/xml", headers.GetProperty("Content-Type").GetString());
        Assert.Equal("application/json", headers.GetProperty("Accept").GetString());
    }

    [Fact]
    public async Task AContentHeaderWithoutABody_IsRefusedBeforeSending()
    {
        var request = new RestRequest(HttpMethod.Get, Url("/api/_rest/echo"));
        request.Headers.Add(new KeyValuePair<string, string>("Content-Type", "application/json"));
        var e = await Assert.ThrowsAsync<OlaresArgumentException>(() => SendAsync(request));
        Assert.Equal("OlaresInvalidHeader", e.ErrorId);
        Assert.Equal(0, Hits("/desktop/api/_rest/echo"));
    }

    [Fact]
    public async Task AnUnreachableServer_IsATypedConnectionError()
    {
        var e = await Assert.ThrowsAsync<OlaresConnectionException>(() =>
            SendAsync(new RestRequest(HttpMethod.Get, new Uri("http://127.0.0.1:1/x")) { Anonymous = true }));
        Assert.Equal("OlaresUnreachable", e.ErrorId);
    }

    [Fact]
    public void Text_UsesTheDeclaredCharset()
    {
        var latin1 = Encoding.Latin1.GetBytes("café");
        var response = new RestResponse(200, "text/plain", "iso-8859-1", new Dictionary<string, string[]>(), latin1, null, 0, "GET x");
        Assert.Equal("café", response.Text());
        var bom = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.UTF8.GetBytes("{\"a\":1}")).ToArray();
        using var doc = new RestResponse(200, "application/json", null, new Dictionary<string, string[]>(), bom, null, 0, "GET x").ParseJson();
        Assert.Equal(1, doc.RootElement.GetProperty("a").GetInt32());
    }
}
