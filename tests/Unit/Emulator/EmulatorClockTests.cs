using System.Net;
using System.Text.Json;
using Olares.Emulator;
using Xunit;

namespace Olares.Tests.Emulator;

/// <summary>The emulator's clock (tokens, market steps, refresh latency) and its reinitialization, in-process and over /_admin.</summary>
public sealed class EmulatorClockTests : IAsyncLifetime
{
    private EmulatorServer _server = null!;
    private EmulatorTestClient _c = null!;

    public async Task InitializeAsync()
    {
        _server = await EmulatorServer.StartAsync(new EmulatorOptions { TokenLifetimeSeconds = 60 });
        _c = new EmulatorTestClient(_server);
    }

    public async Task DisposeAsync()
    {
        _c.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Advancing_the_clock_expires_access_tokens_and_new_ones_live_on_the_new_time()
    {
        var (at, rt) = await _c.LoginAsync();
        using (var r = await _c.UserInfoAsync(at)) Assert.Equal(HttpStatusCode.OK, r.StatusCode);

        _server.State.Clock.Advance(TimeSpan.FromSeconds(61));
        using (var r = await _c.UserInfoAsync(at)) Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode);

        using var rf = await _c.RefreshAsync(rt, at);
        Assert.Equal(HttpStatusCode.OK, rf.StatusCode);
        var at2 = (await EmulatorTestClient.ReadJsonAsync(rf)).GetProperty("data").GetProperty("access_token").GetString()!;
        var iat = EmulatorTestClient.JwtPayload(at2).GetProperty("iat").GetInt64();
        Assert.InRange(iat - DateTimeOffset.UtcNow.ToUnixTimeSeconds(), 59, 63);
        using (var r = await _c.UserInfoAsync(at2)) Assert.Equal(HttpStatusCode.OK, r.StatusCode);
    }

    [Fact]
    public async Task A_clock_set_back_issues_tokens_the_client_sees_as_expired_but_the_server_accepts()
    {
        _server.State.Clock.Advance(TimeSpan.FromSeconds(-120));
        var (at, _) = await _c.LoginAsync();
        Assert.True(EmulatorTestClient.JwtPayload(at).GetProperty("exp").GetInt64() < DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        using (var r = await _c.UserInfoAsync(at)) Assert.Equal(HttpStatusCode.OK, r.StatusCode);
    }

    [Fact]
    public async Task With_a_step_per_request_time_passes_with_the_traffic()
    {
        var (at, _) = await _c.LoginAsync();
        _server.State.Clock.AdvancePerRequest = TimeSpan.FromSeconds(25);
        // 60 s tokens: the 1st and 2nd requests see +25 s and +50 s, the 3rd +75 s.
        using (var r = await _c.UserInfoAsync(at)) Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        using (var r = await _c.UserInfoAsync(at)) Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        using (var r = await _c.UserInfoAsync(at)) Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode);
        // Admin requests do not move it.
        await _c.AdminGetAsync("/state");
        Assert.InRange(_server.State.Clock.Offset.TotalSeconds, 75, 75.001);

        _server.State.Clock.Reset();
        Assert.Equal(TimeSpan.Zero, _server.State.Clock.Offset);
        Assert.Equal(TimeSpan.Zero, _server.State.Clock.AdvancePerRequest);
        Assert.Throws<ArgumentOutOfRangeException>(() => _server.State.Clock.AdvancePerRequest = TimeSpan.FromSeconds(-1));
    }

    [Fact]
    public async Task The_refresh_latency_runs_on_the_clock()
    {
        var (at, rt) = await _c.LoginAsync();
        _server.State.RefreshLatencyMs = 600_000;
        var refresh = _c.RefreshAsync(rt, at);
        await WaitUntilAsync(() => _server.State.RefreshCalls == 1);
        await Task.Delay(100);
        Assert.False(refresh.IsCompleted);
        Assert.Equal(0, _server.State.RefreshesAnswered);

        _server.State.Clock.Advance(TimeSpan.FromMinutes(10));
        using var r = await refresh.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal(1, _server.State.RefreshesAnswered);
    }

    [Fact]
    public async Task The_market_steps_on_the_clock()
    {
        var market = _server.State.Market();
        market.StepMs = 3_600_000;
        market.SetRow("alice", "firefox", "market.olares", "running", "install");
        market.Start("alice", "stop", "firefox", "market.olares");
        Assert.Equal("stopping", market.Rows("alice").Single().State);
        await Task.Delay(50);
        Assert.Equal("stopping", market.Rows("alice").Single().State);
        _server.State.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(("stopped", "stop"), (market.Rows("alice").Single().State, market.Rows("alice").Single().OpType));
    }

    [Fact]
    public async Task Files_tasks_run_on_the_clock()
    {
        var files = _server.State.Files;
        files.TaskDelayMs = 600_000;
        var task = files.NewTask(FilesState.Node, "copy");
        var worked = 0;
        task.Start(files, () => Interlocked.Increment(ref worked));
        await Task.Delay(100);
        Assert.Equal("running", task.Snapshot().Status);

        _server.State.Clock.Advance(TimeSpan.FromMinutes(10));
        await WaitUntilAsync(() => task.Snapshot().Status == "completed");
        Assert.Equal(1, worked);
    }

    [Fact]
    public async Task The_admin_api_reads_advances_and_steps_the_clock()
    {
        var before = await _c.AdminGetAsync("/clock");
        Assert.Equal(0, before.GetProperty("offsetMs").GetInt64());

        using (var r = await _c.AdminPostAsync("/clock", new { advanceMs = 90_000 }))
        {
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            Assert.Equal(90_000, (await EmulatorTestClient.ReadJsonAsync(r)).GetProperty("offsetMs").GetInt64());
        }
        Assert.Equal(TimeSpan.FromSeconds(90), _server.State.Clock.Offset);
        var now = (await _c.AdminGetAsync("/clock")).GetProperty("unixMs").GetInt64();
        Assert.InRange(now - DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), 85_000, 90_001);

        using (var r = await _c.AdminPostAsync("/clock", new { advancePerRequestMs = 250 })) Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal(TimeSpan.FromMilliseconds(250), _server.State.Clock.AdvancePerRequest);
        using (var r = await _c.AdminPostAsync("/clock", new { advancePerRequestMs = -1 })) Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        using (var r = await _c.AdminPostAsync("/clock", new { advanceMs = "soon" })) Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);

        using (var r = await _c.AdminPostAsync("/clock", new { reset = true })) Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var after = await _c.AdminGetAsync("/clock");
        Assert.Equal(0, after.GetProperty("offsetMs").GetInt64());
        Assert.Equal(0, after.GetProperty("advancePerRequestMs").GetDouble());
    }

    [Fact]
    public async Task Reinitialize_makes_the_server_as_if_just_started_with_other_options()
    {
        var (at, _) = await _c.LoginAsync();
        _server.State.InjectFailure("user-info", 500);
        _server.State.Files.ChunkDelayMs = 500;
        Directory.CreateDirectory(Path.Combine(_server.State.Files.Root, "alice", "drive", "Home", "left-over"));
        _server.State.Market().SetRow("alice", "firefox", "market.olares", "running", "install");
        _server.State.Market().StepMs = 5;
        _server.State.Clock.Advance(TimeSpan.FromHours(2));

        using (var r = await _c.AdminPostAsync("/reinitialize", new { users = new[] { "bob:b0b:admin" }, tokenLifetimeSeconds = 5, refreshLatencyMs = 7, osVersion = "1.12.5" }))
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);

        var s = _server.State;
        Assert.Equal((5, 7, "1.12.5"), (s.TokenLifetimeSeconds, s.RefreshLatencyMs, s.OsVersion));
        Assert.Equal(new[] { "bob" }, s.Users.Select(u => u.Name));
        Assert.Equal(0, s.PendingFailures("user-info"));
        Assert.Equal(0, s.Files.ChunkDelayMs);
        Assert.Equal(new[] { ".partials" }, Directory.EnumerateFileSystemEntries(s.Files.Root).Select(Path.GetFileName));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(s.Files.Root, ".partials")));
        Assert.Empty(s.Market().Rows("alice"));
        Assert.Equal(MarketEmulator.DefaultStepMs, s.Market().StepMs);
        Assert.Equal(TimeSpan.Zero, s.Clock.Offset);
        Assert.Empty(s.Requests);

        // The old grant is gone with the old users; the new user logs in.
        using (var r = await _c.UserInfoAsync(at)) Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode);
        using (var r = await _c.FirstFactorAsync("alice", "Passw0rd!")) Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode);
        var (bobAt, _) = await _c.LoginAsync("bob", "b0b");
        using var ui = await _c.UserInfoAsync(bobAt);
        Assert.Equal("admin", (await EmulatorTestClient.ReadJsonAsync(ui)).GetProperty("data").GetProperty("owner_role").GetString());
        var p = EmulatorTestClient.JwtPayload(bobAt);
        Assert.Equal(5, p.GetProperty("exp").GetInt64() - p.GetProperty("iat").GetInt64());

        // Files are served from a clean root again (standard folders re-created on first use).
        Assert.NotNull(s.Files.PhysicalPath("bob", "drive/Home"));
        Assert.True(Directory.Exists(Path.Combine(s.Files.Root, "bob", "drive", "Home", "Documents")));

        // Defaults for what the body leaves out.
        using (var r = await _c.AdminPostAsync("/reinitialize", new { })) Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal(new[] { "alice" }, s.Users.Select(u => u.Name));
        Assert.Equal((3600, 0, "1.12.6"), (s.TokenLifetimeSeconds, s.RefreshLatencyMs, s.OsVersion));
        using (var r = await _c.AdminPostAsync("/reinitialize", new { users = new[] { "nocolon" } })) Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++) await Task.Delay(20);
        Assert.True(condition());
    }
}
