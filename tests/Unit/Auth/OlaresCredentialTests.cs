using System.Diagnostics;
using Olares.Auth;
using Olares.Emulator;
using Olares.Errors;
using Olares.Locking;
using Olares.Storage;
using Olares.Tests.TestSupport;
using Xunit;

namespace Olares.Tests.Auth;

/// <summary>
/// The credential's refresh: olares-cli's refresher_test.go (protocol §9.2), ported, plus the transaction's
/// cancellation and failure rules. The other writes (login, import, logout, unsaved grants, storms) are in
/// OlaresCredentialWriteTests.
/// </summary>
public sealed class OlaresCredentialTests : IAsyncLifetime
{
    private const string Alice = LoggedInServer.AliceId;
    private LoggedInServer _s = null!;
    private CountingTokenStore _store = null!;

    public async Task InitializeAsync()
    {
        var options = new EmulatorOptions();
        options.Users.Add(new EmulatorUser { Name = "bob", Password = "S3cret!" });
        _s = await LoggedInServer.StartAsync(options);
        _store = new CountingTokenStore(_s.Store);
    }

    public async Task DisposeAsync() => await _s.DisposeAsync();

    private OlaresCredential NewCredential(CredentialOptions? options = null) => _s.NewCredential(_store, options);

    private int Hits => _s.Server.State.RefreshCalls;

    [Fact]
    public async Task Happy_path_rotates_both_tokens_and_persists_them()
    {
        var before = _s.Stored;
        var fresh = await NewCredential().RefreshAsync(before.AccessToken, CancellationToken.None);
        Assert.NotEqual(before.AccessToken, fresh);
        Assert.Equal(1, Hits);
        Assert.Equal(1, _store.Sets);
        var after = _s.Stored;
        Assert.Equal(fresh, after.AccessToken);
        Assert.NotEqual(before.RefreshToken, after.RefreshToken);
        Assert.Equal(0, after.InvalidatedAt);
    }

    [Fact]
    public async Task Already_fresh_short_circuits_without_network()
    {
        var stored = _s.Stored.AccessToken;
        var got = await NewCredential().RefreshAsync("old-AT", CancellationToken.None);
        Assert.Equal(stored, got);
        Assert.Equal(0, Hits);
    }

    [Theory]
    [InlineData(401)]
    [InlineData(403)]
    [InlineData(459)]
    public async Task Unauthorized_marks_the_grant_invalidated(int status)
    {
        _s.Server.State.InjectFailure("refresh", status, 1);
        var e = await Assert.ThrowsAsync<OlaresTokenInvalidatedException>(() => NewCredential().RefreshAsync(_s.Stored.AccessToken, CancellationToken.None));
        Assert.Equal(Alice, e.OlaresId);
        Assert.Equal(1, _store.MarkInvalidatedCalls);
        Assert.True(_s.Stored.InvalidatedAt > 0);
        Assert.Equal("Connect-Olares -OlaresId " + Alice, e.RecommendedAction);
    }

    [Fact]
    public async Task Already_invalidated_fails_fast_with_no_network()
    {
        _s.Store.MarkInvalidated(Alice, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        await Assert.ThrowsAsync<OlaresTokenInvalidatedException>(() => NewCredential().RefreshAsync(_s.Stored.AccessToken, CancellationToken.None));
        Assert.Equal(0, Hits);
    }

    [Fact]
    public async Task Not_logged_in_fails_fast_with_no_network_and_no_lock_file()
    {
        const string nobody = "nobody@olares.com";
        var r = _s.NewCredential(_store, id: nobody);
        var e = await Assert.ThrowsAsync<OlaresNotLoggedInException>(() => r.RefreshAsync("AT", CancellationToken.None));
        Assert.Equal(nobody, e.OlaresId);
        Assert.Equal(0, Hits);
        Assert.False(File.Exists(r.LockPath));
    }

    [Fact]
    public async Task Empty_refresh_token_is_not_logged_in()
    {
        var at = _s.Stored.AccessToken;
        _s.Store.Set(new StoredToken { OlaresId = Alice, AccessToken = at });
        await Assert.ThrowsAsync<OlaresNotLoggedInException>(() => NewCredential().RefreshAsync(at, CancellationToken.None));
        Assert.Equal(0, Hits);
    }

    [Fact]
    public async Task Fifty_concurrent_callers_cause_exactly_one_refresh()
    {
        _s.Server.State.RefreshLatencyMs = 50;
        var stale = _s.Stored.AccessToken;
        var r = NewCredential();
        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(() => r.RefreshAsync(stale, CancellationToken.None))));
        Assert.Equal(1, Hits);
        Assert.All(results, t => Assert.Equal(_s.Stored.AccessToken, t));
        Assert.Equal(0, _s.Server.State.ReuseDetections);
    }

    /// <summary>Two copies of the module (two load contexts, two versions) have separate credentials: the file lock arbitrates.</summary>
    [Fact]
    public async Task Separate_credential_instances_in_one_process_still_single_flight()
    {
        _s.Server.State.RefreshLatencyMs = 50;
        var stale = _s.Stored.AccessToken;
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => NewCredential().RefreshAsync(stale, CancellationToken.None))));
        Assert.Equal(1, Hits);
        Assert.Single(results.Distinct());
    }

    [Fact]
    public async Task A_failed_invalidation_marker_still_surfaces_the_typed_error_with_a_warning()
    {
        _store.FailNextMarks = 1;
        _s.Server.State.InjectFailure("refresh", 401, 1);
        var log = new CapturingLog();
        OlaresLog.Current = log;
        var e = await Assert.ThrowsAsync<OlaresTokenInvalidatedException>(() => NewCredential().RefreshAsync(_s.Stored.AccessToken, CancellationToken.None));
        Assert.Equal(Alice, e.OlaresId);
        Assert.Contains(log.Warnings, w => w.Contains("will try the refresh again"));
        Assert.Equal(0, _s.Stored.InvalidatedAt);
    }

    [Theory]
    [InlineData(500, "status", null)]
    [InlineData(502, "status", null)]
    [InlineData(200, "html", null)]
    [InlineData(200, "truncated", null)]
    [InlineData(200, "status", "{\"status\":\"FAIL\",\"message\":\"oops\"}")]
    [InlineData(200, "status", "{\"status\":\"OK\",\"data\":{\"access_token\":\"\"}}")]
    public async Task Transient_failures_propagate_typed_and_mark_nothing(int status, string kind, string? body)
    {
        _s.Server.State.InjectFailure("refresh", status, 1, kind, body);
        var e = await Assert.ThrowsAsync<OlaresRefreshFailedException>(() => NewCredential().RefreshAsync(_s.Stored.AccessToken, CancellationToken.None));
        Assert.True(e.IsRetryable);
        Assert.Equal(0, _store.MarkInvalidatedCalls);
        Assert.Equal(0, _s.Stored.InvalidatedAt);
        // The grant is intact: the next attempt works.
        await NewCredential().RefreshAsync(_s.Stored.AccessToken, CancellationToken.None);
    }

    /// <summary>S1: a WAF, a proxy or a captive portal answering /api/refresh with its own page is no verdict on the grant.</summary>
    [Theory]
    [InlineData(403, "html", null)]
    [InlineData(401, "html", null)]
    [InlineData(459, "status", "Forbidden by policy")]
    public async Task An_auth_status_on_a_page_that_is_not_the_auth_services_answer_is_transient(int status, string kind, string? body)
    {
        _s.Server.State.InjectFailure("refresh", status, 1, kind, body);
        var e = await Assert.ThrowsAsync<OlaresRefreshFailedException>(() => NewCredential().RefreshAsync(_s.Stored.AccessToken, CancellationToken.None));
        Assert.True(e.IsRetryable);
        Assert.Equal(0, _store.MarkInvalidatedCalls);
        Assert.Equal(0, _s.Stored.InvalidatedAt);
    }

    /// <summary>Torture #9: two identities refresh in parallel, and one that hangs does not hold up the other.</summary>
    [Fact]
    public async Task Two_identities_refresh_independently_and_one_slow_one_does_not_block_the_other()
    {
        await _s.LoginAsync("bob", "S3cret!");
        var bob = _s.NewCredential(_store, id: "bob@olares.com");
        var alice = NewCredential();
        _s.Server.State.RefreshLatencyMs = 3000;
        var slow = alice.RefreshAsync(_s.Stored.AccessToken, CancellationToken.None);
        while (Hits == 0) await Task.Delay(10);
        _s.Server.State.RefreshLatencyMs = 0;
        var watch = Stopwatch.StartNew();
        var bobFresh = await bob.RefreshAsync(_s.Store.Get("bob@olares.com")!.AccessToken, CancellationToken.None);
        Assert.True(watch.ElapsedMilliseconds < 2000, watch.ElapsedMilliseconds + " ms");
        Assert.False(slow.IsCompleted);
        Assert.Equal(bobFresh, _s.Store.Get("bob@olares.com")!.AccessToken);
        var aliceFresh = await slow;
        Assert.Equal(_s.Stored.AccessToken, aliceFresh);
        Assert.Equal(0, _s.Server.State.ReuseDetections);
    }

    [Fact]
    public async Task A_response_without_refresh_token_keeps_the_old_one()
    {
        var rt = _s.Stored.RefreshToken;
        _s.Server.State.InjectFailure("refresh", 200, 1, "status", "{\"status\":\"OK\",\"data\":{\"access_token\":\"AT-NEW\",\"session_id\":\"S9\"}}");
        var got = await NewCredential().RefreshAsync(_s.Stored.AccessToken, CancellationToken.None);
        Assert.Equal("AT-NEW", got);
        Assert.Equal(rt, _s.Stored.RefreshToken);
        Assert.Equal("S9", _s.Stored.SessionId);
    }

    [Fact]
    public async Task Lock_timeout_fails_closed_with_a_retryable_error_naming_the_lock()
    {
        var r = NewCredential(new CredentialOptions { LockTimeout = TimeSpan.FromMilliseconds(300) });
        using var held = FileLock.TryAcquire(r.LockPath);
        var e = await Assert.ThrowsAsync<OlaresRefreshLockTimeoutException>(() => r.RefreshAsync(_s.Stored.AccessToken, CancellationToken.None));
        Assert.Equal(r.LockPath, e.LockPath);
        Assert.True(e.IsRetryable);
        Assert.Contains(e.LockPath, e.Message);
        Assert.Equal(0, Hits);
    }

    [Fact]
    public async Task Cancelling_while_waiting_for_the_lock_returns_promptly_and_sends_nothing()
    {
        var r = NewCredential();
        using var held = FileLock.TryAcquire(r.LockPath);
        using var cts = new CancellationTokenSource(150);
        var watch = Stopwatch.StartNew();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => r.RefreshAsync(_s.Stored.AccessToken, cts.Token));
        Assert.True(watch.ElapsedMilliseconds < 1500, watch.ElapsedMilliseconds + " ms");
        await Task.Delay(300);
        Assert.Equal(0, Hits);
    }

    [Fact]
    public async Task Once_the_post_is_sent_cancelling_returns_promptly_but_the_refresh_still_persists()
    {
        _s.Server.State.RefreshLatencyMs = 1500;
        var before = _s.Stored;
        using var cts = new CancellationTokenSource();
        var call = NewCredential().RefreshAsync(before.AccessToken, cts.Token);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (Hits == 0 && DateTime.UtcNow < deadline) await Task.Delay(10);
        Assert.Equal(1, Hits);
        var watch = Stopwatch.StartNew();
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.True(watch.ElapsedMilliseconds < 1000, watch.ElapsedMilliseconds + " ms");
        while (_s.Stored.RefreshToken == before.RefreshToken && DateTime.UtcNow < deadline) await Task.Delay(20);
        Assert.NotEqual(before.RefreshToken, _s.Stored.RefreshToken);
        // The spent refresh token was replaced in time: the next rotation is clean, no reuse.
        await NewCredential().RefreshAsync(_s.Stored.AccessToken, CancellationToken.None);
        Assert.Equal(0, _s.Server.State.ReuseDetections);
    }

    [Fact]
    public async Task A_refresh_that_cannot_be_saved_is_kept_in_memory_and_saved_before_the_next_post()
    {
        var log = new CapturingLog();
        OlaresLog.Current = log;
        var before = _s.Stored;
        _store.FailNextSets = 3;
        var credential = NewCredential();
        var first = await credential.RefreshAsync(before.AccessToken, CancellationToken.None);
        Assert.NotEqual(before.AccessToken, first);
        Assert.Equal(before.AccessToken, _s.Stored.AccessToken);
        Assert.Contains(log.Warnings, w => w.Contains("kept in memory"));
        // A caller still holding the old token gets the unsaved one, and the store catches up; no POST.
        var again = await credential.RefreshAsync(before.AccessToken, CancellationToken.None);
        Assert.Equal(first, again);
        Assert.Equal(1, Hits);
        Assert.Equal(first, _s.Stored.AccessToken);
        Assert.False(credential.HasUnsavedGrant);
        // And the next rotation uses the saved (unspent) refresh token: no reuse detected.
        await credential.RefreshAsync(first, CancellationToken.None);
        Assert.Equal(0, _s.Server.State.ReuseDetections);
        Assert.Equal(2, Hits);
    }

    [Fact]
    public async Task A_refresh_rejected_after_a_new_login_landed_adopts_the_login()
    {
        var old = _s.Stored;
        _s.Server.State.RefreshLatencyMs = 500;
        _s.Server.State.InjectFailure("refresh", 401, 1);
        var call = NewCredential().RefreshAsync(old.AccessToken, CancellationToken.None);
        while (Hits == 0) await Task.Delay(10);
        // A login lands while the doomed refresh is in flight.
        _s.Store.Set(new StoredToken { OlaresId = Alice, AccessToken = "AT-LOGIN", RefreshToken = "RT-LOGIN" });
        Assert.Equal("AT-LOGIN", await call);
        Assert.Equal(0, _s.Stored.InvalidatedAt);
    }

    /// <summary>Torture #4: the leader is cancelled mid-POST; the refresh still lands and the waiters get its token.</summary>
    [Fact]
    public async Task A_leader_cancelled_mid_post_still_serves_its_waiters()
    {
        _s.Server.State.RefreshLatencyMs = 1000;
        var stale = _s.Stored.AccessToken;
        var credential = NewCredential();
        using var cts = new CancellationTokenSource();
        var leader = credential.RefreshAsync(stale, cts.Token);
        while (Hits == 0) await Task.Delay(10);
        var waiters = Enumerable.Range(0, 5).Select(_ => credential.RefreshAsync(stale, CancellationToken.None)).ToList();
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => leader);
        var got = await Task.WhenAll(waiters);
        Assert.All(got, t => Assert.Equal(_s.Stored.AccessToken, t));
        Assert.NotEqual(stale, got[0]);
        Assert.Equal(1, Hits);
    }

    /// <summary>Torture #5: a waiter that gives up gets its cancellation alone; the leader and the others are unaffected.</summary>
    [Fact]
    public async Task A_cancelled_waiter_does_not_disturb_the_leader()
    {
        _s.Server.State.RefreshLatencyMs = 800;
        var stale = _s.Stored.AccessToken;
        var credential = NewCredential();
        var leader = credential.RefreshAsync(stale, CancellationToken.None);
        while (Hits == 0) await Task.Delay(10);
        using var cts = new CancellationTokenSource();
        var quitter = credential.RefreshAsync(stale, cts.Token);
        var patient = credential.RefreshAsync(stale, CancellationToken.None);
        var watch = Stopwatch.StartNew();
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => quitter);
        Assert.True(watch.ElapsedMilliseconds < 500, watch.ElapsedMilliseconds + " ms");
        var fresh = await leader;
        Assert.Equal(fresh, await patient);
        Assert.Equal(fresh, _s.Stored.AccessToken);
        Assert.Equal(1, Hits);
    }

    /// <summary>
    /// Torture #8: /api/refresh does not answer. The attempt ends at its bound with a typed error that does not promise
    /// the login is fine (the server may have spent the token), marks nothing, and leaves the gate free.
    /// </summary>
    [Fact]
    public async Task A_hung_refresh_endpoint_fails_at_its_bound_and_releases_the_gate()
    {
        _s.Server.State.RefreshLatencyMs = 1500;
        var credential = NewCredential(new CredentialOptions { RefreshTimeout = TimeSpan.FromMilliseconds(300) });
        var watch = Stopwatch.StartNew();
        var e = await Assert.ThrowsAsync<OlaresRefreshFailedException>(() => credential.RefreshAsync(_s.Stored.AccessToken, CancellationToken.None));
        Assert.True(watch.ElapsedMilliseconds < 1400, watch.ElapsedMilliseconds + " ms");
        Assert.Contains("may have rotated", e.Message);
        Assert.Equal(0, _s.Stored.InvalidatedAt);
        Assert.Equal(0, _store.MarkInvalidatedCalls);
        // The gate is free at once: the next attempt is sent without waiting for the hung one.
        var next = credential.RefreshAsync(_s.Stored.AccessToken, CancellationToken.None);
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (Hits < 2 && DateTime.UtcNow < deadline) await Task.Delay(10);
        Assert.Equal(2, Hits);
        try { await next; } catch (OlaresException) { }
    }

    /// <summary>Torture #23: a symlink planted at the lock path is refused with a typed error naming the lock; nothing is sent.</summary>
    [Fact]
    public async Task A_symlink_planted_at_the_lock_path_is_a_typed_refusal()
    {
        if (OperatingSystem.IsWindows()) return;
        var credential = NewCredential();
        Directory.CreateDirectory(Path.GetDirectoryName(credential.LockPath)!);
        File.Delete(credential.LockPath);
        File.CreateSymbolicLink(credential.LockPath, Path.Combine(_s.Root, "elsewhere"));
        var e = await Assert.ThrowsAsync<OlaresRefreshLockFailedException>(() => credential.RefreshAsync(_s.Stored.AccessToken, CancellationToken.None));
        Assert.Equal(credential.LockPath, e.LockPath);
        Assert.Contains("symlink", e.RecommendedAction);
        Assert.Equal(0, Hits);
        Assert.False(File.Exists(Path.Combine(_s.Root, "elsewhere")));
    }

    /// <summary>
    /// Torture #34: the local clock 10 minutes ahead of the server's (or behind it), held over ten simulated minutes of
    /// one-shot requests. Counting expiry from exp on the local clock would refresh before every request (ahead) or
    /// send tokens the server already counts as expired (behind); counted from receipt, it is one refresh per lifetime.
    /// </summary>
    [Theory]
    [InlineData(10)]
    [InlineData(-10)]
    public async Task A_skewed_local_clock_neither_refreshes_every_request_nor_sends_expired_tokens(int localAheadMinutes)
    {
        var state = _s.Server.State;
        state.TokenLifetimeSeconds = 300;
        state.Clock.Advance(TimeSpan.FromMinutes(-localAheadMinutes));
        var elapsed = TimeSpan.Zero;
        var credential = NewCredential(new CredentialOptions { Clock = () => DateTimeOffset.UtcNow + elapsed });
        await credential.RefreshAsync(_s.Stored.AccessToken, CancellationToken.None);
        var before = Hits;
        await SendOneShotsAsync(credential, step => elapsed += step, 60, TimeSpan.FromSeconds(10));

        // 600 s of requests on 300 s tokens refreshed 60 s before they end: at 240 s and 480 s.
        Assert.InRange(Hits - before, 2, 3);
    }

    /// <summary>
    /// Torture #6: ten simulated minutes of callers asking once a second while the auth service answers 503. Every
    /// caller gets the retryable typed error and nothing is invalidated, but the POSTs are spaced out (1 s, 2 s, ...
    /// 30 s, jittered) instead of one per caller; the first answer after the outage is a normal refresh.
    /// </summary>
    [Fact]
    public async Task A_failing_auth_service_is_retried_with_growing_spacing_not_once_per_caller()
    {
        const int seconds = 600;
        _s.Server.State.InjectFailure("refresh", 503, 400);
        var elapsed = TimeSpan.Zero;
        var credential = NewCredential(new CredentialOptions { Clock = () => DateTimeOffset.UtcNow + elapsed });
        var stale = _s.Stored.AccessToken;
        var failed = 0;
        for (var i = 0; i < seconds; i++)
        {
            var e = await Assert.ThrowsAsync<OlaresRefreshFailedException>(() => credential.RefreshAsync(stale, CancellationToken.None));
            Assert.True(e.IsRetryable);
            failed++;
            elapsed += TimeSpan.FromSeconds(1);
        }

        Assert.Equal(seconds, failed);
        Assert.Equal(0, _s.Stored.InvalidatedAt);
        // 1+1+1+2+4+8+16 s for the first seven, then one per 15-30 s: at most about 45 in 600 s, and still trying.
        Assert.InRange(Hits, 20, 50);

        // The outage ends: once the spacing has passed, the next caller refreshes.
        _s.Server.State.Reinitialize(new EmulatorOptions { Users = { new EmulatorUser { Name = "bob", Password = "S3cret!" } } });
        await _s.LoginAsync("alice", "Passw0rd!");
        elapsed += RefreshBackoff.Longest;
        var before = _s.Server.State.RefreshCalls;
        var fresh = await credential.RefreshAsync(_s.Stored.AccessToken, CancellationToken.None);
        Assert.Equal(before + 1, _s.Server.State.RefreshCalls);
        Assert.Equal(fresh, _s.Stored.AccessToken);
    }

    /// <summary>Torture #6, the other half: ahead of expiry, a failing auth service does not stop a one-shot request.</summary>
    [Fact]
    public async Task A_token_still_valid_keeps_flowing_while_the_auth_service_fails()
    {
        var token = _s.Stored.AccessToken;
        Jwt.TryGetExpiry(token, out var exp);
        var now = exp.AddSeconds(-30);
        var credential = NewCredential(new CredentialOptions { Clock = () => now });
        _s.Server.State.InjectFailure("refresh", 503, 1);
        Assert.Equal(token, await credential.GetTokenAsync(bodyCanBeResent: false, CancellationToken.None));
        Assert.Equal(1, Hits);

        now = exp.AddSeconds(1);
        _s.Server.State.InjectFailure("refresh", 503, 1);
        await Assert.ThrowsAsync<OlaresRefreshFailedException>(() => credential.GetTokenAsync(bodyCanBeResent: false, CancellationToken.None));
        Assert.Equal(2, Hits);
    }

    /// <summary>
    /// Torture #35: 5-second tokens and a one-shot request every half second for a simulated minute. The margin
    /// scales to half the lifetime, so each token serves about 2.5 s: about 24 refreshes for 120 requests, never one
    /// per request, and no request carries a token the server counts as expired.
    /// </summary>
    [Fact]
    public async Task Very_short_lifetimes_scale_the_margin_and_bound_the_refreshes()
    {
        var state = _s.Server.State;
        state.TokenLifetimeSeconds = 5;
        var elapsed = TimeSpan.Zero;
        var credential = NewCredential(new CredentialOptions { Clock = () => DateTimeOffset.UtcNow + elapsed });
        await credential.RefreshAsync(_s.Stored.AccessToken, CancellationToken.None);
        var before = Hits;
        await SendOneShotsAsync(credential, step => elapsed += step, 120, TimeSpan.FromMilliseconds(500));

        Assert.InRange(Hits - before, 18, 30);
    }

    /// <summary>
    /// Torture #24: the lock folder cannot be made (a file sits where it should be, as a read-only or full volume
    /// would refuse it): a typed refusal naming the lock, nothing sent, the stored grant untouched.
    /// </summary>
    [Fact]
    public async Task A_lock_folder_that_cannot_be_made_is_a_typed_refusal_and_sends_nothing()
    {
        var credential = NewCredential();
        var folder = Path.GetDirectoryName(credential.LockPath)!;
        if (Directory.Exists(folder)) Directory.Delete(folder, true);
        File.WriteAllText(folder, "not a folder");
        var before = _s.Stored;
        var e = await Assert.ThrowsAsync<OlaresRefreshLockFailedException>(() => credential.RefreshAsync(before.AccessToken, CancellationToken.None));
        Assert.Equal(credential.LockPath, e.LockPath);
        Assert.Contains(credential.LockPath, e.Message);
        Assert.Equal(0, Hits);
        Assert.Equal(before.RefreshToken, _s.Stored.RefreshToken);
        Assert.Equal(0, _s.Stored.InvalidatedAt);
    }

    /// <summary>
    /// <paramref name="count"/> one-shot requests, one per <paramref name="step"/> of the local clock (moved by
    /// <paramref name="advanceLocal"/>) and the server's alike; none may carry a token the server counts as expired.
    /// </summary>
    private async Task SendOneShotsAsync(OlaresCredential credential, Action<TimeSpan> advanceLocal, int count, TimeSpan step)
    {
        var state = _s.Server.State;
        for (var i = 0; i < count; i++)
        {
            var token = await credential.GetTokenAsync(bodyCanBeResent: false, CancellationToken.None);
            Assert.Equal(JwtExpiryState.HasExpiry, Jwt.TryGetExpiry(token, out var exp));
            Assert.True(exp > state.Clock.UtcNow, "request " + i + " would carry a token the server counts as expired");
            advanceLocal(step);
            state.Clock.Advance(step);
        }
    }
}
