using System;
using System.Collections.Generic;
using System.Linq;

namespace Olares.Market
{
    public enum WatchVerdict
    {
        Pending,
        Succeeded,
        Failed,
    }

    /// <summary>How a rule treats the row's opType.</summary>
    public enum OpTypeRule
    {
        /// <summary>Any opType.</summary>
        Any,

        /// <summary>opType must equal the operation.</summary>
        Match,

        /// <summary>opType must equal the operation, or be empty (the app was already in that state).</summary>
        MatchOrEmpty,
    }

    /// <summary>What the absence of the app's row means.</summary>
    public enum AbsentRule
    {
        /// <summary>Keep waiting.</summary>
        Pending,

        /// <summary>Success, even on the first poll.</summary>
        Success,

        /// <summary>Success once the row has been seen at least once; keep waiting before.</summary>
        SuccessAfterSeen,
    }

    /// <summary>The terminal rule of one operation: one row of the table of protocol §7.4.</summary>
    public sealed class WatchRule
    {
        public WatchRule(string operation, IEnumerable<string> success, OpTypeRule successOpType, IEnumerable<string> failure, OpTypeRule failureOpType,
            AbsentRule absent, bool requiresNewerStatusTime = false)
        {
            Operation = operation;
            SuccessStates = new HashSet<string>(success, StringComparer.Ordinal);
            SuccessOpType = successOpType;
            FailureStates = new HashSet<string>(failure, StringComparer.Ordinal);
            FailureOpType = failureOpType;
            Absent = absent;
            RequiresNewerStatusTime = requiresNewerStatusTime;
        }

        /// <summary>The operation name as the row's opType spells it (install, upgrade, ...).</summary>
        public string Operation { get; }

        public IReadOnlyCollection<string> SuccessStates { get; }

        public OpTypeRule SuccessOpType { get; }

        public IReadOnlyCollection<string> FailureStates { get; }

        public OpTypeRule FailureOpType { get; }

        public AbsentRule Absent { get; }

        /// <summary>Only rows whose statusTime is strictly newer than the baseline taken before the request count (restart).</summary>
        public bool RequiresNewerStatusTime { get; }

        /// <summary>The verdict for one poll: <paramref name="row"/> null = absent; <paramref name="seenBefore"/> = an earlier poll had the row.</summary>
        public WatchVerdict Evaluate(AppStateRow? row, bool seenBefore, DateTimeOffset? baseline)
        {
            if (row == null)
            {
                switch (Absent)
                {
                    case AbsentRule.Success: return WatchVerdict.Succeeded;
                    case AbsentRule.SuccessAfterSeen: return seenBefore ? WatchVerdict.Succeeded : WatchVerdict.Pending;
                    default: return WatchVerdict.Pending;
                }
            }

            if (RequiresNewerStatusTime && baseline.HasValue)
            {
                var time = row.StatusTimeValue;
                if (!time.HasValue || time.Value <= baseline.Value) return WatchVerdict.Pending;
            }

            if (SuccessStates.Contains(row.State) && OpTypeAccepted(SuccessOpType, row.OpType)) return WatchVerdict.Succeeded;
            if (FailureStates.Contains(row.State) && OpTypeAccepted(FailureOpType, row.OpType)) return WatchVerdict.Failed;
            return WatchVerdict.Pending;
        }

        private bool OpTypeAccepted(OpTypeRule rule, string? opType)
        {
            switch (rule)
            {
                case OpTypeRule.Match: return string.Equals(opType, Operation, StringComparison.Ordinal);
                case OpTypeRule.MatchOrEmpty: return string.IsNullOrEmpty(opType) || string.Equals(opType, Operation, StringComparison.Ordinal);
                default: return true;
            }
        }
    }

    /// <summary>The table of protocol §7.4, as data.</summary>
    public static class WatchRules
    {
        private static readonly string[] RunningStoppedUninstalled = { AppStates.Running, AppStates.Stopped, AppStates.Uninstalled };
        private static readonly string[] ResumeFailures = { "resumeFailed", "resumingCanceled", "resumingCancelFailed" };

        public static readonly WatchRule Install = new WatchRule("install",
            new[] { AppStates.Running }, OpTypeRule.Match, AppStates.Failed.Concat(AppStates.Canceled), OpTypeRule.Match, AbsentRule.Pending);

        public static readonly WatchRule Upgrade = new WatchRule("upgrade",
            new[] { AppStates.Running }, OpTypeRule.Match, AppStates.Failed.Concat(AppStates.Canceled), OpTypeRule.Match, AbsentRule.Pending);

        public static readonly WatchRule Uninstall = new WatchRule("uninstall",
            new[] { AppStates.Uninstalled }, OpTypeRule.Match, new[] { "uninstallFailed" }, OpTypeRule.Match, AbsentRule.Success);

        public static readonly WatchRule Stop = new WatchRule("stop",
            new[] { AppStates.Stopped }, OpTypeRule.MatchOrEmpty, new[] { "stopFailed" }, OpTypeRule.Any, AbsentRule.Pending);

        public static readonly WatchRule Resume = new WatchRule("resume",
            new[] { AppStates.Running }, OpTypeRule.MatchOrEmpty, ResumeFailures, OpTypeRule.Any, AbsentRule.Pending);

        public static readonly WatchRule Restart = new WatchRule("restart",
            new[] { AppStates.Running }, OpTypeRule.Any, new[] { "stopFailed" }.Concat(ResumeFailures), OpTypeRule.Any, AbsentRule.Pending,
            requiresNewerStatusTime: true);

        public static readonly WatchRule Cancel = new WatchRule("cancel",
            RunningStoppedUninstalled.Concat(AppStates.Canceled).Concat(AppStates.Failed), OpTypeRule.Any,
            AppStates.CancelFailed, OpTypeRule.Any, AbsentRule.SuccessAfterSeen);

        public static readonly WatchRule Status = new WatchRule("status",
            RunningStoppedUninstalled.Concat(AppStates.Canceled), OpTypeRule.Any,
            AppStates.Failed.Concat(AppStates.CancelFailed), OpTypeRule.Any, AbsentRule.SuccessAfterSeen);

        /// <summary>
        /// Not in olares-cli's table: a clone is a new row with no earlier operation, so it succeeds at running and
        /// fails at any failed or canceled state, whatever the opType.
        /// </summary>
        public static readonly WatchRule Clone = new WatchRule("clone",
            new[] { AppStates.Running }, OpTypeRule.Any, AppStates.Failed.Concat(AppStates.Canceled), OpTypeRule.Any, AbsentRule.Pending);

        public static IReadOnlyList<WatchRule> All { get; } = new[] { Install, Upgrade, Uninstall, Stop, Resume, Restart, Cancel, Status, Clone };
    }
}
