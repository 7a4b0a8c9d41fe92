using Olares.Auth;
using Olares.Configuration;
using Olares.Desktop;
using Olares.Errors;
using Olares.Identity;
using Olares.Locking;
using Olares.Platform;
using Olares.Profiles;
using Olares.Storage;
using Olares.Tests.TestSupport;
using Xunit;

namespace Olares.Tests.Profiles;

/// <summary>Logins and imports go through the identity's credential: saved first, under the refresh lock, never burnt.</summary>
public sealed class LoginServiceTests : IAsyncLifetime
{
    private const string Alice = LoggedInServer.AliceId;
    private LoggedInServer _s = null!;
    private string _otherRoot = null!;
    private OlaresContext _other = null!;

    public async Task InitializeAsync()
    {
        _s = await LoggedInServer.StartAsync();
        _otherRoot = Path.Combine(Path.GetTempPath(), "olares-test-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_otherRoot);
        _other = new OlaresContext(LoggedInServer.EnvironmentFor(_otherRoot));
    }

    public async Task DisposeAsync()
    {
        await _s.DisposeAsync();
        try { Directory.Delete(_otherRoot, true); } catch (IOException) { }
    }

    private int Hits => _s.Server.State.RefreshCalls;

    /// <summary>A grant alice holds elsewhere (another machine's olares-cli), to be imported into the other config dir.</summary>
    private string TakeRefreshToken()
    {
        var rt = _s.Stored.RefreshToken!;
        _s.Store.Delete(Alice);
        return rt;
    }

    private LoginRequest Import(string refreshToken) => new(OlaresId.Parse(Alice))
    {
        RefreshToken = LoggedInServer.Secure(refreshToken),
        ServiceUrlTemplate = _s.Server.ServiceUrlTemplate,
    };

    /// <summary>The imported login works: it refreshes with its own (unspent) refresh token.</summary>
    private async Task AssertImportedLoginWorks()
    {
        var stored = _other.Tokens.Get(Alice)!;
        var profile = _other.ResolveProfile(Alice);
        _s.Server.State.ExpireAllAccessTokens();
        var user = await DesktopClient.GetUserInfoAsync(profile.OpenSession(), CancellationToken.None);
        Assert.Equal("alice", user.Name);
        Assert.NotEqual(stored.RefreshToken, _other.Tokens.Get(Alice)!.RefreshToken);
        Assert.Equal(0, _s.Server.State.ReuseDetections);
    }

    [Fact]
    public async Task An_import_whose_user_check_fails_keeps_the_rotated_grant_and_warns()
    {
        var rt = TakeRefreshToken();
        _s.Server.State.InjectFailure("user-info", 500, 1);
        var log = new CapturingLog();
        OlaresLog.Current = log;
        LoginResult result;
        try
        {
            result = await new LoginService(_other).LoginAsync(Import(rt), CancellationToken.None);
        }
        finally
        {
            OlaresLog.Current = null;
        }

        Assert.Null(result.User);
        Assert.Contains(log.Warnings, w => w.Contains("Logged in, but"));
        Assert.NotNull(_other.Config.Load().FindProfile(Alice));
        Assert.NotEqual(rt, _other.Tokens.Get(Alice)!.RefreshToken);
        Assert.Equal(1, Hits);
        await AssertImportedLoginWorks();
    }

    [Fact]
    public async Task An_import_stopped_after_its_request_was_sent_still_saves_the_grant_and_the_profile()
    {
        var rt = TakeRefreshToken();
        _s.Server.State.RefreshLatencyMs = 1500;
        using var cts = new CancellationTokenSource();
        var call = new LoginService(_other).LoginAsync(Import(rt), cts.Token);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (Hits == 0 && DateTime.UtcNow < deadline) await Task.Delay(10);
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        while ((_other.Tokens.Get(Alice) == null || _other.Config.Load().FindProfile(Alice) == null) && DateTime.UtcNow < deadline) await Task.Delay(20);
        Assert.NotNull(_other.Config.Load().FindProfile(Alice));
        _s.Server.State.RefreshLatencyMs = 0;
        await AssertImportedLoginWorks();
    }

    [Fact]
    public async Task An_import_waits_for_the_refresh_lock_before_it_spends_the_token()
    {
        var rt = TakeRefreshToken();
        var held = FileLock.TryAcquire(ConfigPaths.RefreshLockPath(_other.Home, Alice))!;
        var call = new LoginService(_other).LoginAsync(Import(rt), CancellationToken.None);
        await Task.Delay(400);
        Assert.Equal(0, Hits);
        Assert.False(call.IsCompleted);
        held.Dispose();
        await call;
        Assert.Equal(1, Hits);
        await AssertImportedLoginWorks();
    }

    [Fact]
    public async Task A_rejected_import_writes_nothing()
    {
        var e = await Assert.ThrowsAsync<OlaresLoginFailedException>(() => new LoginService(_other).LoginAsync(Import("not-a-token"), CancellationToken.None));
        Assert.Contains("rejected", e.Message);
        Assert.Null(_other.Tokens.Get(Alice));
        Assert.Empty(_other.Config.Load().Profiles);
    }

    [Fact]
    public async Task A_password_login_is_saved_even_when_the_user_check_fails()
    {
        _s.Server.State.InjectFailure("user-info", 503, 1);
        var result = await new LoginService(_other).LoginAsync(new LoginRequest(OlaresId.Parse(Alice))
        {
            Password = LoggedInServer.Secure("Passw0rd!"),
            ServiceUrlTemplate = _s.Server.ServiceUrlTemplate,
        }, CancellationToken.None);
        Assert.Null(result.User);
        Assert.True(result.IsCurrent);
        Assert.NotNull(_other.Tokens.Get(Alice));
        Assert.Equal("alice", (await DesktopClient.GetUserInfoAsync(_other.OpenSession(null), CancellationToken.None)).Name);
    }

    /// <summary>S2: a profile olares-cli saved as a bare name uses that spelling for its token, its lock and its refresh.</summary>
    [Fact]
    public async Task A_profile_saved_with_a_bare_name_refreshes_under_that_name()
    {
        var entry = _s.Stored;
        _s.Context.Config.Update(config =>
        {
            var p = config.FindProfile(Alice)!;
            p.OlaresId = "alice";
            config.CurrentProfile = "alice";
            return true;
        });
        var settings = _s.Context.Settings.Get(Alice);
        _s.Context.Settings.Set("alice", settings);
        entry.OlaresId = "alice";
        _s.Store.Set(entry);
        _s.Store.Delete(Alice);
        SessionProfiles.Clear(_s.Home);
        foreach (var file in Directory.GetFiles(ConfigPaths.LocksDirectory(_s.Home), "*.refresh.lock")) File.Delete(file);
        _s.Server.State.ExpireAllAccessTokens();

        var user = await DesktopClient.GetUserInfoAsync(_s.Context.OpenSession(null), CancellationToken.None);
        Assert.Equal("alice", user.Name);
        Assert.Equal(1, Hits);
        Assert.NotEqual(entry.AccessToken, _s.Store.Get("alice")!.AccessToken);
        Assert.Null(_s.Store.Get(Alice));
        var locks = Directory.GetFiles(ConfigPaths.LocksDirectory(_s.Home)).Select(Path.GetFileName).ToList();
        Assert.Contains("alice.refresh.lock", locks);
        Assert.DoesNotContain("alice@olares.com.refresh.lock", locks);
        // A new login of alice@olares.com keeps that profile's spelling too.
        Assert.Equal("alice", new LoginService(_s.Context).KeyFor(OlaresId.Parse(Alice)));
    }

    [Fact]
    public async Task Every_directory_a_login_creates_is_owner_only_from_the_start()
    {
        if (OperatingSystem.IsWindows()) return; // modes are a Unix notion; Windows uses the user's profile ACL
        var root = Path.Combine(_otherRoot, "fresh");
        var env = OlaresEnvironment.FromVariables(new Dictionary<string, string>
        {
            ["OLARES_CLI_HOME"] = Path.Combine(root, "a", "b", "config"),
            ["OLARES_CLI_DATA_DIR"] = Path.Combine(root, "x", "y", "data"),
        }, root, OperatingSystem.IsMacOS() ? OsKind.MacOS : OsKind.Linux, Path.GetTempPath());
        Directory.CreateDirectory(root);
        var context = new OlaresContext(env);
        await new LoginService(context).LoginAsync(new LoginRequest(OlaresId.Parse(Alice))
        {
            Password = LoggedInServer.Secure("Passw0rd!"),
            ServiceUrlTemplate = _s.Server.ServiceUrlTemplate,
        }, CancellationToken.None);
        var created = new[]
        {
            "a", "a/b", "a/b/config", "a/b/config/locks", "x", "x/y", "x/y/data",
        }.Select(d => Path.Combine(root, d)).ToList();
        if (OperatingSystem.IsLinux()) created.Add(Path.Combine(root, "x", "y", "data", "olares-cli"));
        foreach (var dir in created)
        {
            Assert.True(Directory.Exists(dir), dir);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(dir));
        }
    }
}
