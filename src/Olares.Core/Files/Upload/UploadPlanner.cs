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
    /// Decides where every local file goes (protocol §6.5, olares-cli's walker): the destination is a folder when it
    /// exists as one or ends with '/'; files and folders go inside it under their own names, otherwise it is the new
    /// name of a single file. The destination itself must exist (a blind mkdir would be auto-renamed); the folders
    /// of a folder upload that are missing are listed to be made first.
    /// <para>
    /// Existing targets (<see cref="ExistingTargets"/>): each target folder that exists is listed once (shared
    /// with the destination's checks through <see cref="RemoteListings"/>), never one request per file. A file
    /// there is refused unless <see cref="Force"/>, which plans its replacement; a folder where a file goes is
    /// refused always, as is a file where a folder goes. A local folder goes into an existing remote folder of its
    /// name, each file inside by the same rule. The listing never shows an unfinished upload (the server keeps it
    /// apart and lists the file only when its last chunk arrived), so an interrupted upload is planned as new and
    /// continues from the server's count (<see cref="ChunkUploader"/>), without -Force.
    /// </para>
    /// </summary>
    public sealed class UploadPlanner
    {
        private readonly RemoteListings _listings;

        public UploadPlanner(FilesClient client)
            : this(new RemoteListings(client))
        {
        }

        public UploadPlanner(RemoteListings listings)
        {
            _listings = listings ?? throw new ArgumentNullException(nameof(listings));
        }

        /// <summary>-Force: a file at a target is replaced (deleted just before its upload) instead of refused.</summary>
        public bool Force { get; set; }

        public async Task<UploadPlan> PlanAsync(IReadOnlyList<string> localPaths, RemotePath destination, CancellationToken ct)
        {
            CheckNamespace(destination);
            var existing = await _listings.TryStatAsync(destination, ct).ConfigureAwait(false);
            bool intoFolder;
            if (existing != null)
            {
                if (destination.IsDirectoryHint && !existing.IsDirectory)
                {
                    throw OlaresItemTypeException.NotADirectory(destination.ToString(), "the destination must be a folder");
                }

                intoFolder = existing.IsDirectory;
            }
            else
            {
                if (destination.IsDirectoryHint)
                {
                    throw new OlaresNotFoundException(destination + " (the destination folder; create it first with New-OlaresFolder)", destination.ToString());
                }

                var parent = destination.Parent!;
                var parentItem = await _listings.TryStatAsync(parent, ct).ConfigureAwait(false);
                if (parentItem == null) throw new OlaresNotFoundException(parent + " (the destination folder; create it first with New-OlaresFolder)", parent.ToString());
                if (!parentItem.IsDirectory) throw OlaresItemTypeException.NotADirectory(parent.ToString(), "the destination must be inside a folder");
                intoFolder = false;
            }

            var folder = intoFolder ? destination.AsDirectory() : destination.Parent!;
            if (!intoFolder && localPaths.Count > 1)
            {
                throw new OlaresArgumentException("OlaresInvalidDestination",
                    "Several items are being uploaded, so the destination must be an existing folder: " + destination, destination.ToString());
            }

            var walk = new Walk(folder.ToServerPath(true), _listings, Force);
            foreach (var local in localPaths)
            {
                ct.ThrowIfCancellationRequested();
                try
                {
                    if (File.Exists(local))
                    {
                        var target = intoFolder ? folder.Child(CheckedName(local), false) : destination.AsFile();
                        var listing = await _listings.ListAsync(folder, ct).ConfigureAwait(false);
                        walk.AddFile(local, Length(local), target, target.Name, null, listing);
                    }
                    else if (Directory.Exists(local))
                    {
                        if (!intoFolder)
                        {
                            throw new OlaresArgumentException("OlaresInvalidDestination",
                                "The local path " + local + " is a folder, so the destination must be an existing folder (" + destination + " is not).", local);
                        }

                        var name = CheckedName(local);
                        var remoteDir = folder.Child(name, true);
                        var there = (await _listings.ListAsync(folder, ct).ConfigureAwait(false)).Find(name);
                        if (there != null && !there.IsDirectory) throw Walk.FileInTheWay(remoteDir);
                        await walk.FolderAsync(local, name, remoteDir, there != null, ct).ConfigureAwait(false);
                    }
                    else
                    {
                        throw new OlaresLocalPathNotFoundException(local);
                    }
                }
                catch (OlaresException e)
                {
                    walk.Problems.Add(e);
                }
            }

            return new UploadPlan(folder, walk.Jobs, walk.Folders, walk.Problems);
        }

        /// <summary>Refuses destinations uploads cannot reach (§6.5 namespace table).</summary>
        public static void CheckNamespace(RemotePath destination)
        {
            if (destination.FileType == "tencent")
            {
                throw new OlaresException("OlaresUploadNotSupported", OlaresErrorKind.NotImplemented, "Uploading to tencent/ drives is not supported (it uses another protocol).") { Target = destination.ToString() };
            }

            if (destination.FileType == "share" || destination.FileType == "internal")
            {
                throw new OlaresException("OlaresUploadNotSupported", OlaresErrorKind.NotImplemented, "Uploading to " + destination.FileType + "/ paths is not supported.") { Target = destination.ToString() };
            }

            if (destination.IsReadOnlyVolumeLayer)
            {
                throw new OlaresArgumentException("OlaresReadOnlyLocation", "Cannot upload to " + destination + ": external/" + destination.Extend + "/ only lists volumes; choose a volume.", destination.ToString());
            }
        }

        private static string CheckedName(string local)
        {
            var name = Path.GetFileName(local.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar));
            if (!RemoteNames.IsAddressable(name)) throw new OlaresArgumentException("OlaresInvalidPath", "The local path " + local + " has no usable name.", local);
            return name;
        }

        private static long Length(string path)
        {
            try
            {
                return new FileInfo(path).Length;
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw new OlaresLocalFileException(path, false, e);
            }
        }

        /// <summary>The state of one planning walk over local folders.</summary>
        private sealed class Walk
        {
            private readonly RemoteListings _listings;
            private readonly bool _force;
            private readonly HashSet<RemotePath> _claimed = new HashSet<RemotePath>();

            public Walk(string parentDir, RemoteListings listings, bool force)
            {
                ParentDir = parentDir;
                _listings = listings;
                _force = force;
            }

            public string ParentDir { get; }

            public List<UploadJob> Jobs { get; } = new List<UploadJob>();

            /// <summary>The remote folders to make: those of the folder uploads that do not exist yet.</summary>
            public List<RemotePath> Folders { get; } = new List<RemotePath>();

            public List<OlaresException> Problems { get; } = new List<OlaresException>();

            /// <summary>A remote file where the upload needs a folder: refused, -Force or not.</summary>
            public static OlaresItemTypeException FileInTheWay(RemotePath remoteDir) =>
                OlaresItemTypeException.NotADirectory(remoteDir.ToString(), "a folder of the upload has this name (-Force replaces files with files only)");

            /// <summary>
            /// Plans one file to <paramref name="target"/>, whose folder's listing is <paramref name="listing"/> (null
            /// when that folder is still to be made, so nothing can be in the way). Throws when the target is refused.
            /// </summary>
            public void AddFile(string localPath, long size, RemotePath target, string relativePath, string? relativeDir, RemoteListing? listing)
            {
                var there = listing?.Find(target.Name);
                if (!_claimed.Add(target)) throw new OlaresRemoteItemExistsException(target.ToString(), "another file of this upload goes there");
                var action = ExistingTargets.Remote(target, there, false, _force);
                Jobs.Add(new UploadJob(localPath, size, target, ParentDir, relativePath, relativeDir, action == TargetAction.Replace ? there : null));
            }

            /// <summary>
            /// Plans the local folder <paramref name="localDir"/> as <paramref name="remoteDir"/> ("&lt;relative&gt;" below
            /// the destination); when that folder <paramref name="exists"/>, it is listed once for the names in the way.
            /// </summary>
            public async Task FolderAsync(string localDir, string relative, RemotePath remoteDir, bool exists, CancellationToken ct)
            {
                ct.ThrowIfCancellationRequested();
                RemoteListing? listing = null;
                if (exists)
                {
                    try
                    {
                        listing = await _listings.ListAsync(remoteDir, ct).ConfigureAwait(false);
                    }
                    catch (OlaresNotFoundException)
                    {
                        exists = false;   // removed since its parent was listed: made like a new one
                    }
                    catch (OlaresException e)
                    {
                        Problems.Add(e);
                        return;
                    }
                }

                if (!exists) Folders.Add(remoteDir);
                FileSystemInfo[] entries;
                try
                {
                    entries = new DirectoryInfo(localDir).GetFileSystemInfos();
                }
                catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
                {
                    Problems.Add(new OlaresLocalFileException(localDir, false, e));
                    return;
                }

                var subfolders = new List<(string Path, string Relative, RemotePath Remote, bool Exists)>();
                foreach (var entry in entries.OrderBy(e => e.Name, StringComparer.Ordinal))
                {
                    if ((entry.Attributes & FileAttributes.ReparsePoint) != 0)
                    {
                        OlaresLog.Verbose("Skipping the link " + entry.FullName + " (links are not uploaded).");
                        continue;
                    }

                    if (!RemoteNames.IsAddressable(entry.Name))
                    {
                        Problems.Add(new OlaresArgumentException("OlaresInvalidPath", "The local name " + entry.FullName + " cannot be a remote name.", entry.FullName));
                        continue;
                    }

                    var rel = relative + "/" + entry.Name;
                    if (entry is DirectoryInfo)
                    {
                        var child = remoteDir.Child(entry.Name, true);
                        var there = listing?.Find(entry.Name);
                        if (there != null && !there.IsDirectory) Problems.Add(FileInTheWay(child));
                        else subfolders.Add((entry.FullName, rel, child, there != null));
                    }
                    else if (entry is FileInfo file)
                    {
                        try
                        {
                            long size;
                            try
                            {
                                size = file.Length;
                            }
                            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
                            {
                                throw new OlaresLocalFileException(file.FullName, false, e);
                            }

                            AddFile(file.FullName, size, remoteDir.Child(entry.Name, false), rel, relative + "/", listing);
                        }
                        catch (OlaresException e)
                        {
                            Problems.Add(e);
                        }
                    }
                }

                foreach (var (path, rel, remote, subExists) in subfolders) await FolderAsync(path, rel, remote, subExists, ct).ConfigureAwait(false);
            }
        }
    }
}
