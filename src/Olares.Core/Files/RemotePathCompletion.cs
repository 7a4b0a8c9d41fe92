using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Olares.Http;

namespace Olares.Files
{
    /// <summary>What a remote path completion offers: the text to insert, and what the list shows beside it.</summary>
    public sealed class RemotePathCandidate
    {
        public RemotePathCandidate(string path, string name, bool isFolder, string? description = null)
        {
            Path = path;
            Name = name;
            IsFolder = isFolder;
            Description = description ?? path;
        }

        /// <summary>The completed path, e.g. "drive/Home/Documents/" (folders end with '/').</summary>
        public string Path { get; }

        /// <summary>The last segment, as the list shows it.</summary>
        public string Name { get; }

        public bool IsFolder { get; }

        /// <summary>A tooltip: the path, or the name of a Sync repo for its id.</summary>
        public string Description { get; }
    }

    /// <summary>
    /// Tab completion of remote paths, level by level: the file type (drive/, sync/...), the extend (Home, Data; Sync
    /// repo ids; node names), then the items of the folder typed so far. The caller gives each lookup a time budget
    /// and caches it; here the typed text is split and matched (case-insensitively, as completion is) and one level is
    /// looked up with one request.
    /// </summary>
    public sealed class RemotePathCompletion
    {
        private RemotePathCompletion(string? fileType, RemotePath? folder, string prefix, string typedFolder)
        {
            FileType = fileType;
            Folder = folder;
            Prefix = prefix;
            TypedFolder = typedFolder;
        }

        /// <summary>Set when the extend is being typed (e.g. "sync/" + the start of a repo id).</summary>
        public string? FileType { get; }

        /// <summary>Set when an item of this folder is being typed.</summary>
        public RemotePath? Folder { get; }

        /// <summary>The start of the last segment, as typed (escapes removed for -Path).</summary>
        public string Prefix { get; }

        /// <summary>What precedes the last segment exactly as typed, kept in the completed text.</summary>
        public string TypedFolder { get; }

        /// <summary>The key a lookup of this level is cached under.</summary>
        public string LookupKey => Folder != null ? "files-list\n" + Folder : FileType != null ? "files-extends\n" + FileType : "files-types";

        /// <summary>
        /// Splits <paramref name="typed"/>; null when nothing sensible can be offered (a wildcard in a folder part, an
        /// unknown file type). <paramref name="escapeWildcards"/>: the text is a -Path, whose backticks escape.
        /// </summary>
        public static RemotePathCompletion? Parse(string? typed, bool escapeWildcards)
        {
            var t = (typed ?? string.Empty).TrimStart('/');
            var slash = t.LastIndexOf('/');
            var typedFolder = slash < 0 ? string.Empty : t.Substring(0, slash + 1);
            var leaf = slash < 0 ? t : t.Substring(slash + 1);
            if (escapeWildcards)
            {
                if (NamePattern.ContainsWildcards(typedFolder)) return null;
                leaf = NamePattern.Unescape(leaf);
            }

            var parts = typedFolder.TrimEnd('/').Split('/');
            if (typedFolder.Length == 0) return new RemotePathCompletion(null, null, leaf, string.Empty);
            if (parts.Length == 1)
            {
                return RemotePath.FileTypes.Contains(parts[0], StringComparer.Ordinal) ? new RemotePathCompletion(parts[0], null, leaf, typedFolder) : null;
            }

            try
            {
                var folderText = escapeWildcards ? NamePattern.Unescape(typedFolder) : typedFolder;
                return new RemotePathCompletion(null, RemotePath.Parse(folderText).AsDirectory(), leaf, typedFolder);
            }
            catch (Olares.Errors.OlaresException)
            {
                return null;
            }
        }

        /// <summary>The level when it is known without asking the server (the file types, drive's extends); null otherwise.</summary>
        public IReadOnlyList<RemotePathCandidate>? Known =>
            Folder != null ? null
            : FileType == null ? RemotePath.FileTypes.Select(f => new RemotePathCandidate(f + "/", f, true)).ToList()
            : FileType == "drive" ? RemotePath.DriveExtends.Select(e => new RemotePathCandidate("drive/" + e + "/", e, true)).ToList()
            : (IReadOnlyList<RemotePathCandidate>?)null;

        /// <summary>
        /// Everything this level holds, before filtering by <see cref="Prefix"/> (so that one cached lookup serves every
        /// prefix): the file types, the extends of <see cref="FileType"/>, or the items of <see cref="Folder"/>.
        /// </summary>
        public async Task<IReadOnlyList<RemotePathCandidate>> LookUpAsync(FilesClient client, CancellationToken ct)
        {
            var known = Known;
            if (known != null) return known;
            if (Folder != null)
            {
                var listing = await client.ListAsync(Folder, ct).ConfigureAwait(false);
                return listing.Items.Select(i => new RemotePathCandidate(i.Path + (i.IsDirectory ? "/" : string.Empty), i.Name, i.IsDirectory)).ToList();
            }

            switch (FileType)
            {
                case "sync":
                    var repos = new List<RemotePathCandidate>();
                    foreach (var kind in new[] { SyncRepoKind.Mine, SyncRepoKind.SharedToMe })
                    {
                        foreach (var repo in await SyncRepoClient.ListAsync(client.Session, kind, ct).ConfigureAwait(false))
                        {
                            repos.Add(new RemotePathCandidate("sync/" + repo.Id + "/", repo.Id, true, repo.Name + " (sync/" + repo.Id + ")"));
                        }
                    }

                    return repos;
                case "cache":
                case "external":
                    return (await client.GetNodesAsync(ct).ConfigureAwait(false)).Select(n => new RemotePathCandidate(FileType + "/" + n + "/", n, true)).ToList();
                default:
                    return Array.Empty<RemotePathCandidate>();
            }
        }

        /// <summary>
        /// The candidates whose name starts with <see cref="Prefix"/> (ignoring case), folders and files alike, sorted by
        /// name; each completion text keeps the folder part as typed, and escapes wildcard characters of the name
        /// when <paramref name="escapeWildcards"/>.
        /// </summary>
        public IReadOnlyList<RemotePathCandidate> Filter(IEnumerable<RemotePathCandidate> level, bool escapeWildcards) =>
            level.Where(c => c.Name.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
                .OrderBy(c => c.Name, StringComparer.OrdinalIgnoreCase)
                .Select(c => new RemotePathCandidate(TypedFolder + (escapeWildcards ? NamePattern.Escape(c.Name) : c.Name) + (c.IsFolder ? "/" : string.Empty),
                    c.Name, c.IsFolder, c.Description))
                .ToList();
    }
}
