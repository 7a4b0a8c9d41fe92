using System.Collections.Generic;
using Olares.Errors;

namespace Olares.Files
{
    /// <summary>What a download will do: files, local folders to create (empty ones included), and per-item problems. Immutable.</summary>
    public sealed class DownloadPlan
    {
        internal DownloadPlan(IReadOnlyList<DownloadJob> jobs, IReadOnlyList<string> directories, IReadOnlyList<OlaresException> problems)
        {
            Jobs = jobs;
            Directories = directories;
            Problems = problems;
            foreach (var job in jobs) TotalBytes = TransferProgress.SaturatingAdd(TotalBytes, job.Size);
        }

        public IReadOnlyList<DownloadJob> Jobs { get; }

        public IReadOnlyList<string> Directories { get; }

        /// <summary>Problems found while planning: refused or colliding names, sources that do not exist, a folder over a file.</summary>
        public IReadOnlyList<OlaresException> Problems { get; }

        public long TotalBytes { get; }
    }
}
