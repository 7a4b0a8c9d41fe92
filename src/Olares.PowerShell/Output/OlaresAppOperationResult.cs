using System;
using Olares.Market;

namespace Olares.PowerShell.Output
{
    /// <summary>
    /// What a market operation did: "accepted" (sent; -PassThru without -Wait) or "success" (-Wait saw a terminal
    /// success state; State/OpType are the final ones, null when success was the app's row disappearing).
    /// </summary>
    public sealed class OlaresAppOperationResult
    {
        /// <summary>The app the operation was about.</summary>
        public string Name { get; set; } = string.Empty;

        /// <summary>The new app a clone created.</summary>
        public string? TargetName { get; set; }

        /// <summary>install, upgrade, uninstall, stop, resume, restart, cancel, clone or upload.</summary>
        public string Operation { get; set; } = string.Empty;

        /// <summary>accepted or success.</summary>
        public string Status { get; set; } = string.Empty;

        public string? Message { get; set; }

        public string? Source { get; set; }

        public string? Version { get; set; }

        /// <summary>The final state seen by -Wait.</summary>
        public string? State { get; set; }

        public string? OpType { get; set; }

        public double? Progress { get; set; }

        public DateTimeOffset? StatusTime { get; set; }

        /// <summary>
        /// The profile (olaresId) this object belongs to. -Profile of every server cmdlet binds to it from the pipeline,
        /// so piped objects go back to the account they came from.
        /// </summary>
        public string Profile { get; set; } = string.Empty;

        internal static OlaresAppOperationResult From(AppOperationOutcome outcome, string profile) => new OlaresAppOperationResult
        {
            Profile = profile,
            Name = outcome.App,
            TargetName = outcome.TargetApp,
            Operation = outcome.Operation,
            Status = outcome.Status,
            Message = outcome.Message,
            Source = outcome.Source,
            Version = outcome.Final?.Version ?? outcome.Version,
            State = outcome.Final?.State,
            OpType = outcome.Final?.OpType,
            Progress = outcome.Final?.ProgressValue,
            StatusTime = outcome.Final?.StatusTimeValue,
        };
    }
}
