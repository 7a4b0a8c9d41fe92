using System.Text.Json;
using Olares.Configuration;
using Olares.Desktop;
using Olares.Emulator;
using Olares.Errors;
using Olares.Identity;
using Olares.Profiles;
using Olares.Storage;
using Olares.Tests.TestSupport;
using Xunit;

namespace Olares.Tests.Profiles;

/// <summary>
/// The platform-issued profile in config.json (olares-cli's managed_import_test.go, managed_commands_test.go and
/// managed_profile_test.go, ported): the offline import, the takeover of a hand-made profile, the refusals, the
/// listing, and the container whose config.json cannot be written.
/// </summary>
public sealed class ManagedProfilesTests : IAsyncLifetime
{
    private const string Alice = ManagedContainer.AliceId;
    private ManagedContainer _c = null!;

    public async Task InitializeAsync()
    {
        var options = new EmulatorOptions();
        options.Users.Add(new EmulatorUser { Name = "bob", Password = "S3cret!" });
        _c = await ManagedContainer.StartAsync(options);
        _c.UseEmulatorFor();
    }

    public async Task DisposeAsync() => await _c.DisposeAsync();

    private string ConfigFile => Path.Combine(_c.Home, "config.json");

    /// <summary>The same container before the platform mounted anything (the user logs in by hand there).</summary>
    private OlaresContext WithoutMount() =>
        new(_c.EnvironmentWith(new Dictionary<string, string> { ["OLARES_CLI_CACHE_DIR"] = _c.CacheDir }));

    private Task Login(OlaresContext context, string user, string password, string? name = null, string? authUrl = null, bool insecure = false) =>
        new LoginService(context).LoginAsync(new LoginRequest(OlaresId.Parse(user + "@olares.com"))
        {
            Password = LoggedInServer.Secure(password),
            ServiceUrlTemplate = _c.Server.ServiceUrlTemplate,
            Name = name,
            AuthUrl = authUrl,
            InsecureSkipVerify = insecure,
            LocalUrlPrefix = "dev.",
            Force = true,
        }, CancellationToken.None);

    [Fact]
    public void The_first_import_writes_what_olares_cli_writes_and_asks_nothing_of_the_network()
    {
        _c.Grant();
        var states = _c.NewContext().ListProfiles(DateTimeOffset.UtcNow);
        var state = Assert.Single(states);
        Assert.Equal(ProfileStatus.Pending, state.Status);
        Assert.Equal("platform (lares)", state.Source);
        Assert.True(state.IsCurrent);
        Assert.Equal(0, _c.Server.State.RefreshCalls);

        using var doc = JsonDocument.Parse(File.ReadAllText(ConfigFile));
        Assert.False(doc.RootElement.TryGetProperty("currentProfile", out _));
        var profile = Assert.Single(doc.RootElement.GetProperty("profiles").EnumerateArray().ToList());
        Assert.Equal(new[] { "olaresId", "managed", "appName" }, profile.EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Equal(Alice, profile.GetProperty("olaresId").GetString());
        Assert.True(profile.GetProperty("managed").GetBoolean());
        Assert.Equal("lares", profile.GetProperty("appName").GetString());
        Assert.DoesNotContain(_c.MountedRefreshToken!, File.ReadAllText(ConfigFile));
    }

    [Fact]
    public void The_steady_state_writes_nothing()
    {
        _c.Grant();
        _c.NewContext().ListProfiles(DateTimeOffset.UtcNow);
        var written = File.GetLastWriteTimeUtc(ConfigFile);
        File.SetLastWriteTimeUtc(ConfigFile, written.AddMinutes(-10));
        _c.NewContext().ListProfiles(DateTimeOffset.UtcNow);
        _c.NewContext().ResolveProfile(null);
        Assert.Equal(written.AddMinutes(-10), File.GetLastWriteTimeUtc(ConfigFile));
    }

    [Fact]
    public void A_pod_reused_by_another_application_follows_the_new_app_name()
    {
        _c.Grant();
        _c.NewContext().ListProfiles(DateTimeOffset.UtcNow);
        _c.Mount(_c.MountedRefreshToken!, app: "agent");
        var state = _c.NewContext().ListProfiles(DateTimeOffset.UtcNow).Single();
        Assert.Equal("platform (agent)", state.Source);
        Assert.Contains("\"appName\": \"agent\"", File.ReadAllText(ConfigFile));
        Assert.Equal(0, _c.Server.State.RefreshCalls);
    }

    [Fact]
    public async Task A_hand_made_profile_is_taken_over_keeping_its_settings_and_losing_its_stored_login()
    {
        var host = WithoutMount();
        await Login(host, "alice", "Passw0rd!", name: "work", authUrl: _c.Server.BaseUrl + "/auth", insecure: true);
        var userLogin = host.Tokens.Get(Alice)!;
        Assert.False(string.IsNullOrEmpty(userLogin.RefreshToken));

        _c.Grant();
        var context = _c.NewContext();
        var state = context.ListProfiles(DateTimeOffset.UtcNow).Single();
        var p = state.Profile;
        Assert.Equal("work", p.Name);
        Assert.True(p.Managed);
        Assert.Equal("lares", p.AppName);
        Assert.Equal(_c.Server.BaseUrl + "/auth", p.AuthUrlOverride);
        Assert.Equal("dev.", p.LocalUrlPrefix);
        Assert.True(p.InsecureSkipVerify);
        Assert.Equal(_c.Server.ServiceUrlTemplate, context.Settings.Get(Alice)!.ServiceUrlTemplate);
        Assert.Null(context.Tokens.Get(Alice));
        Assert.Equal(ProfileStatus.Pending, state.Status);

        var user = await DesktopClient.GetUserInfoAsync(_c.NewContext().ResolveProfile("work").OpenSession(), CancellationToken.None);
        Assert.Equal("alice", user.Name);
        Assert.Equal(1, _c.Server.State.ManagedRefreshes);
        Assert.Equal(0, _c.Server.State.ReuseDetections);
        Assert.Null(_c.NewContext().Tokens.Get(Alice)!.RefreshToken);
    }

    [Fact]
    public void A_credential_with_an_unusable_olares_id_is_skipped()
    {
        _c.Mount("rt-x", olaresId: "alice@olares@com");
        var context = _c.NewContext();
        Assert.Empty(context.ListProfiles(DateTimeOffset.UtcNow));
        var e = Assert.Throws<OlaresNoProfileException>(() => _c.NewContext().ResolveProfile(null));
        Assert.True(e.IsManaged);
        Assert.Contains("unusable olaresId", e.Message);
        Assert.False(File.Exists(ConfigFile));
    }

    [Theory]
    [InlineData("{}", "is missing refreshToken, olaresId, appName")]
    [InlineData("{\"refreshToken\":\"rt\",\"olaresId\":\"alice@olares.com\"}", "is missing appName")]
    public void An_unusable_mount_gives_a_no_profile_error_that_does_not_ask_for_a_login(string json, string reason)
    {
        File.WriteAllText(_c.CredentialFile, json);
        var e = Assert.Throws<OlaresNoProfileException>(() => _c.NewContext().ResolveProfile(null));
        Assert.Equal("OlaresNoProfile", e.ErrorId);
        Assert.Contains(reason, e.Message);
        Assert.Contains("reinstall or repair", e.Message);
        Assert.DoesNotContain("Connect-Olares", e.Message);
        Assert.DoesNotContain("Connect-Olares", e.RecommendedAction);
    }

    [Fact]
    public void Without_a_credential_file_the_host_error_stays()
    {
        var e = Assert.Throws<OlaresNoProfileException>(() => _c.NewContext().ResolveProfile(null));
        Assert.False(e.IsManaged);
        Assert.Contains("Connect-Olares", e.RecommendedAction);
    }

    [Fact]
    public async Task A_login_or_import_of_the_managed_identity_is_refused_before_anything_is_sent_or_written()
    {
        _c.Grant();
        var context = _c.NewContext();
        var service = new LoginService(context);
        var before = File.Exists(ConfigFile) ? File.ReadAllText(ConfigFile) : null;
        var login = await Assert.ThrowsAsync<OlaresManagedProfileException>(() => Login(context, "alice", "Passw0rd!"));
        Assert.Equal("Cannot log in as alice@olares.com: its credential is issued by the platform for application \"lares\" and is not stored locally; uninstall that application to revoke it.", login.Message);
        Assert.DoesNotContain("Connect-Olares", login.RecommendedAction);
        Assert.Contains("uninstall", login.RecommendedAction);
        var import = await Assert.ThrowsAsync<OlaresManagedProfileException>(() => service.LoginAsync(new LoginRequest(OlaresId.Parse("alice"))
        {
            RefreshToken = LoggedInServer.Secure("rt"),
            ServiceUrlTemplate = _c.Server.ServiceUrlTemplate,
        }, CancellationToken.None));
        Assert.StartsWith("Cannot import credentials for alice@olares.com", import.Message);
        Assert.Throws<OlaresManagedProfileException>(() => service.EnsureWritable(OlaresId.Parse("alice@olares.com")));
        Assert.Equal(0, _c.Server.State.HitCount("POST /auth/api/firstfactor"));
        Assert.Equal(0, _c.Server.State.RefreshCalls);
        Assert.Null(context.Tokens.Get(Alice));
        Assert.Equal(before ?? File.ReadAllText(ConfigFile), File.ReadAllText(ConfigFile));
    }

    [Fact]
    public async Task Another_identity_can_log_in_inside_the_container_and_lands_in_the_cache_dir()
    {
        _c.Grant();
        var context = _c.NewContext();
        await Login(context, "bob", "S3cret!");
        var states = _c.NewContext().ListProfiles(DateTimeOffset.UtcNow);
        Assert.Equal("platform (lares)", states.Single(s => s.Profile.OlaresId == Alice).Source);
        var bob = states.Single(s => s.Profile.OlaresId == "bob@olares.com");
        Assert.Equal("local", bob.Source);
        Assert.Equal(ProfileStatus.LoggedIn, bob.Status);
        Assert.False(string.IsNullOrEmpty(context.Tokens.Get("bob@olares.com")!.RefreshToken));
        Assert.True(Directory.EnumerateFiles(Path.Combine(_c.CacheDir, "keychain", "olares-cli"), "bob*").Any());
    }

    [Fact]
    public async Task Removing_the_managed_profile_is_refused_by_alias_or_id_before_anything_is_written()
    {
        var host = WithoutMount();
        await Login(host, "alice", "Passw0rd!", name: "work");
        _c.Grant();
        _c.NewContext().ListProfiles(DateTimeOffset.UtcNow);
        var before = File.ReadAllText(ConfigFile);
        foreach (var key in new[] { "work", Alice })
        {
            var e = await Assert.ThrowsAsync<OlaresManagedProfileException>(() => _c.NewContext().RemoveProfileAsync(key));
            Assert.StartsWith("Cannot remove alice@olares.com: its credential is issued by the platform for application \"lares\"", e.Message);
            Assert.Equal("remove", e.Verb);
        }

        Assert.Equal(before, File.ReadAllText(ConfigFile));
    }

    [Fact]
    public async Task A_config_dir_that_refuses_writes_still_serves_the_managed_profile_from_memory()
    {
        _c.Grant();
        // config.lock cannot be taken (a directory in its place), so config.json cannot be updated.
        var configLock = Path.Combine(_c.Home, "locks", "config.lock");
        File.Delete(configLock);
        Directory.CreateDirectory(configLock);
        var log = new CapturingLog();
        OlaresLog.Current = log;
        var context = _c.NewContext();
        var user = await DesktopClient.GetUserInfoAsync(context.ResolveProfile(null).OpenSession(), CancellationToken.None);
        Assert.Equal("alice", user.Name);
        Assert.Contains(log.Warnings, w => w.Contains("Cannot save the platform-issued profile"));
        Assert.False(File.Exists(ConfigFile));
        var listed = _c.NewContext().ListProfiles(DateTimeOffset.UtcNow).Single();
        Assert.Equal(ProfileStatus.LoggedIn, listed.Status);
        Assert.Contains("not saved in config.json", listed.StatusDetail);
    }

    [Fact]
    public void The_managed_fields_round_trip_and_a_legacy_profile_is_not_managed()
    {
        var config = CliConfigStore.Parse(System.Text.Encoding.UTF8.GetBytes(
            "{\"profiles\":[{\"olaresId\":\"a@olares.com\",\"managed\":true,\"appName\":\"lares\"},{\"olaresId\":\"b@olares.com\"}]}"), "config.json");
        Assert.True(config.Profiles[0].Managed);
        Assert.Equal("lares", config.Profiles[0].AppName);
        Assert.False(config.Profiles[1].Managed);
        Assert.Equal("local", ManagedProfiles.SourceOf(config.Profiles[1]));
        Assert.Equal("platform", ManagedProfiles.SourceOf(new ProfileConfig { OlaresId = "c@olares.com", Managed = true }));
        var json = System.Text.Encoding.UTF8.GetString(OlaresJson.SerializeIndented(config));
        Assert.Contains("\"managed\": true", json);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(json, "managed"));
    }
}
