using Olares.Files;

namespace Olares.PowerShell.Output
{
    /// <summary>A copy or move running on the server (Copy-OlaresItem / Move-OlaresItem -NoWait).</summary>
    public sealed class OlaresTask
    {
        public string Id { get; set; } = string.Empty;

        public string Node { get; set; } = string.Empty;

        /// <summary>copy or move.</summary>
        public string Action { get; set; } = string.Empty;

        public string Status { get; set; } = string.Empty;

        public int Progress { get; set; }

        public string Source { get; set; } = string.Empty;

        public string Destination { get; set; } = string.Empty;

        public string? FailedReason { get; set; }

        /// <summary>
        /// The profile (olaresId) this object belongs to. -Profile of every server cmdlet binds to it from the pipeline,
        /// so piped objects go back to the account they came from.
        /// </summary>
        public string Profile { get; set; } = string.Empty;

        internal static OlaresTask From(RemoteTask task, string action, string source, string destination, string profile) => new OlaresTask
        {
            Profile = profile,
            Id = task.Id,
            Node = task.Node,
            Action = action,
            Status = task.Status,
            Progress = task.Progress,
            Source = source,
            Destination = destination,
            FailedReason = task.FailedReason,
        };
    }
}
