using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Olares.Errors;

namespace Olares.Files
{
    /// <summary>
    /// Making remote folders the safe way: the server answers a create request for an existing name by making
    /// "name (1)", so a parent is listed before anything is created in it, except a parent this very call created
    /// (it is empty). Used by New-OlaresFolder and by folder uploads.
    /// </summary>
    public sealed class RemoteFolders
    {
        private readonly FilesClient _client;

        public RemoteFolders(FilesClient client)
        {
            _client = client;
        }

        /// <summary>
        /// Creates a folder; with <paramref name="parents"/> every missing level too, and an existing folder is fine.
        /// Returns the folder as listed after creation.
        /// </summary>
        public async Task<RemoteItem> NewFolderAsync(RemotePath path, bool parents, CancellationToken ct)
        {
            if (path.IsExtendRoot)
            {
                if (parents) return RemoteItem.Directory(path);
                throw new OlaresRemoteItemExistsException(path.ToString(), "it is the root of " + path.FileType + "/" + path.Extend);
            }

            if (path.FileType == "external" && path.Segments.Count == 1)
            {
                throw new OlaresArgumentException("OlaresReadOnlyLocation", "Cannot create " + path + ": external/" + path.Extend + "/ only lists volumes.", path.ToString());
            }

            var chain = new List<RemotePath>();
            for (var p = path; p != null && !p.IsExtendRoot; p = p.Parent) chain.Insert(0, p);
            if (!parents) chain.RemoveRange(0, chain.Count - 1);

            var missingFromHere = false;
            foreach (var level in chain)
            {
                if (!missingFromHere)
                {
                    RemoteListing listing;
                    try
                    {
                        listing = await _client.ListAsync(level.Parent!, ct).ConfigureAwait(false);
                    }
                    catch (OlaresNotFoundException)
                    {
                        throw new OlaresNotFoundException(level.Parent + " (the parent folder of " + level + "; add -Parents to create it)", level.Parent!.ToString());
                    }

                    var existing = listing.Find(level.Name);
                    if (existing != null)
                    {
                        if (!existing.IsDirectory) throw OlaresItemTypeException.NotADirectory(level.ToString(), "a folder cannot be created there");
                        if (!ReferenceEquals(level, chain[chain.Count - 1])) continue;
                        if (parents) return existing;
                        throw new OlaresRemoteItemExistsException(level.ToString(), "the folder exists");
                    }

                    missingFromHere = true;
                }

                await _client.CreateFolderAsync(level, ct).ConfigureAwait(false);
            }

            return await _client.TryStatAsync(path, ct).ConfigureAwait(false) ?? RemoteItem.Directory(path);
        }

        /// <summary>
        /// Makes sure every folder of <paramref name="folders"/> exists, parents first; their parents must exist or be
        /// in the list. Each parent is listed at most once; a folder below one that failed is not tried. Returns the
        /// folders that could not be made (their errors go to <paramref name="onError"/>).
        /// </summary>
        public async Task<IReadOnlyList<RemotePath>> EnsureAsync(IEnumerable<RemotePath> folders, Action<OlaresException> onError, CancellationToken ct)
        {
            var failed = new List<RemotePath>();
            var created = new HashSet<RemotePath>();
            var listings = new Dictionary<RemotePath, RemoteListing>();
            foreach (var folder in folders.Distinct().OrderBy(f => f.Segments.Count))
            {
                ct.ThrowIfCancellationRequested();
                if (folder.IsExtendRoot || failed.Any(f => f.Contains(folder))) continue;
                var parent = folder.Parent!.AsDirectory();
                try
                {
                    if (!created.Contains(parent))
                    {
                        if (!listings.TryGetValue(parent, out var listing))
                        {
                            listing = await _client.ListAsync(parent, ct).ConfigureAwait(false);
                            listings[parent] = listing;
                        }

                        var existing = listing.Find(folder.Name);
                        if (existing != null)
                        {
                            if (!existing.IsDirectory) throw OlaresItemTypeException.NotADirectory(folder.ToString(), "a folder of the upload has this name");
                            continue;
                        }
                    }

                    await _client.CreateFolderAsync(folder, ct).ConfigureAwait(false);
                    created.Add(folder.AsDirectory());
                }
                catch (OlaresException e)
                {
                    failed.Add(folder);
                    onError(e);
                }
            }

            return failed;
        }
    }
}
