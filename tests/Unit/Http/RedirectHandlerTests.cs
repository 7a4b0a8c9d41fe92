using System.Diagnostics;
using System.Net;
using Olares.Auth;
using Olares.Errors;
using Olares.Http;
using Olares.Tests.TestSupport;
using Xunit;

namespace Olares.Tests.Http;

/// <summary>Redirect hops against the emulator: each hop is bounded like the first, and credentials stay with own origins.</summary>
public sealed class RedirectHandlerTests : IAsyncLifetime
{
    private LoggedInServer _s = null!;

    public async Task InitializeAsync() => _s = await LoggedInServer.StartAsync();

    public async Task DisposeAsync() => await _s.DisposeAsync();

    // The session's chain, with a short per-attempt bound: tag → redirect → refreshing → attempt timeout → sockets.
    private HttpClient Chain(TimeSpan timeout)
    {
        var alice = _s.Alice;
        var credential = _s.NewCredential();
        credential.RequireLogin();
        var refreshing = new RefreshingHandler(credential, alice.Endpoints)
        {
            InnerHandler = new AttemptTimeoutHandler { InnerHandler = PrimaryHandler.Create(false) },
        };
        return new HttpClient(new TimeoutTagHandler(timeout, new RedirectHandler { InnerHandler = refreshing })) { Timeout = Timeout.InfiniteTimeSpan };
    }

    private string UserInfoUrl => _s.Alice.Endpoints.Desktop.AbsoluteUri.TrimEnd('/') + "/api/backend/v1/user-info";

    [Fact]
    public async Task A_body_that_stalls_behind_a_same_origin_redirect_ends_within_the_bound()
    {
        using var client = Chain(TimeSpan.FromSeconds(1));
        _s.Server.State.InjectFailure("user-info", kind: "redirect");   // 302 to the same URL
        _s.Server.State.InjectFailure("user-info", kind: "stall");      // then headers, 10 bytes, silence
        var watch = Stopwatch.StartNew();
        var call = client.GetAsync(UserInfoUrl);
        // Without the bound on the second hop the call waits for the emulator's 5-minute stall.
        var e = await Assert.ThrowsAsync<HttpRequestException>(() => call.WaitAsync(TimeSpan.FromSeconds(20)));
        Assert.IsType<TimeoutException>(e.InnerException);
        Assert.InRange(watch.Elapsed.TotalSeconds, 0.9, 6);
        Assert.Equal(0, _s.Server.State.PendingFailures("user-info"));   // both hops were made
    }

    [Fact]
    public async Task A_body_that_inflates_behind_a_redirect_stops_at_the_size_bound()
    {
        using var client = Chain(TimeSpan.FromSeconds(20));
        _s.Server.State.InjectFailure("user-info", kind: "redirect");
        _s.Server.State.InjectFailure("user-info", status: 200, kind: "gzipbomb");
        var e = await Assert.ThrowsAsync<OlaresResponseTooLargeException>(() => client.GetAsync(UserInfoUrl).WaitAsync(TimeSpan.FromSeconds(60)));
        Assert.Equal(ResponseText.MaxJsonBytes, e.LimitBytes);
        Assert.Equal(UserInfoUrl, e.Url);
    }

    [Fact]
    public async Task Same_origin_hops_are_followed_and_authenticated()
    {
        using var client = Chain(TimeSpan.FromSeconds(5));
        _s.Server.State.Reset();
        _s.Server.State.InjectFailure("user-info", kind: "redirect", count: 3);
        using var response = await client.GetAsync(UserInfoUrl);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"name\":\"alice\"", await response.Content.ReadAsStringAsync());
        Assert.Equal(4, _s.Server.State.HitCount("GET /desktop/api/backend/v1/user-info"));
    }
}
