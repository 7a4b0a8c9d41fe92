using System;
using System.Diagnostics;
using System.Threading;

namespace Olares.Files
{
    /// <summary>
    /// Ends one transfer request that has made no progress for <see cref="Timeout"/> (security review D6: a stalled
    /// server must not hang an unattended script): <see cref="Token"/> is cancelled, and <see cref="Stalled"/> tells
    /// the caller that the cancellation was the watchdog's, not the user's. Progress is a time stamp, so reporting it
    /// per block costs nothing; a timer looks at it a few times per timeout.
    /// </summary>
    public sealed class StallWatchdog : IDisposable
    {
        private readonly CancellationTokenSource _cancellation;
        private readonly Timer? _timer;
        private readonly long _timeoutTicks;
        private long _lastProgress;
        private int _stalled;

        public StallWatchdog(TimeSpan timeout, CancellationToken outer)
        {
            Timeout = timeout;
            _cancellation = CancellationTokenSource.CreateLinkedTokenSource(outer);
            _lastProgress = Stopwatch.GetTimestamp();
            if (timeout <= TimeSpan.Zero || timeout == System.Threading.Timeout.InfiniteTimeSpan) return;
            _timeoutTicks = (long)(timeout.TotalSeconds * Stopwatch.Frequency);
            var period = TimeSpan.FromTicks(Math.Max(TimeSpan.FromMilliseconds(50).Ticks, Math.Min(TimeSpan.FromSeconds(1).Ticks, timeout.Ticks / 4)));
            _timer = new Timer(_ => Check(), null, period, period);
        }

        public TimeSpan Timeout { get; }

        /// <summary>Cancelled by the caller's token, or by the watchdog when the request stalls.</summary>
        public CancellationToken Token => _cancellation.Token;

        /// <summary>True when the watchdog (not the caller) ended the request.</summary>
        public bool Stalled => Volatile.Read(ref _stalled) == 1;

        /// <summary>Something moved: bytes sent or received, or an answer arrived.</summary>
        public void Progress() => Volatile.Write(ref _lastProgress, Stopwatch.GetTimestamp());

        /// <summary>Registers <paramref name="action"/> to run when the request is ended (e.g. disposing a response whose reads ignore tokens).</summary>
        public CancellationTokenRegistration OnEnd(Action action) => _cancellation.Token.Register(action);

        private void Check()
        {
            if (Stopwatch.GetTimestamp() - Volatile.Read(ref _lastProgress) < _timeoutTicks || _cancellation.IsCancellationRequested) return;
            if (Interlocked.Exchange(ref _stalled, 1) == 1) return;
            try
            {
                _cancellation.Cancel();
            }
            catch (ObjectDisposedException)
            {
            }
        }

        public void Dispose()
        {
            _timer?.Dispose();
            _cancellation.Dispose();
        }
    }
}
