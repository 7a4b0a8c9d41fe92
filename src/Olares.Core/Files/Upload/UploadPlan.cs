using System.Collections.Generic;
using System.Linq;
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

        /// <summary>The remote folders of the folder uploads that did not exist when planned, parents first: made before any file goes up.</summary>
        public IReadOnlyList<RemotePath> Folders { get; }

        /// <summary>The folders to make that no file of the plan goes into (empty local folders, or folders whose files were refused).</summary>
        public IReadOnlyList<RemotePath> EmptyFolders => Folders.Where(f => !Jobs.Any(j => f.Contains(j.Target))).ToList();

        /// <summary>
        /// The plan for <paramref name="jobs"/> only (those approved, in this plan's order) with the folders they go
        /// into, plus <paramref name="emptyFolders"/>; without the problems, which belong to the whole plan.
        /// </summary>
        public UploadPlan Only(IEnumerable<UploadJob> jobs, IEnumerable<RemotePath> emptyFolders)
        {
            var kept = new HashSet<UploadJob>(jobs);
            var keptFolders = new HashSet<RemotePath>(emptyFolders);
            var selected = Jobs.Where(kept.Contains).ToList();
            var folders = Folders.Where(f => keptFolders.Contains(f) || selected.Any(j => f.Contains(j.Target))).ToList();
            return new UploadPlan(Destination, selected, folders, new OlaresException[0]);
        }

        /// <summary>Per-item problems found while planning (a local path that does not exist, a name the server cannot take...).</summary>
        public IReadOnlyList<OlaresException> Problems { get; }

        public long TotalBytes { get; }
    }
}
