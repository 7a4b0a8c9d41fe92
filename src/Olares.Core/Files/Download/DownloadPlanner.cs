using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Olares.Errors;

namespace Olares.Files
{
    /// <summary>
    /// Finds every file of a download and where it goes (protocol §6.3). Names from the server are data: one that is
    /// not a single local name (a path, a Windows device, a forbidden character) is refused; names that the local
    /// volume takes for one file (case, Unicode normalization) are refused together; and every file gets a
    /// temporary name no other file of the download has. A local file or folder in the way of a file follows the
    /// policy for existing targets (<see cref="ExistingTargets.Local"/>): refused unless the mode replaces or continues
    /// it; a folder never. A remote folder goes into a local folder of the same name, each of its files by that rule.
    /// </summary>
    public sealed class DownloadPlanner
    {
        private readonly RemoteListings _listings;
        private readonly LocalNameRules _rules;
        private readonly List<DownloadJob> _jobs = new List<DownloadJob>();
        private readonly List<string> _directories = new List<string>();
        private readonly List<OlaresException> _problems = new List<OlaresException>();

        // Local paths already given out, by their loose key (case and normalization folded): a cheap first test
        // before the volume's own comparison is asked.
        private readonly Dictionary<string, List<(string Local, string Remote)>> _claimed = new Dictionary<string, List<(string, string)>>(StringComparer.Ordinal);
        private string _near = string.Empty;

        public DownloadPlanner(FilesClient client, LocalNameRules? rules = null)
            : this(new RemoteListings(client), rules)
        {
        }

        /// <summary>A planner that finds the sources through <paramref name="listings"/> (one listing per folder, shared with a wildcard expansion).</summary>
        public DownloadPlanner(RemoteListings listings, LocalNameRules? rules = null)
        {
            _listings = listings;
            _rules = rules ?? LocalNameRules.Current;
        }

        /// <summary>What an existing local file means (the default refuses it).</summary>
        public DownloadMode Mode { get; set; } = DownloadMode.New;

        /// <summary>
        /// <paramref name="destination"/> (absolute, or null for <paramref name="currentDirectory"/>) is a folder when it
        /// exists as one or ends with a separator; then each source goes inside it under its own name. Otherwise it is
        /// the exact target of the single source.
        /// </summary>
        public async Task<DownloadPlan> PlanAsync(IReadOnlyList<RemotePath> sources, string? destination, string currentDirectory, CancellationToken ct)
        {
            var intoFolder = destination == null || Directory.Exists(destination) ||
                             destination.EndsWith(Path.DirectorySeparatorChar.ToString(), StringComparison.Ordinal) ||
                             destination.EndsWith(Path.AltDirectorySeparatorChar.ToString(), StringComparison.Ordinal);
            if (!intoFolder && sources.Count > 1)
            {
                throw new OlaresArgumentException("OlaresInvalidDestination",
                    "Several items are being downloaded, so -Destination must be a folder (an existing one, or a path ending with a separator): " + destination, destination);
            }

            var folder = destination == null ? currentDirectory : intoFolder ? destination : Path.GetDirectoryName(Path.GetFullPath(destination))!;
            _near = folder;
            if (intoFolder && destination != null) _directories.Add(Path.GetFullPath(destination));
            foreach (var source in sources)
            {
                ct.ThrowIfCancellationRequested();
                try
                {
                    var item = await _listings.StatAsync(source, ct).ConfigureAwait(false);
                    var local = intoFolder ? _rules.SafeChild(folder, item.Name, item.Path.Parent?.ToString() ?? item.Path.ToString()) : Path.GetFullPath(destination!);
                    if (item.IsDirectory && File.Exists(local))
                    {
                        throw new OlaresArgumentException("OlaresInvalidDestination", "The local path " + local + " is a file, so the folder " + item.Path + " cannot be downloaded there.", local);
                    }

                    var other = Claim(local, item.Path.ToString());
                    if (other != null) throw new OlaresLocalNameCollisionException(item.Path.ToString(), local, other);
                    await AddAsync(item, local, ct).ConfigureAwait(false);
                }
                catch (OlaresException e)
                {
                    _problems.Add(e);
                }
            }

            return new DownloadPlan(WithDistinctPartialNames(), _directories.ToList(), _problems.ToList());
        }

        private async Task AddAsync(RemoteItem item, string local, CancellationToken ct)
        {
            if (!item.IsDirectory)
            {
                TargetAction action;
                try
                {
                    action = ExistingTargets.Local(local, Mode);
                }
                catch (OlaresException e)
                {
                    _problems.Add(e);
                    return;
                }

                _jobs.Add(new DownloadJob(item.Path, local, item.Size, item.Modified, null, item.SizeKnown, action == TargetAction.Replace));
                return;
            }

            _directories.Add(local);
            RemoteListing listing;
            try
            {
                listing = await _listings.ListAsync(item.Path, ct).ConfigureAwait(false);
            }
            catch (OlaresNotFoundException e)
            {
                _problems.Add(e);
                return;
            }

            foreach (var name in listing.RejectedNames) _problems.Add(new OlaresUnsafeRemoteNameException(name, item.Path.ToString()));
            var children = new List<(RemoteItem Item, string Local)>();
            foreach (var child in listing.Items)
            {
                try
                {
                    children.Add((child, _rules.SafeChild(local, child.Name, item.Path.ToString())));
                }
                catch (OlaresUnsafeRemoteNameException e)
                {
                    _problems.Add(e);
                }
            }

            // Names of one folder that the volume takes for one file: all of them are refused, whatever the listing order.
            var colliding = new HashSet<string>(StringComparer.Ordinal);
            foreach (var group in children.GroupBy(c => LocalNameRules.LooseKey(c.Item.Name)).Where(g => g.Count() > 1))
            {
                foreach (var same in group.GroupBy(c => _rules.Key(c.Local, _near)).Where(g => g.Count() > 1))
                {
                    var members = same.ToList();
                    for (var i = 0; i < members.Count; i++)
                    {
                        var other = members[(i + 1) % members.Count];
                        _problems.Add(new OlaresLocalNameCollisionException(members[i].Item.Path.ToString(), members[i].Local, other.Item.Path.ToString()));
                        colliding.Add(members[i].Item.Name);
                    }
                }
            }

            foreach (var (child, childLocal) in children)
            {
                if (colliding.Contains(child.Name)) continue;
                var other = Claim(childLocal, child.Path.ToString());
                if (other != null)
                {
                    _problems.Add(new OlaresLocalNameCollisionException(child.Path.ToString(), childLocal, other));
                    continue;
                }

                await AddAsync(child, childLocal, ct).ConfigureAwait(false);
            }
        }

        /// <summary>Records <paramref name="local"/> as taken by <paramref name="remote"/>; returns the remote path that already has it, if any.</summary>
        private string? Claim(string local, string remote)
        {
            var loose = LocalNameRules.LooseKey(local);
            if (_claimed.TryGetValue(loose, out var owners))
            {
                var key = _rules.Key(local, _near);
                foreach (var (taken, owner) in owners)
                {
                    if (string.Equals(_rules.Key(taken, _near), key, StringComparison.Ordinal)) return owner;
                }
            }
            else
            {
                _claimed[loose] = owners = new List<(string, string)>();
            }

            owners.Add((local, remote));
            return null;
        }

        /// <summary>
        /// "&lt;name&gt;.olares-partial" unless another file or folder of this download (or another partial) has that name
        /// on a loose comparison; then "&lt;name&gt;.1.olares-partial", ".2"... The choice depends only on the listing, so
        /// -Resume finds the same partial file again.
        /// </summary>
        private List<DownloadJob> WithDistinctPartialNames()
        {
            var taken = new HashSet<string>(_claimed.Keys, StringComparer.Ordinal);
            var jobs = new List<DownloadJob>(_jobs.Count);
            foreach (var job in _jobs)
            {
                var partial = job.LocalPath + DownloadEngine.PartialSuffix;
                for (var n = 1; taken.Contains(LocalNameRules.LooseKey(partial)); n++) partial = job.LocalPath + "." + n + DownloadEngine.PartialSuffix;
                taken.Add(LocalNameRules.LooseKey(partial));
                jobs.Add(partial == job.PartialPath ? job : new DownloadJob(job.Remote, job.LocalPath, job.Size, job.Modified, partial, job.SizeKnown, job.LocalFileExists));
            }

            return jobs;
        }
    }
}
