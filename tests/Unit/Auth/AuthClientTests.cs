using Olares.Auth;
using Olares.Errors;
using Olares.Http;
using Olares.Tests.TestSupport;
using Xunit;

namespace Olares.Tests.Auth;

/// <summary>
/// /api/refresh and login against a broken or hostile auth service: bounded bodies, and transient (never
/// invalidating) failures.
/// </summary>
public sealed class AuthClientTests : IAsyncLifetime
{
    private LoggedInServer _s = null!;

    public async Task InitializeAsync() => _s = await LoggedInServer.StartAsync();

    public async Task DisposeAsync() => await _s.DisposeAsync();

    private Uri AuthUrl => _s.Alice.Endpoints.Auth;

    [Fact]
    public async Task A_gzip_bomb_from_refresh_is_a_transient_failure()
    {
        _s.Server.State.InjectFailure("refresh", 200, kind: "gzipbomb");
        var e = await Assert.ThrowsAsync<RefreshTransientException>(() => AuthClient.RefreshAsync(AuthUrl, _s.Stored.RefreshToken!, null, false, CancellationToken.None));
        Assert.IsType<OlaresResponseTooLargeException>(e.InnerException);
        Assert.Contains("1 MiB", e.Message);
    }

    [Fact]
    public async Task A_gzip_bomb_behind_a_401_does_not_invalidate_the_login()
    {
        // The body could not be read, so the answer proves nothing about the grant.
        _s.Server.State.InjectFailure("refresh", 401, kind: "gzipbomb");
        var refresher = new Refresher(_s.Store, _s.Home, false);
        await Assert.ThrowsAsync<OlaresRefreshFailedException>(
            () => refresher.RefreshAsync(LoggedInServer.AliceId, AuthUrl, _s.Stored.AccessToken, CancellationToken.None));
        Assert.Equal(0, _s.Stored.InvalidatedAt);
    }

    [Fact]
    public async Task A_refresh_body_cut_short_is_a_transient_failure()
    {
        _s.Server.State.InjectFailure("refresh", kind: "short");
        var e = await Assert.ThrowsAsync<RefreshTransientException>(() => AuthClient.RefreshAsync(AuthUrl, _s.Stored.RefreshToken!, null, false, CancellationToken.None));
        Assert.IsType<OlaresConnectionException>(e.InnerException);
    }

    [Fact]
    public async Task A_gzip_bomb_from_login_is_refused_as_a_connection_error()
    {
        _s.Server.State.InjectFailure("firstfactor", 200, kind: "gzipbomb");
        await Assert.ThrowsAsync<OlaresConnectionException>(() => AuthClient.FirstFactorAsync(
            AuthUrl, LoggedInServer.AliceId, "alice", "hash", "https://desktop.alice.olares.com", false, CancellationToken.None));
    }
}
