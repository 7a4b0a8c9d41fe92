using Olares.Emulator;
using Olares.Errors;
using Olares.Market;
using Xunit;

namespace Olares.Tests.Market;

/// <summary>The watch engine against the emulator: polling, tolerated failures, timeout, cancellation, absent rows.</summary>
public sealed class AppWatcherTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    private static Task<AppStateRow?> Watch(MarketHarness h, WatchRule rule, string app, WatchOptions? options = null, CancellationToken ct = default)
        => AppWatcher.WatchAsync(h.Client.GetStateAsync, rule, app, null, null, options ?? MarketHarness.Fast(), ct);

    [Theory]
    [InlineData(5, true)]
    [InlineData(6, false)]
    public async Task Tolerates_five_failed_polls_in_a_row(int failures, bool succeeds)
    {
        await using var h = await MarketHarness.StartAsync("1.12.6");
        h.Emu.SetRow("alice", "firefox", "market.olares", "running", "install");
        h.Server.State.InjectFailure("market-state", 502, failures);
        var watch = Watch(h, WatchRules.Install, "firefox");
        if (succeeds)
        {
            Assert.Equal("running", (await watch)!.State);
        }
        else
        {
            var e = await Assert.ThrowsAsync<OlaresHttpException>(() => watch);
            Assert.Equal(502, e.StatusCode);
        }

        Assert.Equal(6, h.StatePolls);   // 5 failures + 1 success, or 6 failures and no more
    }

    [Fact]
    public async Task A_successful_poll_resets_the_failure_count()
    {
        await using var h = await MarketHarness.StartAsync("1.12.6", stepMs: 10_000);
        var market = await h.ServiceAsync();
        await market.InstallAsync(new InstallRequest { Name = "firefox" }, None);
        h.Server.State.InjectFailure("market-state", 500, 4);
        var watch = Watch(h, WatchRules.Install, "firefox", new WatchOptions { Timeout = TimeSpan.FromSeconds(20), Interval = TimeSpan.FromMilliseconds(20) });
        await AfterASuccessfulPollAsync(h);   // the 4 failures, then a successful poll of the pending row
        h.Server.State.InjectFailure("market-state", 500, 4);
        await AfterASuccessfulPollAsync(h);
        h.Emu.SetRow("alice", "firefox", "market.olares", "running", "install");
        Assert.Equal("running", (await watch)!.State);
    }

    [Fact]
    public async Task An_authentication_failure_is_not_retried()
    {
        await using var h = await MarketHarness.StartAsync("1.12.6");
        h.Emu.SetRow("alice", "firefox", "market.olares", "pending", "install");
        h.Server.State.RevokeUser("alice");
        h.Server.State.ExpireAllAccessTokens();
        await Assert.ThrowsAsync<OlaresTokenInvalidatedException>(() => Watch(h, WatchRules.Install, "firefox"));
        Assert.Equal(1, h.StatePolls);   // one rejected request; no watch retry
    }

    [Fact]
    public async Task Times_out_with_the_last_state()
    {
        await using var h = await MarketHarness.StartAsync("1.12.6");
        var market = await h.ServiceAsync();
        h.Emu.AddFault(new MarketFault("firefox", "hang", "downloading"));
        var outcome = await market.InstallAsync(new InstallRequest { Name = "firefox" }, None);
        var started = DateTime.UtcNow;
        var e = await Assert.ThrowsAsync<OlaresWatchTimeoutException>(() => market.WaitAsync(outcome, MarketHarness.Fast(0.6), None));
        Assert.InRange((DateTime.UtcNow - started).TotalSeconds, 0.5, 5);
        Assert.Equal(("downloading", "install"), (e.LastState, e.LastOpType));
        Assert.Equal("OlaresWatchTimeout", e.ErrorId);
        Assert.Equal(OlaresErrorKind.Timeout, e.Kind);
        Assert.Contains("last state: downloading, op: install", e.Message);
    }

    [Fact]
    public async Task Cancellation_stops_the_watch_at_once()
    {
        await using var h = await MarketHarness.StartAsync("1.12.6");
        h.Emu.SetRow("alice", "firefox", "market.olares", "downloading", "install");
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var started = DateTime.UtcNow;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            Watch(h, WatchRules.Install, "firefox", new WatchOptions { Timeout = TimeSpan.FromMinutes(5), Interval = TimeSpan.FromSeconds(30) }, cts.Token));
        Assert.True((DateTime.UtcNow - started).TotalSeconds < 5);
    }

    [Fact]
    public async Task Uninstall_succeeds_when_the_row_is_absent_on_the_first_poll()
    {
        await using var h = await MarketHarness.StartAsync("1.12.6");
        Assert.Null(await Watch(h, WatchRules.Uninstall, "firefox"));
        Assert.Equal(1, h.StatePolls);
    }

    [Theory]
    [InlineData("cancel")]
    [InlineData("status")]
    public async Task Absent_counts_only_after_the_row_was_seen(string op)
    {
        await using var h = await MarketHarness.StartAsync("1.12.6");
        var rule = WatchRules.All.Single(r => r.Operation == op);
        // Never seen: keeps waiting until the timeout.
        var e = await Assert.ThrowsAsync<OlaresWatchTimeoutException>(() => Watch(h, rule, "firefox", MarketHarness.Fast(0.3)));
        Assert.Null(e.LastState);

        // Seen (canceling), then gone: success.
        h.Emu.SetRow("alice", "firefox", "market.olares", "downloadingCanceling", "install");
        var polls = h.StatePolls;
        var watch = Watch(h, rule, "firefox");
        await WaitUntilAsync(() => h.StatePolls > polls + 1);   // a second request: the first one has been answered
        h.Emu.RemoveRow("alice", "firefox");
        Assert.Null(await watch);
    }

    [Theory]
    [InlineData("stop", "stopped")]
    [InlineData("resume", "running")]
    public async Task Already_there_with_an_empty_op_is_success_at_once(string op, string state)
    {
        await using var h = await MarketHarness.StartAsync("1.12.6");
        h.Emu.SetRow("alice", "firefox", "market.olares", state, "");
        var row = await Watch(h, WatchRules.All.Single(r => r.Operation == op), "firefox");
        Assert.Equal(state, row!.State);
        Assert.Equal(1, h.StatePolls);
    }

    [Fact]
    public async Task Follows_the_pinned_source_first()
    {
        await using var h = await MarketHarness.StartAsync("1.12.6");
        h.Emu.SetRow("alice", "hello", "market.olares", "stopped", "stop");
        h.Emu.SetRow("alice", "hello", "studio", "running", "install");
        var row = await AppWatcher.WatchAsync(h.Client.GetStateAsync, WatchRules.Status, "hello", "studio", null, MarketHarness.Fast(), None);
        Assert.Equal(("studio", "running"), (row!.Source, row.State));
    }

    [Fact]
    public async Task Reports_progress_while_waiting()
    {
        await using var h = await MarketHarness.StartAsync("1.12.6");
        h.StepWithRequests();   // downloading is polled twice, the second time half-way
        var market = await h.ServiceAsync();
        var log = new RecordingLog();
        OlaresLog.Current = log;
        try
        {
            await h.InstallRunningAsync(market, "firefox");
        }
        finally
        {
            OlaresLog.Current = null;
        }

        Assert.Contains(log.Progress, p => p.Activity == "Install 'firefox'" && p.StatusDescription.StartsWith("downloading", StringComparison.Ordinal) && p.PercentComplete > 0);
        Assert.True(log.Progress.Last().Completed);
        Assert.Contains(log.Verbose, v => v.Contains("state=running"));
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++) await Task.Delay(20);
        Assert.True(condition());
    }

    private static async Task AfterASuccessfulPollAsync(MarketHarness h)
    {
        await WaitUntilAsync(() => h.Server.State.PendingFailures("market-state") == 0);
        // Hits count requests as they arrive: two more mean the first of them has been answered (polls are sequential).
        var polls = h.StatePolls;
        await WaitUntilAsync(() => h.StatePolls > polls + 1);
    }

    /// <summary>Collects what the watch reports (it runs on the test's thread pool, so the lists are locked).</summary>
    private sealed class RecordingLog : IOlaresProgressLog
    {
        public List<OlaresProgress> Progress { get; } = new();

        public List<string> Verbose { get; } = new();

        void IOlaresProgressLog.Progress(OlaresProgress progress) { lock (Progress) Progress.Add(progress); }

        void IOlaresLog.Verbose(string message) { lock (Verbose) Verbose.Add(message); }

        void IOlaresLog.Debug(string message) { }

        void IOlaresLog.Warning(string message) { }
    }
}
