using System.Collections.Generic;
using Olares.Errors;

namespace Olares.Files
{
    /// <summary>What an upload will do, decided before anything is sent. Immutable: the run reports into its own stream.</summary>
    public sealed class UploadPlan
    {
        internal UploadPlan(RemotePath destination, IReadOnlyList<UploadJob> jobs, IReadOnlyList<RemotePath> folders, IReadOnlyList<OlaresException> problems)
        {
            Destination = destination;
            Jobs = jobs;
            Folders = folders;
            Problems = problems;
            foreach (var job in jobs) TotalBytes = TransferProgress.SaturatingAdd(TotalBytes, job.Size);
        }

        /// <summary>The existing remote folder everything goes into.</summary>
        public RemotePath Destination { get; }

        /// <summary>The files, in the order they are started (empty files included: they are created, not chunked).</summary>
        public IReadOnlyList<UploadJob> Jobs { get; }

        /// <summary>Every remote folder of the folder uploads, parents first: made before any file goes up.</summary>
        public IReadOnlyList<RemotePath> Folders { get; }

        /// <summary>Per-item problems found while planning (a local path that does not exist, a name the server cannot take...).</summary>
        public IReadOnlyList<OlaresException> Problems { get; }

        public long TotalBytes { get; }
    }
}
