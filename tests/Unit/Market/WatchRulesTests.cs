using Olares.Market;
using Xunit;

namespace Olares.Tests.Market;

/// <summary>Every row of the terminal-rules table of protocol §7.4, evaluated on single polls.</summary>
public sealed class WatchRulesTests
{
    private static AppStateRow Row(string state, string opType = "", string? time = null)
        => new() { Name = "app", Source = "market.olares", State = state, OpType = opType, StatusTime = time };

    private static WatchRule Rule(string op) => WatchRules.All.Single(r => r.Operation == op);

    [Theory]
    // install, upgrade: running (+match) succeeds; *Failed and *Canceled (+match) fail; other ops are not ours.
    [InlineData("install", "running", "install", WatchVerdict.Succeeded)]
    [InlineData("install", "running", "upgrade", WatchVerdict.Pending)]
    [InlineData("install", "running", "", WatchVerdict.Pending)]
    [InlineData("install", "downloadFailed", "install", WatchVerdict.Failed)]
    [InlineData("install", "installFailed", "install", WatchVerdict.Failed)]
    [InlineData("install", "downloadingCanceled", "install", WatchVerdict.Failed)]
    [InlineData("install", "installFailed", "upgrade", WatchVerdict.Pending)]
    [InlineData("install", "downloadingCancelFailed", "install", WatchVerdict.Pending)]
    [InlineData("install", "downloading", "install", WatchVerdict.Pending)]
    [InlineData("upgrade", "running", "upgrade", WatchVerdict.Succeeded)]
    [InlineData("upgrade", "running", "install", WatchVerdict.Pending)]
    [InlineData("upgrade", "upgradeFailed", "upgrade", WatchVerdict.Failed)]
    [InlineData("upgrade", "upgradingCanceled", "upgrade", WatchVerdict.Failed)]
    // uninstall: uninstalled (+match); uninstallFailed (+match).
    [InlineData("uninstall", "uninstalled", "uninstall", WatchVerdict.Succeeded)]
    [InlineData("uninstall", "uninstalled", "", WatchVerdict.Pending)]
    [InlineData("uninstall", "uninstallFailed", "uninstall", WatchVerdict.Failed)]
    [InlineData("uninstall", "uninstallFailed", "install", WatchVerdict.Pending)]
    [InlineData("uninstall", "uninstalling", "uninstall", WatchVerdict.Pending)]
    // stop: stopped (already stopped with an empty opType too); stopFailed.
    [InlineData("stop", "stopped", "stop", WatchVerdict.Succeeded)]
    [InlineData("stop", "stopped", "", WatchVerdict.Succeeded)]
    [InlineData("stop", "stopped", "install", WatchVerdict.Pending)]
    [InlineData("stop", "stopFailed", "stop", WatchVerdict.Failed)]
    [InlineData("stop", "stopFailed", "", WatchVerdict.Failed)]
    [InlineData("stop", "stopping", "stop", WatchVerdict.Pending)]
    [InlineData("stop", "running", "", WatchVerdict.Pending)]
    // resume: running (already running with an empty opType too); resumeFailed, resumingCanceled, resumingCancelFailed.
    [InlineData("resume", "running", "resume", WatchVerdict.Succeeded)]
    [InlineData("resume", "running", "", WatchVerdict.Succeeded)]
    [InlineData("resume", "running", "install", WatchVerdict.Pending)]
    [InlineData("resume", "resumeFailed", "resume", WatchVerdict.Failed)]
    [InlineData("resume", "resumingCanceled", "cancel", WatchVerdict.Failed)]
    [InlineData("resume", "resumingCancelFailed", "cancel", WatchVerdict.Failed)]
    [InlineData("resume", "stopped", "stop", WatchVerdict.Pending)]
    // restart (no baseline here): running with any op; stop/resume failures.
    [InlineData("restart", "running", "resume", WatchVerdict.Succeeded)]
    [InlineData("restart", "running", "install", WatchVerdict.Succeeded)]
    [InlineData("restart", "stopFailed", "stop", WatchVerdict.Failed)]
    [InlineData("restart", "resumeFailed", "resume", WatchVerdict.Failed)]
    [InlineData("restart", "resumingCanceled", "", WatchVerdict.Failed)]
    [InlineData("restart", "resumingCancelFailed", "", WatchVerdict.Failed)]
    [InlineData("restart", "stopped", "stop", WatchVerdict.Pending)]
    // cancel: running, stopped, uninstalled, every *Canceled and *Failed (any op) succeed; *CancelFailed fails.
    [InlineData("cancel", "running", "install", WatchVerdict.Succeeded)]
    [InlineData("cancel", "stopped", "", WatchVerdict.Succeeded)]
    [InlineData("cancel", "uninstalled", "uninstall", WatchVerdict.Succeeded)]
    [InlineData("cancel", "pendingCanceled", "cancel", WatchVerdict.Succeeded)]
    [InlineData("cancel", "applyingEnvCanceled", "cancel", WatchVerdict.Succeeded)]
    [InlineData("cancel", "installFailed", "install", WatchVerdict.Succeeded)]
    [InlineData("cancel", "failed", "", WatchVerdict.Succeeded)]
    [InlineData("cancel", "downloadingCancelFailed", "cancel", WatchVerdict.Failed)]
    [InlineData("cancel", "resumingCancelFailed", "cancel", WatchVerdict.Failed)]
    [InlineData("cancel", "downloadingCanceling", "cancel", WatchVerdict.Pending)]
    // status: running, stopped, uninstalled, *Canceled succeed; *Failed and *CancelFailed fail.
    [InlineData("status", "running", "", WatchVerdict.Succeeded)]
    [InlineData("status", "stopped", "stop", WatchVerdict.Succeeded)]
    [InlineData("status", "uninstalled", "uninstall", WatchVerdict.Succeeded)]
    [InlineData("status", "initializingCanceled", "cancel", WatchVerdict.Succeeded)]
    [InlineData("status", "upgradeFailed", "upgrade", WatchVerdict.Failed)]
    [InlineData("status", "pendingCancelFailed", "cancel", WatchVerdict.Failed)]
    [InlineData("status", "downloading", "install", WatchVerdict.Pending)]
    public void Terminal_states_follow_the_table(string op, string state, string opType, WatchVerdict expected)
    {
        Assert.Equal(expected, Rule(op).Evaluate(Row(state, opType), seenBefore: true, baseline: null));
    }

    [Theory]
    [InlineData("uninstall", false, WatchVerdict.Succeeded)] // absent = success, even on the first poll
    [InlineData("uninstall", true, WatchVerdict.Succeeded)]
    [InlineData("cancel", false, WatchVerdict.Pending)]      // absent only counts after the row was seen
    [InlineData("cancel", true, WatchVerdict.Succeeded)]
    [InlineData("status", false, WatchVerdict.Pending)]
    [InlineData("status", true, WatchVerdict.Succeeded)]
    [InlineData("install", true, WatchVerdict.Pending)]
    [InlineData("upgrade", true, WatchVerdict.Pending)]
    [InlineData("stop", true, WatchVerdict.Pending)]
    [InlineData("resume", true, WatchVerdict.Pending)]
    [InlineData("restart", true, WatchVerdict.Pending)]
    public void An_absent_row_follows_the_table(string op, bool seenBefore, WatchVerdict expected)
    {
        Assert.Equal(expected, Rule(op).Evaluate(null, seenBefore, baseline: null));
    }

    [Theory]
    [InlineData("2026-01-01T10:00:00.000000001Z", WatchVerdict.Pending)]   // same instant at .NET precision: not newer
    [InlineData("2026-01-01T10:00:00Z", WatchVerdict.Pending)]             // the baseline itself
    [InlineData("2026-01-01T09:59:59Z", WatchVerdict.Pending)]             // older
    [InlineData("2026-01-01T10:00:00.0000001Z", WatchVerdict.Succeeded)]   // strictly newer
    [InlineData("2026-01-01T12:00:01+02:00", WatchVerdict.Succeeded)]      // newer, other offset
    [InlineData("not a time", WatchVerdict.Pending)]
    [InlineData(null, WatchVerdict.Pending)]
    public void Restart_only_counts_rows_strictly_newer_than_the_baseline(string? time, WatchVerdict expected)
    {
        var baseline = DateTimeOffset.Parse("2026-01-01T10:00:00Z");
        Assert.Equal(expected, WatchRules.Restart.Evaluate(Row("running", "resume", time), true, baseline));
        // The same rule gates failures: an old stopFailed is not this restart's failure.
        var failure = WatchRules.Restart.Evaluate(Row("stopFailed", "stop", time), true, baseline);
        Assert.Equal(expected == WatchVerdict.Succeeded ? WatchVerdict.Failed : WatchVerdict.Pending, failure);
    }

    [Fact]
    public void Restart_without_a_baseline_accepts_any_running_row()
    {
        Assert.Equal(WatchVerdict.Succeeded, WatchRules.Restart.Evaluate(Row("running", "", null), false, null));
    }

    [Fact]
    public void The_state_sets_are_the_protocols()
    {
        Assert.Equal(7, AppStates.Canceled.Count);
        Assert.Equal(6, AppStates.CancelFailed.Count);
        Assert.Equal(8, AppStates.Failed.Count);
        Assert.Contains("applyEnvFailed", AppStates.Failed);
        Assert.DoesNotContain("initializingCancelFailed", AppStates.CancelFailed);
        Assert.Empty(AppStates.Canceled.Intersect(AppStates.CancelFailed));
        Assert.Empty(AppStates.Failed.Intersect(AppStates.CancelFailed));
    }

    [Theory]
    [InlineData("running", true)]
    [InlineData("stopped", true)]
    [InlineData("initializing", true)]
    [InlineData("upgrading", true)]
    [InlineData("uninstallFailed", true)]
    [InlineData("uninstalled", false)]
    [InlineData("pending", false)]
    [InlineData("pendingCanceled", false)]
    [InlineData("downloading", false)]
    [InlineData("downloadingCancelFailed", false)]
    [InlineData("downloadFailed", false)]
    [InlineData("installing", false)]
    [InlineData("installingCanceling", false)]
    [InlineData("installFailed", false)]
    [InlineData("", false)]
    public void Installed_excludes_uninstalled_and_the_pre_install_lifecycle(string state, bool installed)
    {
        Assert.Equal(installed, AppStates.IsInstalled(state));
    }
}
