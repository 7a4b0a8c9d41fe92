using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
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

        /// <summary>The folders to create that no file of the plan goes into (empty remote folders, or folders whose files were refused).</summary>
        public IReadOnlyList<string> EmptyDirectories => Directories.Where(d => !Jobs.Any(j => IsInside(d, j.LocalPath))).ToList();

        /// <summary>
        /// The plan for <paramref name="jobs"/> only (those approved, in this plan's order) with the folders they go
        /// into, plus <paramref name="emptyDirectories"/>; without the problems, which belong to the whole plan.
        /// </summary>
        public DownloadPlan Only(IEnumerable<DownloadJob> jobs, IEnumerable<string> emptyDirectories)
        {
            var kept = new HashSet<DownloadJob>(jobs);
            var keptDirectories = new HashSet<string>(emptyDirectories, StringComparer.Ordinal);
            var selected = Jobs.Where(kept.Contains).ToList();
            var directories = Directories.Where(d => keptDirectories.Contains(d) || selected.Any(j => IsInside(d, j.LocalPath))).ToList();
            return new DownloadPlan(selected, directories, new OlaresException[0]);
        }

        private static bool IsInside(string directory, string path) =>
            path.StartsWith(directory.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal);
    }
}
