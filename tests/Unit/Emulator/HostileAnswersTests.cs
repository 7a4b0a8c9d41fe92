using System.IO.Compression;
using System.Net;
using Olares.Emulator;
using Xunit;

namespace Olares.Tests.Emulator;

/// <summary>The emulator's hostile answers are what they claim, seen by a plain client that decompresses nothing.</summary>
public sealed class HostileAnswersTests : IAsyncLifetime
{
    private EmulatorServer _server = null!;
    private HttpClient _raw = null!;

    public async Task InitializeAsync()
    {
        _server = await EmulatorServer.StartAsync(new EmulatorOptions());
        _raw = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, AutomaticDecompression = DecompressionMethods.None });
    }

    public async Task DisposeAsync()
    {
        _raw.Dispose();
        await _server.DisposeAsync();
    }

    // /auth/api/refresh needs no token, and answers injected failures of target "refresh".
    private Task<HttpResponseMessage> PostRefreshAsync() =>
        _raw.PostAsync(_server.BaseUrl + "/auth/api/refresh", new StringContent("{}"), CancellationToken.None);

    [Fact]
    public async Task The_gzip_bomb_is_about_a_mebibyte_that_inflates_to_a_gibibyte()
    {
        _server.State.InjectFailure("refresh", 200, kind: "gzipbomb");
        using var response = await _raw.SendAsync(new HttpRequestMessage(HttpMethod.Post, _server.BaseUrl + "/auth/api/refresh"), HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("gzip", Assert.Single(response.Content.Headers.ContentEncoding));
        var compressed = await response.Content.ReadAsByteArrayAsync();
        Assert.InRange(compressed.Length, 1, 2 << 20);
        Assert.Equal(compressed.Length, response.Content.Headers.ContentLength);

        using var inflate = new GZipStream(new MemoryStream(compressed), CompressionMode.Decompress);
        var buffer = new byte[1 << 20];
        long total = 0;
        int read;
        while ((read = inflate.Read(buffer, 0, buffer.Length)) > 0) total += read;
        Assert.Equal(HostileAnswers.GzipBombInflatedBytes, total);
    }

    [Fact]
    public async Task A_short_answer_declares_1000_bytes_sends_10_and_breaks_off()
    {
        _server.State.InjectFailure("refresh", kind: "short");
        using var response = await _raw.SendAsync(new HttpRequestMessage(HttpMethod.Post, _server.BaseUrl + "/auth/api/refresh"), HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(1000, response.Content.Headers.ContentLength);
        using var body = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[2000];
        var got = 0;
        var e = await Assert.ThrowsAnyAsync<IOException>(async () =>
        {
            int n;
            while ((n = await body.ReadAsync(buffer.AsMemory(got))) > 0) got += n;
        });
        Assert.Equal(HostileAnswers.FirstBytes.Length, got);
        Assert.NotNull(e);
    }

    [Fact]
    public async Task A_stalled_answer_sends_its_first_bytes_and_then_nothing()
    {
        _server.State.InjectFailure("refresh", kind: "stall");
        using var response = await _raw.SendAsync(new HttpRequestMessage(HttpMethod.Post, _server.BaseUrl + "/auth/api/refresh"), HttpCompletionOption.ResponseHeadersRead);
        using var body = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[2000];
        var got = 0;
        while (got < HostileAnswers.FirstBytes.Length) got += await body.ReadAsync(buffer.AsMemory(got));
        var more = body.ReadAsync(buffer.AsMemory(got)).AsTask();
        Assert.NotSame(more, await Task.WhenAny(more, Task.Delay(500)));
    }

    [Fact]
    public async Task A_redirect_without_a_body_points_back_at_the_same_url()
    {
        _server.State.InjectFailure("refresh", kind: "redirect");
        using var response = await PostRefreshAsync();
        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal("/auth/api/refresh", response.Headers.Location!.OriginalString);
    }
}
