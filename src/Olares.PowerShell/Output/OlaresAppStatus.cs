using System;
using System.Globalization;
using Olares.Market;

namespace Olares.PowerShell.Output
{
    /// <summary>One row of the user's app state (Get-OlaresAppStatus).</summary>
    public sealed class OlaresAppStatus
    {
        public string Name { get; set; } = string.Empty;

        public string? Title { get; set; }

        /// <summary>running, stopped, downloading, installFailed, ...</summary>
        public string State { get; set; } = string.Empty;

        /// <summary>The operation that led to the state (install, upgrade, stop, ...); empty when none.</summary>
        public string? OpType { get; set; }

        /// <summary>Percent complete; null when the server reports none (shown as "-").</summary>
        public double? Progress { get; set; }

        /// <summary>The version last requested (e.g. the target of a failed upgrade).</summary>
        public string? Version { get; set; }

        public string Source { get; set; } = string.Empty;

        public string? Message { get; set; }

        public string? Reason { get; set; }

        /// <summary>When the state last changed.</summary>
        public DateTimeOffset? StatusTime { get; set; }

        public string? RawAppName { get; set; }

        public string? CfgType { get; set; }

        /// <summary>
        /// The profile (olaresId) this object belongs to. -Profile of every server cmdlet binds to it from the pipeline,
        /// so piped objects go back to the account they came from.
        /// </summary>
        public string Profile { get; set; } = string.Empty;

        internal static OlaresAppStatus From(AppStateRow row, CultureInfo culture, string profile) => new OlaresAppStatus
        {
            Profile = profile,
            Name = row.Name,
            Title = row.Title.Resolve(culture),
            State = row.State,
            OpType = row.OpType,
            Progress = row.ProgressValue,
            Version = row.Version,
            Source = row.Source,
            Message = row.Message,
            Reason = row.Reason,
            StatusTime = row.StatusTimeValue,
            RawAppName = row.RawAppName,
            CfgType = row.CfgType,
        };
    }
}
