using Olares.Auth;
using Olares.Desktop;
using Olares.Errors;
using Olares.Profiles;
using Olares.Storage;
using Olares.Tests.TestSupport;
using Xunit;

namespace Olares.Tests.Auth;

/// <summary>
/// The credential serving a platform-issued identity inside an app container (olares-cli's refresher_managed_test.go
/// and managed_provider_test.go, ported, plus what olares-cli does not do): the refresh token always comes from the
/// mount and is never stored, fa2 is refused, a rejection is recorded and a re-issued credential recovers by itself.
/// </summary>
public sealed class ManagedCredentialTests : IAsyncLifetime
{
    private const string Alice = ManagedContainer.AliceId;
    private ManagedContainer _c = null!;

    public async Task InitializeAsync()
    {
        _c = await ManagedContainer.StartAsync();
        _c.UseEmulatorFor();
    }

    public async Task DisposeAsync() => await _c.DisposeAsync();

    private int RefreshCalls => _c.Server.State.RefreshCalls;

    private int ManagedRefreshes => _c.Server.State.ManagedRefreshes;

    /// <summary>One command: resolve the current profile and ask the server who we are.</summary>
    private async Task<string> WhoAmIAsync(OlaresContext? context = null)
    {
        var profile = (context ?? _c.NewContext()).ResolveProfile(null);
        var user = await DesktopClient.GetUserInfoAsync(profile.OpenSession(), CancellationToken.None);
        return user.Name;
    }

    private StoredToken? Stored(OlaresContext? context = null) => (context ?? _c.NewContext()).Tokens.Get(Alice);

    [Fact]
    public async Task The_first_command_exchanges_the_mounted_token_once_and_caches_only_the_access_token()
    {
        var rt = _c.Grant();
        Assert.Equal("alice", await WhoAmIAsync());
        Assert.Equal(1, RefreshCalls);
        Assert.Equal(1, ManagedRefreshes);
        var stored = Stored()!;
        Assert.True(stored.Managed);
        Assert.Null(stored.RefreshToken);
        Assert.False(string.IsNullOrEmpty(stored.AccessToken));
        Assert.All(_c.CacheFilesText(), text => Assert.DoesNotContain(rt, text));

        // The next command (a new process would do the same) uses the cached access token: no exchange.
        Assert.Equal("alice", await WhoAmIAsync());
        Assert.Equal(1, RefreshCalls);
    }

    [Fact]
    public async Task The_refresh_token_the_server_returns_is_dropped_and_the_mount_is_used_every_time()
    {
        _c.Grant();
        Assert.Equal("alice", await WhoAmIAsync());
        for (var i = 0; i < 3; i++)
        {
            _c.Server.State.ExpireAllAccessTokens();
            Assert.Equal("alice", await WhoAmIAsync());
        }

        // Had the returned (unaccepted) refresh token been used, the server would have answered 401 and nothing more.
        Assert.Equal(4, ManagedRefreshes);
        Assert.Equal(4, RefreshCalls);
        Assert.Null(Stored()!.RefreshToken);
    }

    [Fact]
    public async Task The_mounted_token_is_sent_even_when_the_store_still_holds_a_user_refresh_token()
    {
        _c.Grant();
        var context = _c.NewContext();
        var credential = context.ResolveProfile(Alice).Credential;
        // A user's login written after the takeover (e.g. by an older olares-cli): the managed credential ignores it.
        context.Tokens.Set(new StoredToken { OlaresId = Alice, AccessToken = "user-AT", RefreshToken = "user-RT" });
        var token = await credential.RefreshAsync(null, CancellationToken.None);
        Assert.Equal(1, ManagedRefreshes);
        var stored = Stored(context)!;
        Assert.Equal(token, stored.AccessToken);
        Assert.True(stored.Managed);
        Assert.Null(stored.RefreshToken);
    }

    [Fact]
    public async Task A_first_factor_grant_is_refused_and_nothing_is_stored()
    {
        _c.Grant(firstFactorOnly: true);
        var e = await Assert.ThrowsAsync<OlaresManagedFirstFactorException>(() => WhoAmIAsync());
        Assert.Equal(Alice, e.OlaresId);
        Assert.Contains("\"lares\"", e.Message);
        Assert.DoesNotContain("Connect-Olares", e.RecommendedAction);
        Assert.Null(Stored());
    }

    [Fact]
    public async Task A_rejected_credential_is_recorded_and_later_commands_fail_fast_without_the_network()
    {
        var rt = _c.Grant();
        Assert.Equal("alice", await WhoAmIAsync());
        _c.Server.State.RevokeManagedGrant(rt);
        _c.Server.State.ExpireAllAccessTokens();

        var e = await Assert.ThrowsAsync<OlaresTokenInvalidatedException>(() => WhoAmIAsync());
        Assert.True(e.IsManaged);
        Assert.Equal("lares", e.AppName);
        Assert.Contains("\"lares\"", e.Message);
        Assert.DoesNotContain("Connect-Olares", e.Message);
        Assert.DoesNotContain("Connect-Olares", e.RecommendedAction);
        var stored = Stored()!;
        Assert.True(stored.Managed);
        Assert.True(stored.InvalidatedAt > 0);
        Assert.Null(stored.RefreshToken);

        var calls = RefreshCalls;
        await Assert.ThrowsAsync<OlaresTokenInvalidatedException>(() => WhoAmIAsync());
        Assert.Throws<OlaresTokenInvalidatedException>(() => _c.NewContext().ResolveProfile(null).OpenSession());
        Assert.Equal(calls, RefreshCalls);
    }

    [Fact]
    public async Task A_rejection_on_a_fresh_container_records_a_managed_shell()
    {
        var rt = _c.Grant();
        _c.Server.State.RevokeManagedGrant(rt);
        await Assert.ThrowsAsync<OlaresTokenInvalidatedException>(() => WhoAmIAsync());
        var shell = Stored()!;
        Assert.True(shell.Managed);
        Assert.Equal(string.Empty, shell.AccessToken);
        Assert.True(shell.InvalidatedAt > 0);
        var state = _c.NewContext().ListProfiles(DateTimeOffset.UtcNow).Single();
        Assert.Equal(ProfileStatus.Invalidated, state.Status);
    }

    [Fact]
    public async Task A_credential_re_issued_into_the_mount_recovers_without_any_login()
    {
        var rt = _c.Grant();
        _c.Server.State.RevokeManagedGrant(rt);
        await Assert.ThrowsAsync<OlaresTokenInvalidatedException>(() => WhoAmIAsync());
        Assert.Equal(ProfileStatus.Invalidated, _c.NewContext().ListProfiles(DateTimeOffset.UtcNow).Single().Status);

        // app-service derives a new grant (repair/reinstall) and kubelet updates the mounted file in place.
        _c.Grant();
        var listed = _c.NewContext().ListProfiles(DateTimeOffset.UtcNow).Single();
        Assert.Equal(ProfileStatus.Invalidated, listed.Status);
        Assert.Contains("re-issued", listed.StatusDetail);
        Assert.Equal("alice", await WhoAmIAsync());
        var stored = Stored()!;
        Assert.Equal(0, stored.InvalidatedAt);
        Assert.False(string.IsNullOrEmpty(stored.AccessToken));
        Assert.Equal(ProfileStatus.LoggedIn, _c.NewContext().ListProfiles(DateTimeOffset.UtcNow).Single().Status);
    }

    [Fact]
    public async Task A_server_error_marks_nothing_and_the_next_command_succeeds()
    {
        _c.Grant();
        _c.Server.State.InjectFailure("refresh", 503);
        var e = await Assert.ThrowsAsync<OlaresRefreshFailedException>(() => WhoAmIAsync());
        Assert.DoesNotContain("Connect-Olares", e.RecommendedAction);
        Assert.Null(Stored());
        Assert.Equal(ProfileStatus.Pending, _c.NewContext().ListProfiles(DateTimeOffset.UtcNow).Single().Status);
        Assert.Equal("alice", await WhoAmIAsync());
    }

    [Fact]
    public async Task Without_a_mount_a_managed_profile_is_not_logged_in_and_no_request_is_made()
    {
        _c.Grant();
        _c.NewContext().ListProfiles(DateTimeOffset.UtcNow); // the import creates the managed profile
        var noMount = new OlaresContext(_c.EnvironmentWith(new Dictionary<string, string> { ["OLARES_CLI_CACHE_DIR"] = _c.CacheDir }));
        var e = Assert.Throws<OlaresNotLoggedInException>(() => noMount.ResolveProfile(Alice).OpenSession());
        Assert.True(e.IsManaged);
        Assert.Contains("not mounted", e.Message);
        Assert.DoesNotContain("Connect-Olares", e.Message + e.RecommendedAction);
        Assert.Equal(0, RefreshCalls);
    }

    [Fact]
    public async Task A_mount_for_another_user_does_not_serve_this_profile()
    {
        _c.Grant();
        _c.NewContext().ListProfiles(DateTimeOffset.UtcNow);
        // The pod is reused for bob: the mount now names another account.
        _c.Grant(user: "bob");
        var e = Assert.Throws<OlaresNotLoggedInException>(() => _c.NewContext().ResolveProfile(Alice).OpenSession());
        Assert.Contains("bob@olares.com", e.Message);
        Assert.Equal(0, RefreshCalls);
        await Task.CompletedTask;
    }

    [Fact]
    public async Task Fifty_concurrent_callers_on_a_stale_managed_token_cause_one_exchange()
    {
        _c.Grant();
        Assert.Equal("alice", await WhoAmIAsync());
        _c.Server.State.ExpireAllAccessTokens();
        _c.Server.State.RefreshLatencyMs = 50;
        _c.Server.State.Reset();
        var credential = _c.NewContext().ResolveProfile(null).Credential;
        var stale = Stored()!.AccessToken;
        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(() => credential.RefreshAsync(stale, CancellationToken.None))));
        Assert.Equal(1, RefreshCalls);
        Assert.Single(results.Distinct());
        Assert.Equal(Stored()!.AccessToken, results[0]);
    }

    [Fact]
    public async Task Separate_credentials_in_one_process_share_the_file_lock_on_a_cold_start()
    {
        _c.Grant();
        _c.Server.State.RefreshLatencyMs = 50;
        var context = _c.NewContext();
        var profile = context.ResolveProfile(null);
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
        {
            // Two copies of the module (two load contexts) have separate credentials over one store and lock.
            var credential = new OlaresCredential(context.Home, context.Tokens, Alice);
            credential.UseAuthEndpoint(profile.Endpoints.Auth, false);
            credential.UseManagedSource(new ManagedSource(context.ManagedMount, "lares"));
            return credential.RefreshAsync(null, CancellationToken.None);
        })));
        Assert.Equal(1, RefreshCalls);
        Assert.Single(results.Distinct());
    }

    [Fact]
    public async Task A_store_that_refuses_writes_does_not_fail_the_exchange()
    {
        _c.Grant();
        var context = _c.NewContext();
        var profile = context.ResolveProfile(null);
        var store = new CountingTokenStore(context.Tokens) { FailNextSets = 100 };
        var credential = new OlaresCredential(context.Home, store, Alice);
        credential.UseAuthEndpoint(profile.Endpoints.Auth, false);
        credential.UseManagedSource(new ManagedSource(context.ManagedMount, "lares"));
        var log = new CapturingLog();
        OlaresLog.Current = log;
        var first = await credential.RefreshAsync(null, CancellationToken.None);
        Assert.Contains(log.Warnings, w => w.Contains("in memory"));
        Assert.Null(context.Tokens.Get(Alice));
        Assert.Equal(first, credential.RequireLogin());

        // The kept token rejected later: a new exchange, not the kept token handed back again.
        var second = await credential.RefreshAsync(first, CancellationToken.None);
        Assert.NotEqual(first, second);
        Assert.Equal(2, ManagedRefreshes);
    }

    [Fact]
    public async Task An_unreadable_stored_entry_is_replaced_rather_than_fatal()
    {
        _c.Grant();
        Assert.Equal("alice", await WhoAmIAsync());
        var entry = Directory.GetFiles(Path.Combine(_c.CacheDir, "keychain", "olares-cli"), "*.enc").Single();
        File.WriteAllBytes(entry, new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30 });
        Assert.Throws<OlaresTokenStoreException>(() => _c.NewContext().Tokens.Get(Alice));
        Assert.Equal(ProfileStatus.Pending, _c.NewContext().ListProfiles(DateTimeOffset.UtcNow).Single().Status);
        _c.Server.State.ExpireAllAccessTokens();
        Assert.Equal("alice", await WhoAmIAsync());
        Assert.True(Stored()!.Managed);
        Assert.Equal(2, ManagedRefreshes);
    }

    [Fact]
    public async Task Login_import_and_logout_are_refused_by_a_managed_credential()
    {
        _c.Grant();
        var credential = _c.NewContext().ResolveProfile(null).Credential;
        Assert.True(credential.IsManaged);
        var login = await Assert.ThrowsAsync<OlaresManagedProfileException>(() => credential.StoreLoginAsync(new TokenGrant("AT", "RT", null, false), CancellationToken.None));
        Assert.StartsWith("Cannot log in as alice@olares.com: its credential is issued by the platform for application \"lares\"", login.Message);
        var import = await Assert.ThrowsAsync<OlaresManagedProfileException>(() => credential.ImportAsync("RT", CancellationToken.None));
        Assert.Contains("import credentials for", import.Message);
        Assert.Throws<OlaresManagedProfileException>(() => { _ = credential.RemoveAsync(CancellationToken.None); });
        Assert.Equal(0, RefreshCalls);
    }

    [Fact]
    public async Task A_config_dir_where_no_lock_can_be_created_still_refreshes_with_a_temp_lock()
    {
        _c.Grant();
        var context = _c.NewContext();
        var profile = context.ResolveProfile(null);
        var blocker = Path.Combine(_c.Root, "blocker");
        File.WriteAllText(blocker, "a file where the config dir should be");
        var credential = new OlaresCredential(Path.Combine(blocker, "config"), context.Tokens, Alice);
        credential.UseAuthEndpoint(profile.Endpoints.Auth, false);
        credential.UseManagedSource(new ManagedSource(context.ManagedMount, "lares"));
        var token = await credential.RefreshAsync(null, CancellationToken.None);
        Assert.Equal(token, context.Tokens.Get(Alice)!.AccessToken);
        var fallback = Path.Combine(Olares.Configuration.CacheDirectory.Fallback(Path.GetTempPath(), Olares.Platform.OlaresEnvironment.ProcessUserId()), "locks", Alice + ".refresh.lock");
        Assert.True(File.Exists(fallback));
    }
}
