using System;
using System.Collections.Generic;
using System.Linq;

namespace Olares.Market
{
    /// <summary>The named sets of app states of protocol §7.4, and the "installed" filter.</summary>
    public static class AppStates
    {
        public const string Running = "running";
        public const string Stopped = "stopped";
        public const string Uninstalled = "uninstalled";

        public static readonly IReadOnlyCollection<string> Canceled = Set(
            "pendingCanceled", "downloadingCanceled", "installingCanceled", "initializingCanceled", "upgradingCanceled",
            "applyingEnvCanceled", "resumingCanceled");

        public static readonly IReadOnlyCollection<string> CancelFailed = Set(
            "pendingCancelFailed", "downloadingCancelFailed", "installingCancelFailed", "upgradingCancelFailed",
            "applyingEnvCancelFailed", "resumingCancelFailed");

        public static readonly IReadOnlyCollection<string> Failed = Set(
            "downloadFailed", "installFailed", "uninstallFailed", "upgradeFailed", "stopFailed", "resumeFailed",
            "applyEnvFailed", "failed");

        /// <summary>States of an operation still in progress that uninstall cancels first (protocol §7.3).</summary>
        public static readonly IReadOnlyCollection<string> InFlight = Set(
            "pending", "downloading", "installing", "initializing", "upgrading", "applyingEnv", "resuming");

        private static readonly string[] PreInstallPrefixes = { "pending", "downloading", "installing" };

        /// <summary>
        /// True for every state of an installed app: everything except "uninstalled" and the pre-install lifecycle
        /// (pending*, downloading*, installing*, downloadFailed, installFailed, with their Canceling/Canceled/
        /// CancelFailed variants).
        /// </summary>
        public static bool IsInstalled(string? state)
        {
            if (string.IsNullOrEmpty(state) || state == Uninstalled) return false;
            if (state == "downloadFailed" || state == "installFailed") return false;
            foreach (var prefix in PreInstallPrefixes)
            {
                if (state!.StartsWith(prefix, StringComparison.Ordinal)) return false;
            }

            return true;
        }

        public static bool IsInFlight(string? state) => state != null && InFlight.Contains(state);

        private static IReadOnlyCollection<string> Set(params string[] states) => new HashSet<string>(states, StringComparer.Ordinal);
    }
}
