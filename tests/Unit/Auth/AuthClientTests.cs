using Olares.Auth;
using Olares.Errors;
using Olares.Http;
using Olares.Tests.TestSupport;
using Xunit;

namespace Olares.Tests.Auth;

/// <summary>
/// /api/refresh and login against a broken or hostile auth service: bounded bodies, transient (never
/// invalidating) failures, and error text that never repeats a secret that was sent, whatever its shape.
/// </summary>
public sealed class AuthClientTests : IAsyncLifetime
{
    // A refresh token shaped like a UUID: too short and too plain for the pattern-based redaction.
    private const string UuidRefreshToken = "3f2b8c1e-9d4a-4e7b-8c2f-1a6d5e9b0c47";

    private LoggedInServer _s = null!;

    public async Task InitializeAsync() => _s = await LoggedInServer.StartAsync();

    public async Task DisposeAsync() => await _s.DisposeAsync();

    private Uri AuthUrl => _s.Alice.Endpoints.Auth;

    private static string AllMessages(Exception e)
    {
        var text = string.Empty;
        for (Exception? x = e; x != null; x = x.InnerException) text += x.Message + "\n";
        return text;
    }

    [Theory]
    [InlineData(401)]
    [InlineData(500)]
    public async Task A_refresh_token_echoed_in_an_error_body_is_redacted(int status)
    {
        _s.Server.State.InjectFailure("refresh", status, body: "{\"status\":\"FAIL\",\"message\":\"refresh token " + UuidRefreshToken + " is not valid\"}");
        var e = await Assert.ThrowsAnyAsync<Exception>(() => AuthClient.RefreshAsync(AuthUrl, UuidRefreshToken, "at-1234567", false, CancellationToken.None));
        Assert.IsType(status == 401 ? typeof(RefreshRejectedException) : typeof(RefreshTransientException), e);
        Assert.Contains("refresh token <redacted> is not valid", e.Message);
        Assert.DoesNotContain(UuidRefreshToken, AllMessages(e));
    }

    [Fact]
    public async Task The_invalidated_error_a_user_sees_does_not_carry_the_refresh_token()
    {
        _s.SetStored(_s.Stored.AccessToken!, UuidRefreshToken);
        _s.Server.State.InjectFailure("refresh", 401, body: "{\"status\":\"FAIL\",\"message\":\"unknown refresh token " + UuidRefreshToken + "\"}");
        var credential = _s.NewCredential();
        var e = await Assert.ThrowsAsync<OlaresTokenInvalidatedException>(
            () => credential.RefreshAsync(_s.Stored.AccessToken, CancellationToken.None));
        Assert.Contains("<redacted>", AllMessages(e));
        Assert.DoesNotContain(UuidRefreshToken, AllMessages(e));
    }

    [Fact]
    public async Task A_password_hash_echoed_by_the_login_endpoint_is_redacted()
    {
        const string hash = "5f4dcc3b5aa765d61d8327deb882cf99";
        _s.Server.State.InjectFailure("firstfactor", 400, body: "{\"status\":\"FAIL\",\"message\":\"bad password " + hash + "\"}");
        var e = await Assert.ThrowsAsync<OlaresLoginFailedException>(() => AuthClient.FirstFactorAsync(
            AuthUrl, LoggedInServer.AliceId, "alice", hash, "https://desktop.alice.olares.com", false, CancellationToken.None));
        Assert.Contains("bad password <redacted>", e.Message);
        Assert.DoesNotContain(hash, AllMessages(e));
    }

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
        var credential = _s.NewCredential();
        await Assert.ThrowsAsync<OlaresRefreshFailedException>(
            () => credential.RefreshAsync(_s.Stored.AccessToken, CancellationToken.None));
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
