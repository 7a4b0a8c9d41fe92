using System;

namespace Olares.Auth
{
    /// <summary>
    /// Spacing of refresh attempts while the auth service keeps failing (5xx, timeouts, a proxy's page): the first
    /// failure may be retried at once, since one bad answer is common and cheap; from the second in a row each next
    /// POST waits 1 s, 2 s, 4 s ... up to 30 s, each jittered down to half, so a runbook looping on a broken auth
    /// service cannot turn every request into a refresh, and many processes do not retry in step. Not thread-safe:
    /// the credential uses it under its in-process gate.
    /// </summary>
    internal sealed class RefreshBackoff
    {
        public static readonly TimeSpan First = TimeSpan.FromSeconds(1);

        public static readonly TimeSpan Longest = TimeSpan.FromSeconds(30);

        private readonly Random _random = new Random();
        private DateTimeOffset _notBefore;

        /// <summary>Transient failures in a row.</summary>
        public int Failures { get; private set; }

        /// <summary>How long the next POST must still wait; zero when it may go now.</summary>
        public TimeSpan Remaining(DateTimeOffset now) => _notBefore > now ? _notBefore - now : TimeSpan.Zero;

        public void Failed(DateTimeOffset now)
        {
            Failures++;
            if (Failures < 2) return;
            var full = Failures - 2 >= 5 ? Longest : TimeSpan.FromTicks(Math.Min(Longest.Ticks, First.Ticks << (Failures - 2)));
            _notBefore = now + TimeSpan.FromTicks((long)(full.Ticks * (0.5 + 0.5 * _random.NextDouble())));
        }

        /// <summary>An answer came (a new grant, or a definite rejection): back to normal.</summary>
        public void Reset()
        {
            Failures = 0;
            _notBefore = default;
        }
    }
}
