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
    /// of a folder upload are listed to be made first.
    /// </summary>
    public sealed class UploadPlanner
    {
        private readonly FilesClient _client;

        public UploadPlanner(FilesClient client)
        {
            _client = client;
        }

        public async Task<UploadPlan> PlanAsync(IReadOnlyList<string> localPaths, RemotePath destination, CancellationToken ct)
        {
            CheckNamespace(destination);
            var existing = await _client.TryStatAsync(destination, ct).ConfigureAwait(false);
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
                var parentItem = await _client.TryStatAsync(parent, ct).ConfigureAwait(false);
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

            var walk = new Walk(folder.ToServerPath(true));
            foreach (var local in localPaths)
            {
                ct.ThrowIfCancellationRequested();
                try
                {
                    if (File.Exists(local))
                    {
                        var target = intoFolder ? folder.Child(CheckedName(local), false) : destination.AsFile();
                        walk.Jobs.Add(new UploadJob(local, Length(local), target, walk.ParentDir, target.Name, null));
                    }
                    else if (Directory.Exists(local))
                    {
                        if (!intoFolder)
                        {
                            throw new OlaresArgumentException("OlaresInvalidDestination",
                                "The local path " + local + " is a folder, so the destination must be an existing folder (" + destination + " is not).", local);
                        }

                        var name = CheckedName(local);
                        walk.Folder(local, name, folder.Child(name, true), ct);
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
            public Walk(string parentDir)
            {
                ParentDir = parentDir;
            }

            public string ParentDir { get; }

            public List<UploadJob> Jobs { get; } = new List<UploadJob>();

            public List<RemotePath> Folders { get; } = new List<RemotePath>();

            public List<OlaresException> Problems { get; } = new List<OlaresException>();

            /// <summary>Plans the local folder <paramref name="localDir"/> as <paramref name="remoteDir"/> ("&lt;relative&gt;" below the destination).</summary>
            public void Folder(string localDir, string relative, RemotePath remoteDir, CancellationToken ct)
            {
                ct.ThrowIfCancellationRequested();
                Folders.Add(remoteDir);
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

                var subfolders = new List<(string Path, string Relative, RemotePath Remote)>();
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
                        subfolders.Add((entry.FullName, rel, remoteDir.Child(entry.Name, true)));
                    }
                    else if (entry is FileInfo file)
                    {
                        long size;
                        try
                        {
                            size = file.Length;
                        }
                        catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
                        {
                            Problems.Add(new OlaresLocalFileException(file.FullName, false, e));
                            continue;
                        }

                        Jobs.Add(new UploadJob(file.FullName, size, remoteDir.Child(entry.Name, false), ParentDir, rel, relative + "/"));
                    }
                }

                foreach (var (path, rel, remote) in subfolders) Folder(path, rel, remote, ct);
            }
        }
    }
}
