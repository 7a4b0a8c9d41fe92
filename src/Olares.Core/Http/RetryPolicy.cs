using System;
using System.Collections.Generic;
using System.Linq;
using Olares.Errors;

namespace Olares.Http
{
    /// <summary>What another attempt of the same request can do about a failure.</summary>
    public enum RetryClass
    {
        /// <summary>It may go away: a broken or refused connection, a stall, a 5xx, a refresh that failed for now.</summary>
        Transient,

        /// <summary>The login was refused or is missing: only the user can fix it (another attempt costs a refresh or a lock wait).</summary>
        Auth,

        /// <summary>The same request gets the same answer: not found, refused, a malformed answer.</summary>
        Permanent,
    }

    public enum RetryMode
    {
        /// <summary>The same pause before every retry (olares-cli's uploads: 5 s).</summary>
        Fixed,

        /// <summary>A pause doubling from <see cref="RetryPolicy.Delay"/> up to <see cref="RetryPolicy.MaxDelay"/> (olares-cli's downloads).</summary>
        Exponential,
    }

    /// <summary>
    /// The one retry classifier of the module, with its modes as data: uploads (fixed 5 s, the web app's permanent
    /// status list), downloads (exponential 250 ms to 4 s), and polls of a server state (market -Wait, files tasks),
    /// which tolerate a few failed polls in a row of anything but a refused login.
    /// </summary>
    public sealed class RetryPolicy
    {
        /// <summary>Chunk answers no retry will change: the permanentErrors list of the web app's Resumable.js (§6.5).</summary>
        public static readonly IReadOnlyCollection<int> ChunkPermanentStatuses = new HashSet<int> { 400, 401, 403, 404, 409, 415, 440, 441, 442, 443, 459, 500, 501 };

        public RetryMode Mode { get; set; } = RetryMode.Exponential;

        /// <summary>The pause before the first retry (every retry in <see cref="RetryMode.Fixed"/> mode).</summary>
        public TimeSpan Delay { get; set; } = TimeSpan.FromMilliseconds(250);

        public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(4);

        /// <summary>Retries after the first attempt (failed polls in a row that are tolerated, for polls).</summary>
        public int MaxRetries { get; set; } = 3;

        /// <summary>Statuses that are <see cref="RetryClass.Permanent"/>; null: every 4xx but 408 and 429 (5xx are transient).</summary>
        public IReadOnlyCollection<int>? PermanentStatuses { get; set; }

        /// <summary>Also retry <see cref="RetryClass.Permanent"/> failures (a poll: one odd answer does not end a wait).</summary>
        public bool RetriesPermanentFailures { get; set; }

        /// <summary>Chunk POSTs (§6.5): 3 retries, a fixed 5 s pause, the web app's permanent statuses.</summary>
        public static RetryPolicy ChunkUpload() => new RetryPolicy
        {
            Mode = RetryMode.Fixed, Delay = TimeSpan.FromSeconds(5), MaxDelay = TimeSpan.FromSeconds(5), MaxRetries = 3, PermanentStatuses = ChunkPermanentStatuses,
        };

        /// <summary>Raw downloads (§6.3): 3 retries, 250 ms doubling to 4 s; a 4xx is permanent.</summary>
        public static RetryPolicy Download() => new RetryPolicy { Mode = RetryMode.Exponential, Delay = TimeSpan.FromMilliseconds(250), MaxDelay = TimeSpan.FromSeconds(4), MaxRetries = 3 };

        /// <summary>Polls of a server-side state: <paramref name="failedPolls"/> failed polls in a row are tolerated, refused logins never.</summary>
        public static RetryPolicy Poll(TimeSpan interval, int failedPolls) => new RetryPolicy
        {
            Mode = RetryMode.Fixed, Delay = interval, MaxDelay = interval, MaxRetries = failedPolls, RetriesPermanentFailures = true,
        };

        /// <summary>The class of an HTTP answer that is not a success.</summary>
        public RetryClass Classify(int status)
        {
            if (AuthStatus.IsAuthFailure(status)) return RetryClass.Auth;
            if (PermanentStatuses != null) return PermanentStatuses.Contains(status) ? RetryClass.Permanent : RetryClass.Transient;
            if (status >= 500 || status == 408 || status == 429) return RetryClass.Transient;
            return RetryClass.Permanent;
        }

        /// <summary>The class of a typed failure: the login's own failures are <see cref="RetryClass.Auth"/>, HTTP errors by status.</summary>
        public RetryClass Classify(Exception e)
        {
            switch (e)
            {
                case OlaresException o when o.Kind == OlaresErrorKind.Authentication || o.Kind == OlaresErrorKind.PermissionDenied:
                    return RetryClass.Auth;
                case OlaresHttpException h:
                    return Classify(h.StatusCode);
                case OlaresNotFoundException _:
                    return Classify(404);
                case OlaresException o:
                    return o.IsRetryable ? RetryClass.Transient : RetryClass.Permanent;
                default:
                    return RetryClass.Permanent;
            }
        }

        /// <summary>True when attempt number <paramref name="retry"/> (1 = the first retry) may follow a failure of this class.</summary>
        public bool Allows(RetryClass kind, int retry) =>
            retry <= MaxRetries && (kind == RetryClass.Transient || (kind == RetryClass.Permanent && RetriesPermanentFailures));

        public bool Allows(Exception e, int retry) => Allows(Classify(e), retry);

        /// <summary>The pause before retry number <paramref name="retry"/> (1-based).</summary>
        public TimeSpan DelayBefore(int retry)
        {
            if (Mode == RetryMode.Fixed || retry <= 1) return Delay;
            var ticks = Delay.Ticks;
            for (var i = 1; i < retry && ticks < MaxDelay.Ticks; i++) ticks *= 2;
            return TimeSpan.FromTicks(Math.Min(ticks, MaxDelay.Ticks));
        }

        /// <summary>
        /// A failure of the login itself (refused, missing, or a refresh that could not run): a probe that treats any
        /// failure as "nothing there" must still let these through, or the next request waits for the lock again.
        /// </summary>
        public static bool IsLoginFailure(Exception e) =>
            e is OlaresException o && (o.Kind == OlaresErrorKind.Authentication || o.Kind == OlaresErrorKind.PermissionDenied ||
                                       o is OlaresRefreshFailedException || o is OlaresRefreshLockTimeoutException);
    }
}
