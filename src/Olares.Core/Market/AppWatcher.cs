using System;
using System.Diagnostics;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using Olares.Errors;
using Olares.Http;

namespace Olares.Market
{
    /// <summary>How long and how often -Wait polls.</summary>
    public sealed class WatchOptions
    {
        public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(15);
        public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(2);

        /// <summary>Failed polls tolerated in a row; one more aborts the watch.</summary>
        public const int MaxFailedPolls = 5;

        public TimeSpan Timeout { get; set; } = DefaultTimeout;

        public TimeSpan Interval { get; set; } = DefaultInterval;

        /// <summary>Write-Progress activity id.</summary>
        public int ActivityId { get; set; } = 1;
    }

    /// <summary>
    /// Follows one app in GET /market/state until its <see cref="WatchRule"/> says it is done (protocol §7.4): polls at
    /// once, then every interval until the timeout; tolerates <see cref="WatchOptions.MaxFailedPolls"/> failed polls in
    /// a row (but never a refused login: <see cref="RetryPolicy.Poll"/>); reports state and progress as it goes.
    /// </summary>
    public static class AppWatcher
    {
        /// <summary>
        /// Returns the final row (null when success is the row's absence). Throws
        /// <see cref="OlaresAppOperationFailedException"/> on a failure state, <see cref="OlaresWatchTimeoutException"/>
        /// on timeout, or the last fetch error after too many failed polls.
        /// </summary>
        public static async Task<AppStateRow?> WatchAsync(Func<CancellationToken, Task<AppStateSnapshot>> fetch, WatchRule rule, string app, string? source,
            DateTimeOffset? baseline, WatchOptions options, CancellationToken ct)
        {
            var clock = Stopwatch.StartNew();
            var tolerance = RetryPolicy.Poll(options.Interval, WatchOptions.MaxFailedPolls);
            var failures = 0;
            var seen = false;
            AppStateRow? last = null;
            var activity = char.ToUpperInvariant(rule.Operation[0]) + rule.Operation.Substring(1) + " '" + app + "'";
            try
            {
                while (true)
                {
                    ct.ThrowIfCancellationRequested();
                    AppStateSnapshot? snapshot = null;
                    try
                    {
                        snapshot = await fetch(ct).ConfigureAwait(false);
                        failures = 0;
                    }
                    catch (OlaresException e) when (tolerance.Allows(e, failures + 1))
                    {
                        failures++;
                        OlaresLog.Warning(string.Format(CultureInfo.InvariantCulture, "watch: failed to fetch state: {0} (retry {1})", e.Message, failures));
                    }

                    if (snapshot != null)
                    {
                        var row = snapshot.Find(app, source);
                        var verdict = rule.Evaluate(row, seen, baseline);
                        if (row != null)
                        {
                            seen = true;
                            last = row;
                        }

                        Report(options, activity, row, false);
                        OlaresLog.Verbose(row == null
                            ? "watch: '" + app + "' has no state row"
                            : string.Format(CultureInfo.InvariantCulture, "watch: '{0}' state={1} op={2} progress={3}", app, row.State, Dash(row.OpType), Dash(row.Progress)));
                        if (verdict == WatchVerdict.Succeeded) return row;
                        if (verdict == WatchVerdict.Failed)
                        {
                            throw new OlaresAppOperationFailedException(rule.Operation, app, row!.State, row.OpType, row.Reason, row.Message);
                        }
                    }

                    var remaining = options.Timeout - clock.Elapsed;
                    if (remaining <= TimeSpan.Zero) throw new OlaresWatchTimeoutException(rule.Operation, app, options.Timeout, last?.State, last?.OpType);
                    await Task.Delay(remaining < options.Interval ? remaining : options.Interval, ct).ConfigureAwait(false);
                }
            }
            finally
            {
                Report(options, activity, last, true);
            }
        }

        private static void Report(WatchOptions options, string activity, AppStateRow? row, bool completed)
        {
            var progress = row?.ProgressValue;
            OlaresProgressReporter.Report(new OlaresProgress
            {
                ActivityId = options.ActivityId,
                Activity = activity,
                StatusDescription = row == null ? "waiting for the app's state" : row.State + (progress.HasValue ? string.Format(CultureInfo.InvariantCulture, " {0:0.##}%", progress.Value) : string.Empty),
                CurrentOperation = row?.OpType,
                PercentComplete = progress.HasValue ? (int)Math.Round(progress.Value) : -1,
                Completed = completed,
            });
        }

        private static string Dash(string? s) => string.IsNullOrEmpty(s) ? "-" : s!;
    }
}
