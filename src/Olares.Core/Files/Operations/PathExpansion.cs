using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Olares.Errors;

namespace Olares.Files
{
    /// <summary>The remote paths some -Path values stand for, in order and each once, and what went wrong on the way.</summary>
    public sealed class PathExpansion
    {
        internal PathExpansion(IReadOnlyList<RemotePath> paths, IReadOnlyList<OlaresException> problems)
        {
            Paths = paths;
            Problems = problems;
        }

        /// <summary>A literal path as given (not checked: the operation reports it missing), a pattern's matches as listed.</summary>
        public IReadOnlyList<RemotePath> Paths { get; }

        public IReadOnlyList<OlaresException> Problems { get; }
    }

    /// <summary>
    /// Expands wildcard paths by listing, level by level, the folders the path goes through: each folder is listed
    /// once (through <see cref="RemoteListings"/>), never each item. As in PowerShell, a pattern that matches nothing
    /// is no error; a folder named literally before the first wildcard must exist.
    /// </summary>
    internal sealed class PathExpander
    {
        private readonly RemoteListings _listings;

        public PathExpander(RemoteListings listings)
        {
            _listings = listings;
        }

        public async Task<PathExpansion> ExpandAsync(IEnumerable<RemotePathPattern> patterns, CancellationToken ct)
        {
            var paths = new List<RemotePath>();
            var seen = new HashSet<RemotePath>();
            var problems = new List<OlaresException>();
            foreach (var pattern in patterns)
            {
                foreach (var path in await ExpandAsync(pattern, problems, ct).ConfigureAwait(false))
                {
                    if (seen.Add(path)) paths.Add(path);
                }
            }

            return new PathExpansion(paths, problems);
        }

        /// <summary>The matches of one pattern (its path, when it has no wildcard); problems go to <paramref name="problems"/>.</summary>
        public async Task<IReadOnlyList<RemotePath>> ExpandAsync(RemotePathPattern pattern, List<OlaresException> problems, CancellationToken ct)
        {
            if (pattern.LiteralPath != null) return new[] { pattern.LiteralPath };
            var segments = pattern.Segments;
            var first = 0;
            while (!segments[first].HasWildcards) first++;

            // The literal part before the first wildcard is one folder, which must exist.
            var start = pattern.Root;
            for (var i = 0; i < first; i++) start = start.Child(segments[i].Literal!, true);
            var startItem = await _listings.TryStatAsync(start, ct).ConfigureAwait(false);
            if (startItem == null)
            {
                problems.Add(new OlaresNotFoundException(start + " (in " + pattern.Text + ")", start.ToString()) { RecommendedAction = "Check the path with Get-OlaresChildItem " + (start.Parent ?? start) + "." });
                return Array.Empty<RemotePath>();
            }

            if (!startItem.IsDirectory)
            {
                problems.Add(OlaresItemTypeException.NotADirectory(start.ToString(), "it has no items for " + pattern.Text + " to match"));
                return Array.Empty<RemotePath>();
            }

            IReadOnlyList<RemotePath> current = new[] { start };
            for (var i = first; i < segments.Count && current.Count > 0; i++)
            {
                var last = i == segments.Count - 1;
                var folderOnly = !last || pattern.IsDirectoryHint;
                var next = new List<RemotePath>();
                foreach (var folder in current)
                {
                    if (!segments[i].HasWildcards)
                    {
                        next.Add(folder.Child(segments[i].Literal!, folderOnly));
                        continue;
                    }

                    var listing = await ListedFolderAsync(folder, ct).ConfigureAwait(false);
                    if (listing == null) continue;
                    foreach (var rejected in listing.RejectedNames.Where(segments[i].IsMatch)) problems.Add(new OlaresUnsafeRemoteNameException(rejected, folder.ToString()));
                    next.AddRange(listing.Items.Where(item => segments[i].IsMatch(item.Name) && (item.IsDirectory || !folderOnly)).Select(item => item.Path));
                }

                current = next;
            }

            if (current.Count == 0) await ExplainNoMatchAsync(pattern, problems, ct).ConfigureAwait(false);
            return current;
        }

        /// <summary>
        /// Every item at or below <paramref name="folder"/> whose name matches <paramref name="filter"/>, folder by folder
        /// (the -Recurse of a wildcard last segment, as PowerShell's "Get-ChildItem *.txt -Recurse").
        /// </summary>
        public async Task FilterTreeAsync(RemotePath folder, NamePattern filter, Action<RemoteItem> onItem, Action<OlaresException> onProblem, CancellationToken ct)
        {
            var pending = new Stack<RemotePath>();
            pending.Push(folder.AsDirectory());
            while (pending.Count > 0)
            {
                var current = pending.Pop();
                RemoteListing listing;
                try
                {
                    listing = await _listings.ListAsync(current, ct).ConfigureAwait(false);
                }
                catch (OlaresException e) when (!current.Equals(folder))
                {
                    onProblem(e);
                    continue;
                }

                foreach (var name in listing.RejectedNames.Where(filter.IsMatch)) onProblem(new OlaresUnsafeRemoteNameException(name, current.ToString()));
                foreach (var item in listing.Items.Where(i => filter.IsMatch(i.Name))) onItem(item);
                foreach (var sub in listing.Items.Where(i => i.IsDirectory).Reverse()) pending.Push(sub.Path);
            }
        }

        /// <summary>The listing of a folder reached through a match; null when it is not a folder (or is gone): it simply has nothing to match.</summary>
        private async Task<RemoteListing?> ListedFolderAsync(RemotePath folder, CancellationToken ct)
        {
            var item = await _listings.TryStatAsync(folder, ct).ConfigureAwait(false);
            if (item == null || !item.IsDirectory) return null;
            try
            {
                return await _listings.ListAsync(folder, ct).ConfigureAwait(false);
            }
            catch (OlaresNotFoundException)
            {
                return null;
            }
        }

        /// <summary>
        /// Nothing matched, which is fine for a pattern; but when an item is named exactly as typed ("chart[1].tgz"), the
        /// user meant that name: say so, and how to reach it.
        /// </summary>
        private async Task ExplainNoMatchAsync(RemotePathPattern pattern, List<OlaresException> problems, CancellationToken ct)
        {
            OlaresLog.Verbose(pattern.Text + " matches nothing.");
            RemotePath literal;
            try
            {
                literal = RemotePath.Parse(pattern.Text);
            }
            catch (OlaresException)
            {
                return;
            }

            if (await _listings.TryStatAsync(literal, ct).ConfigureAwait(false) == null) return;
            problems.Add(new OlaresNotFoundException(pattern.Text, pattern.Text, "as a wildcard pattern it matches nothing, while an item has exactly this name")
            {
                RecommendedAction = "Use -LiteralPath '" + literal.ToString().Replace("'", "''") + "' (or escape the brackets with a backtick in -Path).",
            });
        }
    }
}
