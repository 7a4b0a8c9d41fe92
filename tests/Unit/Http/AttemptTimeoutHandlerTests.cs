using System.Net;
using Olares.Auth;
using Olares.Errors;
using Olares.Http;
using Olares.Locking;
using Olares.Tests.TestSupport;
using Xunit;

namespace Olares.Tests.Http;

public sealed class AttemptTimeoutHandlerTests : IAsyncLifetime
{
    private LoggedInServer _s = null!;

    public async Task InitializeAsync() => _s = await LoggedInServer.StartAsync();

    public async Task DisposeAsync() => await _s.DisposeAsync();

    private (HttpClient Client, OlaresCredential Credential) Timed(TimeSpan timeout)
    {
        var alice = _s.Alice;
        var credential = _s.NewCredential();
        credential.RequireLogin();
        var chain = new RefreshingHandler(credential, alice.Endpoints)
        {
            InnerHandler = new AttemptTimeoutHandler { InnerHandler = PrimaryHandler.Create(false) },
        };
        return (new HttpClient(new TimeoutTagHandler(timeout, chain)), credential);
    }

    [Fact]
    public async Task Waiting_for_another_processs_refresh_does_not_count_against_the_attempt_timeout()
    {
        var (client, refresher) = Timed(TimeSpan.FromSeconds(1));
        _s.Server.State.ExpireAllAccessTokens();
        var held = FileLock.TryAcquire(refresher.LockPath)!;
        var call = client.GetAsync(_s.Alice.Endpoints.Desktop.AbsoluteUri.TrimEnd('/') + "/api/_test/echo");
        await Task.Delay(2000);
        held.Dispose();
        using var response = await call;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, _s.Server.State.RefreshCalls);
    }

    [Fact]
    public async Task A_slow_attempt_fails_as_a_request_error_with_a_timeout_inside()
    {
        var (client, _) = Timed(TimeSpan.FromMilliseconds(300));
        _s.Server.State.RefreshLatencyMs = 3000;
        var e = await Assert.ThrowsAsync<HttpRequestException>(() => client.PostAsync(_s.Alice.Endpoints.Auth.AbsoluteUri.TrimEnd('/') + "/api/refresh", new StringContent("{}")));
        Assert.IsType<TimeoutException>(e.InnerException);
    }

    [Fact]
    public async Task Untagged_requests_are_not_bounded()
    {
        var alice = _s.Alice;
        var chain = new AttemptTimeoutHandler { InnerHandler = PrimaryHandler.Create(false) };
        using var client = new HttpClient(chain);
        _s.Server.State.RefreshLatencyMs = 800;
        using var response = await client.PostAsync(alice.Endpoints.Auth.AbsoluteUri.TrimEnd('/') + "/api/refresh", new StringContent("{\"refreshToken\":\"x\"}"));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_body_that_stalls_after_the_headers_is_bounded_too()
    {
        var (client, _) = Timed(TimeSpan.FromMilliseconds(700));
        var file = Path.Combine(_s.Server.State.Files.Root, "alice", "drive", "Home", "slow.json");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllBytes(file, new byte[64 * 1024]);
        _s.Server.State.Files.RawThrottleKiBps = 8; // 64 KiB at 8 KiB/s: about 8 s of body
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var e = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync(_s.Alice.Endpoints.Files.AbsoluteUri.TrimEnd('/') + "/api/raw/drive/Home/slow.json"));
        Assert.IsType<TimeoutException>(e.InnerException);
        Assert.True(watch.ElapsedMilliseconds < 5000, watch.ElapsedMilliseconds + " ms");
    }

    [Fact]
    public async Task A_timed_response_keeps_its_body_and_content_headers()
    {
        var (client, _) = Timed(TimeSpan.FromSeconds(10));
        using var response = await client.GetAsync(_s.Alice.Endpoints.Desktop.AbsoluteUri.TrimEnd('/') + "/api/backend/v1/user-info");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("\"owner_role\"", await response.Content.ReadAsStringAsync());
    }

    private string UserInfoUrl => _s.Alice.Endpoints.Desktop.AbsoluteUri.TrimEnd('/') + "/api/backend/v1/user-info";

    [Fact]
    public async Task A_body_cut_short_by_the_server_is_a_transport_error()
    {
        var (client, _) = Timed(TimeSpan.FromSeconds(10));
        _s.Server.State.InjectFailure("user-info", kind: "short");   // Content-Length 1000, 10 bytes, reset
        var e = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync(UserInfoUrl));
        Assert.IsAssignableFrom<IOException>(e.InnerException);
    }

    [Fact]
    public async Task A_body_that_inflates_past_the_bound_is_refused_typed()
    {
        var (client, _) = Timed(TimeSpan.FromSeconds(30));
        _s.Server.State.InjectFailure("user-info", status: 200, kind: "gzipbomb");
        var e = await Assert.ThrowsAsync<OlaresResponseTooLargeException>(() => client.GetAsync(UserInfoUrl));
        Assert.Equal("OlaresResponseTooLarge", e.ErrorId);
        Assert.Equal(OlaresErrorKind.InvalidData, e.Kind);
        Assert.Contains("64 MiB", e.Message);
    }

    [Fact]
    public async Task A_declared_length_over_the_bound_is_refused_before_reading()
    {
        var (client, _) = Timed(TimeSpan.FromSeconds(30));
        var file = Path.Combine(_s.Server.State.Files.Root, "alice", "drive", "Home", "huge.json");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        using (var f = File.Create(file)) f.SetLength(ResponseText.MaxJsonBytes + 1L);   // sparse: nothing to write
        _s.Server.State.Files.RawThrottleKiBps = 64;   // reading it would take far longer than the test allows
        var url = _s.Alice.Endpoints.Files.AbsoluteUri.TrimEnd('/') + "/api/raw/drive/Home/huge.json";
        var e = await Assert.ThrowsAsync<OlaresResponseTooLargeException>(() => client.GetAsync(url).WaitAsync(TimeSpan.FromSeconds(20)));
        Assert.Equal(url, e.Url);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(16 * 1024 + 1)]
    [InlineData(3 * 1024 * 1024 + 123)]
    public async Task A_body_within_the_bound_arrives_whole(int length)
    {
        var (client, _) = Timed(TimeSpan.FromSeconds(30));
        var bytes = new byte[length];
        new Random(length).NextBytes(bytes);
        var file = Path.Combine(_s.Server.State.Files.Root, "alice", "drive", "Home", "body.bin");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllBytes(file, bytes);
        using var response = await client.GetAsync(_s.Alice.Endpoints.Files.AbsoluteUri.TrimEnd('/') + "/api/raw/drive/Home/body.bin");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(bytes, await response.Content.ReadAsByteArrayAsync());
    }
}
