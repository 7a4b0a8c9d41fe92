using System;
using System.Diagnostics;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;

namespace Olares.Files
{
    /// <summary>
    /// Counts the bytes and files of a transfer from any number of worker tasks and reports them as progress
    /// (bytes, rate, files, time left) twice a second through <see cref="OlaresProgressReporter"/>.
    /// </summary>
    public sealed class TransferProgress
    {
        public static readonly TimeSpan ReportInterval = TimeSpan.FromMilliseconds(500);

        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private long _bytes;
        private long _totalBytes;
        private int _files;
        private int _totalFiles;
        private string? _current;
        private double _rate;
        private long _lastBytes;
        private TimeSpan _lastTime;

        public TransferProgress(string activity, int activityId)
        {
            Activity = activity;
            ActivityId = activityId;
        }

        public string Activity { get; }

        public int ActivityId { get; }

        public long Bytes => Interlocked.Read(ref _bytes);

        public long TotalBytes => Interlocked.Read(ref _totalBytes);

        public int Files => Volatile.Read(ref _files);

        public int TotalFiles => Volatile.Read(ref _totalFiles);

        public void AddTotal(long bytes, int files)
        {
            long seen, next;
            do
            {
                seen = Interlocked.Read(ref _totalBytes);
                next = SaturatingAdd(seen, bytes);
            }
            while (Interlocked.CompareExchange(ref _totalBytes, next, seen) != seen);

            Interlocked.Add(ref _totalFiles, files);
        }

        /// <summary>a + b for byte counts, at most long.MaxValue (a listing may claim sizes no file has; totals must not overflow).</summary>
        public static long SaturatingAdd(long a, long b)
        {
            if (b <= 0) return a;
            return a > long.MaxValue - b ? long.MaxValue : a + b;
        }

        /// <summary>Bytes moved (negative to take back bytes that will be sent or received again).</summary>
        public void AddBytes(long bytes) => Interlocked.Add(ref _bytes, bytes);

        public void FileDone() => Interlocked.Increment(ref _files);

        /// <summary>The file being worked on, shown as the current operation.</summary>
        public void SetCurrent(string? name) => Volatile.Write(ref _current, name);

        /// <summary>Reports every <see cref="ReportInterval"/> until <paramref name="ct"/> is cancelled, then once more as completed.</summary>
        public async Task RunReporterAsync(CancellationToken ct)
        {
            try
            {
                while (true)
                {
                    await Task.Delay(ReportInterval, ct).ConfigureAwait(false);
                    OlaresProgressReporter.Report(Snapshot(false));
                }
            }
            catch (OperationCanceledException)
            {
            }

            OlaresProgressReporter.Report(Snapshot(true));
        }

        /// <summary>The current state as a progress record.</summary>
        public OlaresProgress Snapshot(bool completed)
        {
            var bytes = Bytes;
            var total = TotalBytes;
            var now = _clock.Elapsed;
            var dt = (now - _lastTime).TotalSeconds;
            if (dt > 0.2)
            {
                var instant = (bytes - _lastBytes) / dt;
                _rate = _rate <= 0 ? instant : (0.6 * _rate) + (0.4 * instant);
                _lastBytes = bytes;
                _lastTime = now;
            }

            var percent = total > 0 ? (int)Math.Max(0, Math.Min(100, bytes / (double)total * 100)) : (TotalFiles > 0 ? Files * 100 / TotalFiles : -1);
            var remaining = _rate > 1 && total > bytes ? (int)Math.Min(int.MaxValue, (total - bytes) / _rate) : -1;
            return new OlaresProgress
            {
                ActivityId = ActivityId,
                Activity = Activity,
                StatusDescription = string.Format(CultureInfo.InvariantCulture, "{0} of {1}, {2}/s, {3} of {4} file(s)",
                    FormatBytes(bytes), FormatBytes(total), FormatBytes((long)Math.Max(0, _rate)), Files, TotalFiles),
                CurrentOperation = Volatile.Read(ref _current),
                PercentComplete = percent,
                SecondsRemaining = remaining,
                Completed = completed,
            };
        }

        public static string FormatBytes(long bytes)
        {
            string[] units = { "B", "KiB", "MiB", "GiB", "TiB" };
            double v = bytes;
            var u = 0;
            while (v >= 1024 && u < units.Length - 1)
            {
                v /= 1024;
                u++;
            }

            return u == 0 ? bytes.ToString(CultureInfo.InvariantCulture) + " B" : v.ToString("0.0", CultureInfo.InvariantCulture) + " " + units[u];
        }
    }
}
