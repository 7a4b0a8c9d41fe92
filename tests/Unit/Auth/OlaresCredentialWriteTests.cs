using System.Net;
using Olares.Auth;
using Olares.Errors;
using Olares.Http;
using Olares.Locking;
using Olares.Storage;
using Olares.Tests.TestSupport;
using Xunit;

namespace Olares.Tests.Auth;

/// <summary>
/// Every write of an identity's token entry goes through its credential: unsaved grants, logins landing meanwhile,
/// logout during a refresh, the invalidation marker's compare-and-set, the token cell's compare-and-swap, and
/// permission-denied storms (issue 8, security review C2-C4, C13-C15).
/// </summary>
public sealed class OlaresCredentialWriteTests : IAsyncLifetime
{
    private const string Alice = LoggedInServer.AliceId;
    private LoggedInServer _s = null!;
    private CountingTokenStore _store = null!;

    public async Task InitializeAsync()
    {
        _s = await LoggedInServer.StartAsync();
        _store = new CountingTokenStore(_s.Store);
    }

    public async Task DisposeAsync() => await _s.DisposeAsync();

    private int Hits => _s.Server.State.RefreshCalls;

    private OlaresCredential NewCredential(CredentialOptions? options = null) => _s.NewCredential(_store, options);

    private static async Task WaitFor(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("condition not met in 20 s");
            await Task.Delay(10);
        }
    }

    [Fact]
    public async Task An_unsaved_grant_is_rotated_with_its_own_refresh_token()
    {
        var at1 = _s.Stored.AccessToken;
        var credential = NewCredential();
        _store.FailNextSets = 100;
        var at2 = await credential.RefreshAsync(at1, CancellationToken.None);
        Assert.True(credential.HasUnsavedGrant);
        _s.Server.State.ExpireAllAccessTokens();
        var at3 = await credential.RefreshAsync(at2, CancellationToken.None);
        Assert.Equal(2, Hits);
        Assert.NotEqual(at1, at3);
        Assert.NotEqual(at2, at3);
        Assert.Equal(0, _s.Server.State.ReuseDetections);
        _store.FailNextSets = 0;
        // Once the store accepts writes again, the newest grant lands (compare-and-set against what was stored first).
        Assert.Equal(at3, await credential.RefreshAsync("someone-elses", CancellationToken.None));
        Assert.Equal(at3, _s.Stored.AccessToken);
        Assert.False(credential.HasUnsavedGrant);
    }

    [Fact]
    public async Task An_unsaved_grant_never_overwrites_a_login_that_landed_meanwhile()
    {
        var credential = NewCredential();
        _store.FailNextSets = 3;
        var pending = await credential.RefreshAsync(_s.Stored.AccessToken, CancellationToken.None);
        Assert.True(credential.HasUnsavedGrant);
        // olares-cli's login writes the store without the refresh lock.
        _s.Store.Set(new StoredToken { OlaresId = Alice, AccessToken = "AT-LOGIN", RefreshToken = "RT-LOGIN", GrantedAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() });
        Assert.Equal("AT-LOGIN", await credential.RefreshAsync(pending, CancellationToken.None));
        Assert.Equal("AT-LOGIN", _s.Stored.AccessToken);
        Assert.Equal("RT-LOGIN", _s.Stored.RefreshToken);
        Assert.False(credential.HasUnsavedGrant);
        Assert.Equal(1, Hits);
    }

    [Fact]
    public async Task While_a_grant_is_unsaved_no_other_refresher_can_present_the_spent_refresh_token()
    {
        var credential = NewCredential();
        _store.FailNextSets = 3;
        await credential.RefreshAsync(_s.Stored.AccessToken, CancellationToken.None);
        Assert.True(credential.HasUnsavedGrant);
        // Another copy of the module, or olares-cli, reads the store: it still holds the spent refresh token.
        var other = NewCredential(new CredentialOptions { LockTimeout = TimeSpan.FromMilliseconds(300) });
        await Assert.ThrowsAsync<OlaresRefreshLockTimeoutException>(() => other.RefreshAsync(_s.Stored.AccessToken, CancellationToken.None));
        Assert.Null(FileLock.TryAcquire(credential.LockPath));
        Assert.Equal(1, Hits);
        Assert.Equal(0, _s.Server.State.ReuseDetections);
    }

    [Fact]
    public async Task An_unsaved_grant_does_not_outlive_a_logout()
    {
        var credential = NewCredential();
        _store.FailNextSets = 3;
        await credential.RefreshAsync(_s.Stored.AccessToken, CancellationToken.None);
        Assert.True(credential.HasUnsavedGrant);
        Assert.True(await credential.RemoveAsync(CancellationToken.None));
        Assert.False(credential.HasUnsavedGrant);
        Assert.Null(_s.Store.Get(Alice));
        Assert.Null(credential.CurrentToken);
        using (var free = FileLock.TryAcquire(credential.LockPath)) Assert.NotNull(free);
        await Assert.ThrowsAsync<OlaresNotLoggedInException>(() => credential.RefreshAsync("x", CancellationToken.None));
        // A new login is not clobbered by the old grant either.
        await _s.LoginAsync("alice", "Passw0rd!");
        var login = _s.Stored;
        Assert.Equal(login.AccessToken, _s.NewCredential(_store).RequireLogin());
        Assert.Equal(login.RefreshToken, _s.Stored.RefreshToken);
    }

    [Fact]
    public async Task A_login_replaces_an_unsaved_grant()
    {
        var credential = NewCredential();
        _store.FailNextSets = 3;
        await credential.RefreshAsync(_s.Stored.AccessToken, CancellationToken.None);
        Assert.True(credential.HasUnsavedGrant);
        var entry = await credential.StoreLoginAsync(new TokenGrant("AT-LOGIN", "RT-LOGIN", null, false), CancellationToken.None);
        Assert.False(credential.HasUnsavedGrant);
        Assert.Equal("AT-LOGIN", credential.CurrentToken);
        Assert.Equal("RT-LOGIN", _s.Stored.RefreshToken);
        Assert.Equal(entry.GrantedAt, _s.Stored.GrantedAt);
    }

    /// <summary>C13: the caller pressed Ctrl+C after the POST, its log is gone, and the store refuses the write.</summary>
    [Fact]
    public async Task A_refresh_finishing_after_its_caller_left_logs_nowhere_and_keeps_the_grant()
    {
        var credential = NewCredential();
        var before = _s.Stored;
        _s.Server.State.RefreshLatencyMs = 1500;
        _store.FailNextSets = 3;
        var log = new CapturingLog();
        using var cts = new CancellationTokenSource();
        Task<string> call;
        OlaresLog.Current = log;
        try
        {
            call = credential.RefreshAsync(before.AccessToken, cts.Token);
        }
        finally
        {
            OlaresLog.Current = null;
        }

        await WaitFor(() => Hits == 1);
        cts.Cancel();
        log.Dispose();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        await WaitFor(() => credential.HasUnsavedGrant || _store.Sets >= 3);
        await WaitFor(() => credential.HasUnsavedGrant);
        var fresh = await credential.RefreshAsync(before.AccessToken, CancellationToken.None);
        Assert.NotEqual(before.AccessToken, fresh);
        Assert.Equal(1, Hits);
        Assert.Equal(fresh, _s.Stored.AccessToken);
        Assert.Equal(0, _s.Server.State.ReuseDetections);
    }

    /// <summary>C15: olares-cli's login lands between our re-read and the invalidation stamp.</summary>
    [Fact]
    public async Task The_invalidation_marker_never_stamps_a_login_that_landed_meanwhile()
    {
        _store.BeforeMark = () => _s.Store.Set(new StoredToken { OlaresId = Alice, AccessToken = "AT-LOGIN", RefreshToken = "RT-LOGIN" });
        _s.Server.State.InjectFailure("refresh", 401, 1);
        Assert.Equal("AT-LOGIN", await NewCredential().RefreshAsync(_s.Stored.AccessToken, CancellationToken.None));
        Assert.Equal(1, _store.MarkInvalidatedCalls);
        Assert.Equal(0, _s.Stored.InvalidatedAt);
        Assert.Equal("AT-LOGIN", _s.Stored.AccessToken);
    }

    [Fact]
    public void The_token_cell_keeps_the_newest_grant()
    {
        var cell = new TokenCell();
        Assert.Equal("AT-2", cell.Offer("AT-2", 2000));
        Assert.Equal("AT-2", cell.Offer("AT-1", 1000));
        Assert.Equal("AT-2", cell.Offer("", 3000));
        Assert.Equal("AT-3", cell.Offer("AT-3", 3000));
        cell.Replace("AT-LOGIN", 10);
        Assert.Equal("AT-LOGIN", cell.Current);
        cell.Clear();
        Assert.Null(cell.Current);
    }

    /// <summary>C14: a command that read the store just before another runspace rotated the token cannot roll the cell back.</summary>
    [Fact]
    public async Task A_stale_store_read_does_not_roll_the_credential_back()
    {
        var credential = NewCredential();
        var old = _s.Stored;
        var fresh = await credential.RefreshAsync(old.AccessToken, CancellationToken.None);
        _store.GetOverride = _ => old;
        Assert.Equal(fresh, credential.RequireLogin());
        Assert.Equal(fresh, credential.CurrentToken);
    }

    [Fact]
    public async Task Concurrent_403s_on_a_token_granted_moments_ago_cost_no_rotation_and_surface_as_permission_denied()
    {
        var profile = _s.Alice;
        var session = new OlaresSession(NewCredential(), profile.Id, profile.Endpoints, false);
        session.Credential.RequireLogin();
        _s.Server.State.InjectFailure("api", 403, 50);
        var url = new Uri(profile.Endpoints.Desktop.AbsoluteUri.TrimEnd('/') + "/api/_test/echo");
        var calls = Enumerable.Range(0, 50).Select(_ => Assert.ThrowsAsync<OlaresPermissionDeniedException>(() => OlaresApi.GetJsonAsync(session, url, "echo", CancellationToken.None)));
        await Task.WhenAll(calls);
        Assert.Equal(0, Hits);
    }

    [Fact]
    public async Task A_403_burst_on_an_older_token_costs_one_rotation_in_all()
    {
        // A clock two minutes ahead: the stored token is no longer "just granted".
        var credential = NewCredential(new CredentialOptions { Clock = () => DateTimeOffset.UtcNow.AddMinutes(2) });
        var profile = _s.Alice;
        var session = new OlaresSession(credential, profile.Id, profile.Endpoints, false);
        credential.RequireLogin();
        _s.Server.State.RefreshLatencyMs = 100;
        _s.Server.State.InjectFailure("api", 403, 1000);
        var url = new Uri(profile.Endpoints.Desktop.AbsoluteUri.TrimEnd('/') + "/api/_test/echo");
        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Assert.ThrowsAsync<OlaresPermissionDeniedException>(() => OlaresApi.GetJsonAsync(session, url, "echo", CancellationToken.None))));
        for (var i = 0; i < 10; i++)
        {
            await Assert.ThrowsAsync<OlaresPermissionDeniedException>(() => OlaresApi.GetJsonAsync(session, url, "echo", CancellationToken.None));
        }

        Assert.Equal(1, Hits);
        Assert.Equal(0, _s.Server.State.ReuseDetections);
    }

    [Fact]
    public async Task An_expired_token_answered_with_403_still_refreshes_once_and_retries_once()
    {
        Assert.Equal(JwtExpiryState.HasExpiry, Jwt.TryGetExpiry(_s.Stored.AccessToken, out var exp));
        var credential = NewCredential(new CredentialOptions { Clock = () => exp.AddMinutes(1) });
        var profile = _s.Alice;
        var session = new OlaresSession(credential, profile.Id, profile.Endpoints, false);
        var old = credential.RequireLogin();
        _s.Server.State.InjectFailure("api", 403, 1);
        var url = new Uri(profile.Endpoints.Desktop.AbsoluteUri.TrimEnd('/') + "/api/_test/echo");
        using var doc = await OlaresApi.GetJsonAsync(session, url, "echo", CancellationToken.None);
        Assert.Equal(1, Hits);
        Assert.NotEqual(old, credential.CurrentToken);
        var echoes = _s.Server.State.Requests.Where(r => r.Path == "/desktop/api/_test/echo").ToList();
        Assert.Equal(2, echoes.Count);
    }

    /// <summary>An olares-cli logout (no lock) during our refresh: the rotated grant is not written back.</summary>
    [Fact]
    public async Task A_refresh_that_finishes_after_the_entry_was_deleted_does_not_resurrect_it()
    {
        _s.Server.State.RefreshLatencyMs = 800;
        var credential = NewCredential();
        var call = credential.RefreshAsync(_s.Stored.AccessToken, CancellationToken.None);
        await WaitFor(() => Hits == 1);
        _s.Store.Delete(Alice);
        await Assert.ThrowsAsync<OlaresNotLoggedInException>(() => call);
        Assert.Null(_s.Store.Get(Alice));
        Assert.False(credential.HasUnsavedGrant);
    }
}
