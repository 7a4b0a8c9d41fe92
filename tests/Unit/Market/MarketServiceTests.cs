using Olares.Emulator;
using Olares.Errors;
using Olares.Market;
using Olares.Profiles;
using Xunit;

namespace Olares.Tests.Market;

/// <summary>The operations against the in-process emulator, on both request shapes; asserts the bodies the server received.</summary>
public sealed class MarketServiceTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Theory]
    [InlineData("1.12.5")]
    [InlineData("1.12.6")]
    public async Task Install_takes_the_latest_version_and_waits_until_running(string os)
    {
        await using var h = await MarketHarness.StartAsync(os);
        var market = await h.ServiceAsync();
        Assert.Equal(os, market.Version!.Text);
        var outcome = await market.InstallAsync(new InstallRequest { Name = "firefox", Envs = new[] { new AppEnvVar("LANG", "de") } }, None);
        Assert.Equal(("accepted", "1.2.0", "market.olares"), (outcome.Status, outcome.Version, outcome.Source));
        h.AssertSingleBody("POST", "/apps", """{"apps":[{"appid":"firefox","sourceDataName":"market.olares"}]}""");
        h.AssertSingleBody("POST", "/apps/firefox/install",
            """{"source":"market.olares","app_name":"firefox","version":"1.2.0","sync":true,"envs":[{"envName":"LANG","value":"de"}]}""");

        var done = await market.WaitAsync(outcome, MarketHarness.Fast(), None);
        Assert.Equal(("success", "running", "install"), (done.Status, done.Final!.State, done.Final.OpType));
        Assert.Equal("install completed (state=running)", done.Message);
    }

    [Theory]
    [InlineData("1.12.5", """{"appName":"firefox","all":true}""", """{"appName":"firefox"}""")]
    [InlineData("1.12.6", """{"app_name":"firefox","source":"market.olares","all":true}""", """{"app_name":"firefox","source":"market.olares"}""")]
    public async Task Stop_and_resume_send_the_versions_body(string os, string stopBody, string resumeBody)
    {
        await using var h = await MarketHarness.StartAsync(os);
        var market = await h.ServiceAsync();
        await h.InstallRunningAsync(market, "firefox");

        var stopped = await market.WaitAsync(await market.StopAsync("firefox", null, all: true, None), MarketHarness.Fast(), None);
        Assert.Equal(("stopped", "stop"), (stopped.Final!.State, stopped.Final.OpType));
        h.AssertSingleBody("POST", "/apps/stop", stopBody);

        var resumed = await market.WaitAsync(await market.ResumeAsync("firefox", null, None), MarketHarness.Fast(), None);
        Assert.Equal(("running", "resume"), (resumed.Final!.State, resumed.Final.OpType));
        h.AssertSingleBody("POST", "/apps/resume", resumeBody);
    }

    [Theory]
    [InlineData("1.12.5", """{"sync":true,"all":false,"deleteData":true}""")]
    [InlineData("1.12.6", """{"app_name":"firefox","source":"market.olares","sync":true,"all":false,"deleteData":true,"version":"1.2.0"}""")]
    public async Task Uninstall_sends_the_versions_body_and_a_gone_row_is_success(string os, string body)
    {
        await using var h = await MarketHarness.StartAsync(os);
        var market = await h.ServiceAsync();
        await h.InstallRunningAsync(market, "firefox");
        h.Emu.AddFault(new MarketFault("firefox", "vanish", "uninstalling"));   // uninstalling → gone, never "uninstalled"
        var done = await market.WaitAsync(await market.UninstallAsync("firefox", null, null, deleteData: true, MarketHarness.Fast(), None), MarketHarness.Fast(), None);
        Assert.Equal("success", done.Status);
        Assert.Null(done.Final);
        h.AssertSingleBody("DELETE", "/apps/firefox", body);
        Assert.Empty(h.Emu.Rows("alice"));
    }

    [Theory]
    [InlineData("1.12.5", """{"sync":true}""", """{"sync":true,"all":false,"deleteData":false}""")]
    [InlineData("1.12.6", """{"app_name":"jellyfin","source":"market.olares","sync":true,"version":"10.9.7"}""",
        """{"app_name":"jellyfin","source":"market.olares","sync":true,"all":false,"deleteData":false,"version":"10.9.7"}""")]
    public async Task Uninstall_cancels_an_operation_in_flight_first(string os, string cancelBody, string uninstallBody)
    {
        await using var h = await MarketHarness.StartAsync(os);
        var market = await h.ServiceAsync();
        h.Emu.AddFault(new MarketFault("jellyfin", "hang", "downloading", "install"));
        await market.InstallAsync(new InstallRequest { Name = "jellyfin" }, None);
        await WaitForStateAsync(h, "jellyfin", "downloading");

        var outcome = await market.UninstallAsync("jellyfin", null, null, false, MarketHarness.Fast(), None);
        h.AssertSingleBody("DELETE", "/apps/jellyfin/install", cancelBody);
        h.AssertSingleBody("DELETE", "/apps/jellyfin", uninstallBody);
        var order = h.Emu.Requests.Where(r => r.Method == "DELETE").Select(r => r.Path).ToList();
        Assert.Equal(new[] { "/apps/jellyfin/install", "/apps/jellyfin" }, order);
        var done = await market.WaitAsync(outcome, MarketHarness.Fast(), None);
        Assert.Equal("success", done.Status);
    }

    [Fact]
    public async Task Uninstall_stops_after_the_cancel_when_nothing_is_left()
    {
        await using var h = await MarketHarness.StartAsync("1.12.6");
        // The watch must see pendingCanceling before the row vanishes (a 40 ms window on the real clock).
        h.StepWithRequests();
        var market = await h.ServiceAsync();
        h.Emu.AddFault(new MarketFault("jellyfin", "hang", "pending", "install"));
        h.Emu.AddFault(new MarketFault("jellyfin", "vanish", "pendingCanceling", "cancel"));
        await market.InstallAsync(new InstallRequest { Name = "jellyfin" }, None);
        var outcome = await market.UninstallAsync("jellyfin", null, null, false, MarketHarness.Fast(), None);
        Assert.Equal("success", outcome.Status);
        Assert.Contains("nothing is left", outcome.Message);
        Assert.Empty(h.Bodies("DELETE", "/apps/jellyfin"));
    }

    [Theory]
    [InlineData("1.12.6", null, true)]     // shared app: always cascade on 1.12.6
    [InlineData("1.12.6", false, true)]
    [InlineData("1.12.5", null, true)]     // single user and a v2 shared app: automatic cascade
    [InlineData("1.12.5", false, false)]   // the user said no
    public async Task Uninstall_cascades_shared_apps(string os, bool? cascade, bool all)
    {
        await using var h = await MarketHarness.StartAsync(os);
        var market = await h.ServiceAsync();
        await h.InstallRunningAsync(market, "ollama");
        await market.UninstallAsync("ollama", null, cascade, false, MarketHarness.Fast(), None);
        Assert.Equal(all, h.Bodies("DELETE", "/apps/ollama").Single()!["all"]!.GetValue<bool>());
    }

    [Fact]
    public async Task On_1_12_5_several_users_mean_no_automatic_cascade()
    {
        await using var h = await MarketHarness.StartAsync("1.12.5", 40, new EmulatorUser { Name = "bob", Password = "x" });
        var market = await h.ServiceAsync();
        await h.InstallRunningAsync(market, "ollama");
        await market.UninstallAsync("ollama", null, null, false, MarketHarness.Fast(), None);
        Assert.False(h.Bodies("DELETE", "/apps/ollama").Single()!["all"]!.GetValue<bool>());
        Assert.Equal(1, h.Server.State.HitCount("GET /desktop/api/users/v2"));
    }

    [Fact]
    public async Task Restart_needs_1_12_6_and_sends_nothing_before()
    {
        await using var h = await MarketHarness.StartAsync("1.12.5");
        var market = await h.ServiceAsync();
        var e = await Assert.ThrowsAsync<OlaresNotSupportedByServerException>(() => market.RestartAsync("firefox", null, None));
        Assert.Equal("OlaresNotSupportedByServer", e.ErrorId);
        Assert.Contains("1.12.5", e.Message);
        Assert.Empty(h.Emu.Requests);
    }

    [Fact]
    public async Task Restart_waits_for_a_state_newer_than_the_one_before()
    {
        await using var h = await MarketHarness.StartAsync("1.12.6");
        var market = await h.ServiceAsync();
        await h.InstallRunningAsync(market, "firefox");
        // The unchanged first step must be polled at least once, however slow the machine.
        h.StepWithRequests();
        var before = (await h.Client.GetStateAsync(None)).Find("firefox", null)!;
        var polls = h.StatePolls;

        var outcome = await market.RestartAsync("firefox", null, None);
        Assert.Equal(before.StatusTimeValue, outcome.Baseline);
        h.AssertSingleBody("POST", "/apps/restart", """{"app_name":"firefox","source":"market.olares"}""");
        var done = await market.WaitAsync(outcome, MarketHarness.Fast(), None);
        // The emulator shows the old "running" row first; only the later one counts.
        Assert.Equal("running", done.Final!.State);
        Assert.True(done.Final.StatusTimeValue > before.StatusTimeValue);
        Assert.True(h.StatePolls - polls >= 2, "polled past the unchanged first state");
    }

    [Theory]
    [InlineData("1.12.5")]
    [InlineData("1.12.6")]
    public async Task Cancel_follows_the_install_to_its_canceled_state(string os)
    {
        await using var h = await MarketHarness.StartAsync(os);
        var market = await h.ServiceAsync();
        h.Emu.AddFault(new MarketFault("firefox", "hang", "installing", "install"));
        await market.InstallAsync(new InstallRequest { Name = "firefox" }, None);
        await WaitForStateAsync(h, "firefox", "installing");
        var done = await market.WaitAsync(await market.CancelAsync("firefox", null, None), MarketHarness.Fast(), None);
        // The canceled row keeps the interrupted operation's opType; cancel's rule accepts any.
        Assert.Equal(("installingCanceled", "install"), (done.Final!.State, done.Final.OpType));
    }

    [Fact]
    public async Task An_install_canceled_elsewhere_fails_the_install_watch()
    {
        await using var h = await MarketHarness.StartAsync("1.12.6");
        var market = await h.ServiceAsync();
        h.Emu.AddFault(new MarketFault("firefox", "cancel", "downloading", "install"));
        var outcome = await market.InstallAsync(new InstallRequest { Name = "firefox" }, None);
        var e = await Assert.ThrowsAsync<OlaresAppOperationFailedException>(() => market.WaitAsync(outcome, MarketHarness.Fast(), None));
        Assert.Equal(("downloadingCanceled", "install"), (e.State, e.OpType));
    }

    [Fact]
    public async Task On_1_12_6_the_source_comes_from_the_installed_row()
    {
        await using var h = await MarketHarness.StartAsync("1.12.6");
        var market = await h.ServiceAsync();
        var missing = await Assert.ThrowsAsync<OlaresAppNotInstalledException>(() => market.StopAsync("firefox", null, false, None));
        Assert.Null(missing.State);
        Assert.Contains("no installed app row", missing.Message);

        h.Emu.SetRow("alice", "hello", "studio", "uninstalled", "uninstall");
        var gone = await Assert.ThrowsAsync<OlaresAppNotInstalledException>(() => market.ResumeAsync("hello", null, None));
        Assert.Equal("uninstalled", gone.State);
        Assert.Equal(OlaresErrorKind.NotFound, gone.Kind);

        h.Emu.SetRow("alice", "hello", "studio", "running", "install");
        await market.StopAsync("hello", null, false, None);
        h.AssertSingleBody("POST", "/apps/stop", """{"app_name":"hello","source":"studio","all":false}""");
    }

    [Theory]
    [InlineData("wrapped")]
    [InlineData("direct")]
    public async Task Missing_env_vars_become_a_typed_error_with_their_names(string style)
    {
        await using var h = await MarketHarness.StartAsync("1.12.6");
        h.Emu.EnvCheckStyle = style;
        h.Emu.AddEnv("n8n", new MarketEnvSpec("DB_URL", Required: true, Ref: "POSTGRES_URL"));
        var market = await h.ServiceAsync();
        var e = await Assert.ThrowsAsync<OlaresMissingEnvException>(() =>
            market.InstallAsync(new InstallRequest { Name = "n8n", Envs = new[] { new AppEnvVar("N8N_PORT", "eighty") } }, None));
        Assert.Equal(new[] { "N8N_HOST" }, e.MissingValues);
        Assert.Equal(new[] { "DB_URL" }, e.MissingRefs);
        Assert.Equal(new[] { "N8N_PORT" }, e.InvalidValues);
        Assert.Equal("n8n", e.Target);

        await market.InstallAsync(new InstallRequest { Name = "n8n", Envs = new[] { new AppEnvVar("N8N_HOST", "h"), new AppEnvVar("DB_URL", "pg://"), new AppEnvVar("N8N_PORT", "80") } }, None);
        Assert.Single(h.Emu.Rows("alice"));
    }

    [Fact]
    public async Task Compute_modes_must_be_chosen_and_installable()
    {
        await using var h = await MarketHarness.StartAsync("1.12.6");
        var market = await h.ServiceAsync();
        var none = await Assert.ThrowsAsync<OlaresComputeModeException>(() => market.InstallAsync(new InstallRequest { Name = "comfyui" }, None));
        Assert.Equal(new[] { "cpu", "nvidia" }, none.Installable);
        Assert.Equal("Install-OlaresApp comfyui -ComputeMode cpu", none.RecommendedAction);
        var amd = await Assert.ThrowsAsync<OlaresComputeModeException>(() => market.InstallAsync(new InstallRequest { Name = "comfyui", ComputeMode = "amd" }, None));
        Assert.Contains("no AMD GPU found", amd.Message);
        var tpu = await Assert.ThrowsAsync<OlaresComputeModeException>(() => market.InstallAsync(new InstallRequest { Name = "comfyui", ComputeMode = "tpu" }, None));
        Assert.Contains("not a declared mode", tpu.Message);
        await market.InstallAsync(new InstallRequest { Name = "comfyui", ComputeMode = "nvidia" }, None);
        Assert.Equal("nvidia", h.Bodies("POST", "/apps/comfyui/install").Last()!["selectedGpuType"]!.GetValue<string>());
    }

    [Fact]
    public async Task Compute_mode_is_refused_before_any_request_on_1_12_5()
    {
        await using var h = await MarketHarness.StartAsync("1.12.5");
        var market = await h.ServiceAsync();
        await Assert.ThrowsAsync<OlaresNotSupportedByServerException>(() => market.InstallAsync(new InstallRequest { Name = "comfyui", ComputeMode = "cpu" }, None));
        Assert.Empty(h.Emu.Requests);
    }

    [Fact]
    public async Task When_the_version_is_unknown_the_compute_check_still_works_with_one_retry()
    {
        await using var h = await MarketHarness.StartAsync("1.12.6");
        h.Server.State.InjectFailure("olares-info", 500);
        var market = await h.ServiceAsync();
        Assert.Null(market.Version);
        Assert.Equal("1.12.5", market.Bodies.Shape.ToString());
        await market.InstallAsync(new InstallRequest { Name = "comfyui", ComputeMode = "cpu" }, None);
        var bodies = h.Bodies("POST", "/apps/comfyui/install");
        Assert.Equal(2, bodies.Count);
        Assert.Null(bodies[0]!["selectedGpuType"]);
        Assert.Equal("cpu", bodies[1]!["selectedGpuType"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_backend_version_is_cached_for_an_hour()
    {
        await using var h = await MarketHarness.StartAsync("1.12.5");
        Assert.Equal("1.12.5", (await h.ServiceAsync()).Version!.Text);
        h.Server.State.OsVersion = "1.12.6";
        Assert.Equal("1.12.5", (await h.ServiceAsync()).Version!.Text);
        Assert.Equal(1, h.Server.State.HitCount("GET /desktop/api/olares-info"));
        var profile = h.Context.Config.Load().FindProfile("alice@olares.com")!;
        Assert.Equal("1.12.5", profile.BackendVersion);

        var later = await BackendVersionResolver.ResolveAsync(h.Context.ResolveProfile(null), None, DateTimeOffset.UtcNow.AddHours(2));
        Assert.Equal("1.12.6", later!.Text);
        Assert.Equal(2, h.Server.State.HitCount("GET /desktop/api/olares-info"));
    }

    [Fact]
    public async Task Upgrade_uses_the_rows_source_and_the_latest_version()
    {
        await using var h = await MarketHarness.StartAsync("1.12.6");
        var market = await h.ServiceAsync();
        h.Emu.SetRow("alice", "jellyfin", "market.olares", "running", "install", version: "10.8.0");
        var done = await market.WaitAsync(await market.UpgradeAsync("jellyfin", null, null, None), MarketHarness.Fast(), None);
        h.AssertSingleBody("PUT", "/apps/jellyfin/upgrade", """{"source":"market.olares","app_name":"jellyfin","version":"10.9.7","sync":true}""");
        Assert.Equal(("running", "upgrade", "10.9.7"), (done.Final!.State, done.Final.OpType, done.Final.Version));
    }

    [Fact]
    public async Task A_failed_upgrade_carries_the_servers_reason()
    {
        await using var h = await MarketHarness.StartAsync("1.12.6");
        var market = await h.ServiceAsync();
        h.Emu.SetRow("alice", "jellyfin", "market.olares", "running", "install", version: "10.8.0");
        h.Emu.AddFault(new MarketFault("jellyfin", "fail", "upgrading", "upgrade", "image pull failed"));
        var outcome = await market.UpgradeAsync("jellyfin", null, "10.9.7", None);
        var e = await Assert.ThrowsAsync<OlaresAppOperationFailedException>(() => market.WaitAsync(outcome, MarketHarness.Fast(), None));
        Assert.Equal(("upgradeFailed", "upgrade", "image pull failed"), (e.State, e.OpType, e.Reason));
        Assert.Equal("upgrade 'jellyfin' failed: state=upgradeFailed op=upgrade reason: image pull failed", e.Message);
    }

    [Fact]
    public async Task A_failed_install_shows_the_servers_message_not_only_its_reason_code()
    {
        await using var h = await MarketHarness.StartAsync("1.12.6");
        var market = await h.ServiceAsync();
        h.Emu.AddFault(new MarketFault("firefox", "fail", "downloading", "install", "ImagePullFailed", "image pull failed: manifest for firefox:1.0 not found"));
        var outcome = await market.InstallAsync(new InstallRequest { Name = "firefox" }, None);
        var e = await Assert.ThrowsAsync<OlaresAppOperationFailedException>(() => market.WaitAsync(outcome, MarketHarness.Fast(), None));
        Assert.Equal(("ImagePullFailed", "image pull failed: manifest for firefox:1.0 not found"), (e.Reason, e.ServerMessage));
        Assert.Equal("install 'firefox' failed: state=downloadFailed op=install reason: image pull failed: manifest for firefox:1.0 not found", e.Message);
    }

    [Fact]
    public async Task A_failure_message_is_redacted_and_bounded()
    {
        await using var h = await MarketHarness.StartAsync("1.12.6");
        var market = await h.ServiceAsync();
        var jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlc2lnbmF0dXJl";
        h.Emu.AddFault(new MarketFault("firefox", "fail", "downloading", "install", "x", "pull with " + jwt + " failed\n" + string.Join(" ", Enumerable.Repeat("more", 500))));
        var outcome = await market.InstallAsync(new InstallRequest { Name = "firefox" }, None);
        var e = await Assert.ThrowsAsync<OlaresAppOperationFailedException>(() => market.WaitAsync(outcome, MarketHarness.Fast(), None));
        Assert.DoesNotContain(jwt, e.Message);
        Assert.DoesNotContain("\n", e.Message);
        Assert.True(e.Message.Length < 700, e.Message.Length.ToString());
    }

    [Fact]
    public async Task Clone_names_the_new_app_and_needs_multiple_installs()
    {
        await using var h = await MarketHarness.StartAsync("1.12.6");
        var market = await h.ServiceAsync();
        var e = await Assert.ThrowsAsync<OlaresException>(() => market.CloneAsync(new CloneRequest { Name = "firefox", Title = "Fox 2" }, None));
        Assert.Equal("OlaresAppNotCloneable", e.ErrorId);
        Assert.Empty(h.Bodies("POST", "/apps/firefox/clone"));

        var outcome = await market.CloneAsync(new CloneRequest
        {
            Name = "vscode", Title = "Code 2", EntranceTitles = new[] { new KeyValuePair<string, string>("web", "Code") },
        }, None);
        Assert.StartsWith("vscode", outcome.TargetApp);
        Assert.NotEqual("vscode", outcome.TargetApp);
        h.AssertSingleBody("POST", "/apps/vscode/clone", """{"source":"market.olares","app_name":"vscode","title":"Code 2","sync":true,"entrances":[{"name":"web","title":"Code"}]}""");
        var done = await market.WaitAsync(outcome, MarketHarness.Fast(), None);
        Assert.Equal(("running", "Code 2"), (done.Final!.State, done.Final.Title.Plain));
        Assert.Equal("vscode", done.Final.RawAppName);
    }

    [Fact]
    public async Task Charts_are_uploaded_and_their_versions_deleted()
    {
        await using var h = await MarketHarness.StartAsync("1.12.6");
        var market = await h.ServiceAsync();
        var chart = Path.Combine(Path.GetTempPath(), "olares-chart-" + Guid.NewGuid().ToString("N") + ".tgz");
        try
        {
            ChartFile.Write(chart, "demoapp", "0.2.0");
            var up = await market.UploadChartAsync(chart, "upload", None);
            Assert.Equal(("demoapp", "0.2.0", "upload", "upload"), (up.App, up.Version, up.Source, up.Operation));
            var recorded = h.Emu.Requests.Single(r => r.Path == "/apps/upload").Body!.Value;
            Assert.Equal("upload", recorded.GetProperty("source").GetString());
            Assert.Equal(new FileInfo(chart).Length, recorded.GetProperty("chartLength").GetInt64());
            Assert.Contains((await h.Client.GetCatalogAsync(None)), a => a.Name == "demoapp" && a.Source == "upload" && a.Version == "0.2.0");

            await market.DeleteLocalVersionAsync("demoapp", "0.2.0", "upload", None);
            h.AssertSingleBody("DELETE", "/local-apps/delete", """{"app_name":"demoapp","app_version":"0.2.0","source":"upload"}""");
            Assert.DoesNotContain((await h.Client.GetCatalogAsync(None)), a => a.Name == "demoapp");
            await Assert.ThrowsAsync<OlaresNotFoundException>(() => market.DeleteLocalVersionAsync("demoapp", "0.2.0", "upload", None));
        }
        finally
        {
            File.Delete(chart);
        }
    }

    [Fact]
    public async Task Server_refusals_keep_the_servers_message()
    {
        await using var h = await MarketHarness.StartAsync("1.12.6");
        var market = await h.ServiceAsync();
        await h.InstallRunningAsync(market, "firefox");
        var e = await Assert.ThrowsAsync<OlaresHttpException>(() => market.InstallAsync(new InstallRequest { Name = "firefox" }, None));
        Assert.Equal(("OlaresRequestFailed", 400), (e.ErrorId, e.StatusCode));
        Assert.Contains("already installed", e.Message);
        var missing = await Assert.ThrowsAsync<OlaresNotFoundException>(() => market.InstallAsync(new InstallRequest { Name = "nosuchapp" }, None));
        Assert.Equal("nosuchapp", missing.Target);
    }

    internal static async Task WaitForStateAsync(MarketHarness h, string app, string state)
    {
        for (var i = 0; i < 200; i++)
        {
            if (h.Emu.Rows("alice").Any(r => r.Name == app && r.State == state)) return;
            await Task.Delay(20);
        }
        Assert.Fail($"{app} never reached {state}");
    }
}
