using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Olares.Errors;

namespace Olares.Files
{
    /// <summary>
    /// One Remove-OlaresFile (olares-cli's files rm): targets grouped by folder, one listing and one DELETE with all
    /// the names per folder, shallow folders first, so that items inside a folder already deleted (Get-OlaresChildItem
    /// -Recurse | Remove-OlaresFile) are skipped. The caller approves each item between <see cref="CheckAsync"/> and
    /// <see cref="RemoveAsync"/>.
    /// </summary>
    public sealed class RemoveOperation
    {
        private readonly RemoteListings _listings;
        private readonly List<RemotePath> _removedFolders = new List<RemotePath>();

        internal RemoveOperation(RemoteListings listings, IEnumerable<RemotePath> targets, bool recurse)
        {
            _listings = listings;
            Recurse = recurse;
            var problems = new List<OlaresException>();
            var allowed = new List<RemotePath>();
            foreach (var target in targets)
            {
                var reason = target.ProtectionReason();
                if (reason != null) problems.Add(new OlaresProtectedPathException(target.ToString(), "delete", reason));
                else allowed.Add(target);
            }

            Problems = problems;
            Groups = allowed.GroupBy(t => t.Parent!).OrderBy(g => g.Key.Segments.Count).Select(g => new RemoveGroup(g.Key, g.Distinct().ToList())).ToList();
        }

        public bool Recurse { get; }

        /// <summary>Targets refused before any request (protected names).</summary>
        public IReadOnlyList<OlaresException> Problems { get; }

        /// <summary>One group per folder, shallow folders first.</summary>
        public IReadOnlyList<RemoveGroup> Groups { get; }

        /// <summary>
        /// Lists the group's folder: the items that may be deleted, and a problem for each target that is missing or is
        /// a folder without -Recurse. Targets inside a folder this operation already deleted are skipped silently.
        /// </summary>
        public async Task<RemoveCheck> CheckAsync(RemoveGroup group, CancellationToken ct)
        {
            var targets = group.Targets.Where(t => !_removedFolders.Any(f => f.Contains(t))).ToList();
            var candidates = new List<RemoteItem>();
            var problems = new List<OlaresException>();
            if (targets.Count == 0) return new RemoveCheck(candidates, problems);
            RemoteListing listing;
            try
            {
                listing = await _listings.ListAsync(group.Parent, ct).ConfigureAwait(false);
            }
            catch (OlaresNotFoundException)
            {
                return new RemoveCheck(candidates, targets.Select(t => (OlaresException)FilesClient.NotFound(t)).ToList());
            }

            foreach (var target in targets)
            {
                var item = listing.Find(target.Name);
                if (item == null) problems.Add(FilesClient.NotFound(target));
                else if (item.IsDirectory && !Recurse) problems.Add(OlaresItemTypeException.IsDirectory(item.Path.ToString(), "add -Recurse to delete it with everything in it"));
                else candidates.Add(item);
            }

            return new RemoveCheck(candidates, problems);
        }

        /// <summary>One DELETE for the approved items of a group.</summary>
        public async Task RemoveAsync(RemoveGroup group, IReadOnlyList<RemoteItem> approved, CancellationToken ct)
        {
            if (approved.Count == 0) return;
            _listings.Forget(group.Parent);
            await _listings.Client.RemoveAsync(group.Parent, approved, ct).ConfigureAwait(false);
            _removedFolders.AddRange(approved.Where(a => a.IsDirectory).Select(a => a.Path));
        }
    }
}
