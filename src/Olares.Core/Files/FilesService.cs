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
    /// The files operations of olares-cli over one client (protocol §6), the counterpart of MarketService: listing,
    /// mkdir, content streaming, copy/move with their destination rules, removal batched per folder, rename, and the
    /// transfers. Everything a cmdlet decides besides binding, confirmation, progress and output lives here.
    /// </summary>
    public sealed class FilesService
    {
        public FilesService(FilesClient client)
        {
            Client = client ?? throw new ArgumentNullException(nameof(client));
        }

        public FilesClient Client { get; }

        /// <summary>Reading content that delivers nothing for this long ends with <see cref="OlaresTransferStalledException"/>.</summary>
        public TimeSpan StallTimeout { get; set; } = UploadOptions.DefaultStallTimeout;

        // ---- listing and folders -------------------------------------------------------------------

        public Task<RemoteItem> StatAsync(RemotePath path, CancellationToken ct) => Client.StatAsync(path, ct);

        /// <summary>A memo of folder listings for one command: expansion and operation share it (<see cref="RemoteListings"/>).</summary>
        public RemoteListings NewListings() => new RemoteListings(Client);

        /// <summary>
        /// The paths some -Path values stand for (<see cref="PathExpander"/>): a literal one as given, without a request;
        /// a wildcard one by listing each folder it goes through once. Paths come back in order, each once.
        /// </summary>
        public Task<PathExpansion> ExpandAsync(IEnumerable<RemotePathPattern> patterns, RemoteListings? listings, CancellationToken ct) =>
            new PathExpander(listings ?? NewListings()).ExpandAsync(patterns, ct);

        /// <summary>
        /// Get-OlaresChildItem for one -Path value: a literal path as <see cref="ListAsync(RemotePath, bool, Action{RemoteItem}, Action{OlaresException}, CancellationToken)"/>.
        /// A pattern gives the items it matches (as PowerShell 7's Get-ChildItem does), each folder listed with
        /// <paramref name="recurse"/>; with <paramref name="recurse"/> a wildcard last segment instead filters names at
        /// every depth below the folders the rest of the path names ("drive/Home/*.jpg -Recurse": every .jpg in Home), unless a
        /// trailing '/' asks for the matching folders themselves ("drive/Home/Doc*/ -Recurse": those folders, listed whole).
        /// </summary>
        public async Task ListAsync(RemotePathPattern pattern, bool recurse, Action<RemoteItem> onItem, Action<OlaresException> onProblem, CancellationToken ct)
        {
            var listings = NewListings();
            if (pattern.LiteralPath != null)
            {
                await ListAsync(pattern.LiteralPath, recurse, listings, onItem, onProblem, ct).ConfigureAwait(false);
                return;
            }

            var expander = new PathExpander(listings);
            var problems = new List<OlaresException>();
            var filter = pattern.Segments[pattern.Segments.Count - 1];
            if (recurse && filter.HasWildcards && !pattern.IsDirectoryHint)
            {
                var folders = await expander.ExpandAsync(pattern.WithoutLastSegment(), problems, ct).ConfigureAwait(false);
                foreach (var problem in problems) onProblem(problem);
                foreach (var folder in folders)
                {
                    var item = await listings.TryStatAsync(folder, ct).ConfigureAwait(false);
                    if (item == null || !item.IsDirectory) continue;
                    await expander.FilterTreeAsync(item.Path, filter, onItem, onProblem, ct).ConfigureAwait(false);
                }

                return;
            }

            var matches = await expander.ExpandAsync(pattern, problems, ct).ConfigureAwait(false);
            foreach (var problem in problems) onProblem(problem);
            foreach (var match in matches)
            {
                var item = await listings.TryStatAsync(match, ct).ConfigureAwait(false);
                if (item == null) continue;   // a literal name after a wildcard, absent in this folder
                if (recurse && item.IsDirectory) await ListAsync(item.Path, true, listings, onItem, onProblem, ct).ConfigureAwait(false);
                else onItem(item);
            }
        }

        /// <summary>
        /// Get-OlaresChildItem: a file is reported as itself, a folder by its children (subfolders' children after them
        /// with <paramref name="recurse"/>). Names that cannot be addressed and folders that cannot be listed are
        /// problems; the walk goes on.
        /// </summary>
        public Task ListAsync(RemotePath path, bool recurse, Action<RemoteItem> onItem, Action<OlaresException> onProblem, CancellationToken ct) =>
            ListAsync(path, recurse, NewListings(), onItem, onProblem, ct);

        private async Task ListAsync(RemotePath path, bool recurse, RemoteListings listings, Action<RemoteItem> onItem, Action<OlaresException> onProblem, CancellationToken ct)
        {
            var item = await listings.StatAsync(path, ct).ConfigureAwait(false);
            if (!item.IsDirectory)
            {
                onItem(item);
                return;
            }

            var pending = new Stack<RemotePath>();
            pending.Push(item.Path);
            var first = true;
            while (pending.Count > 0)
            {
                var folder = pending.Pop();
                RemoteListing listing;
                try
                {
                    listing = await listings.ListAsync(folder, ct).ConfigureAwait(false);
                }
                catch (OlaresException e) when (!first)
                {
                    onProblem(e);
                    continue;
                }

                first = false;
                foreach (var name in listing.RejectedNames) onProblem(new OlaresUnsafeRemoteNameException(name, folder.ToString()));
                foreach (var child in listing.Items) onItem(child);
                if (!recurse) continue;
                foreach (var sub in listing.Items.Where(i => i.IsDirectory).Reverse()) pending.Push(sub.Path);
            }
        }

        /// <summary>New-OlaresFolder: never a blind mkdir (<see cref="RemoteFolders"/>).</summary>
        public Task<RemoteItem> NewFolderAsync(RemotePath path, bool parents, CancellationToken ct) => new RemoteFolders(Client).NewFolderAsync(path, parents, ct);

        // ---- content -------------------------------------------------------------------------------

        /// <summary>
        /// Get-OlaresFileContent: the file's bytes as they arrive (GET /api/raw with inline=true). A folder is refused;
        /// a failed answer is typed; the stream types connection failures and stalls itself.
        /// </summary>
        public async Task<RemoteContentStream> OpenReadAsync(RemotePath path, CancellationToken ct, RemoteListings? listings = null)
        {
            var item = await (listings ?? NewListings()).StatAsync(path, ct).ConfigureAwait(false);
            if (item.IsDirectory) throw OlaresItemTypeException.IsDirectory(item.Path.ToString(), "Get-OlaresFileContent reads files; list folders with Get-OlaresChildItem");
            var watchdog = new StallWatchdog(StallTimeout, ct);
            System.Net.Http.HttpResponseMessage? response = null;
            try
            {
                response = await Client.OpenRawAsync(item.Path, true, 0, watchdog.Token).ConfigureAwait(false);
                watchdog.Progress();
                var status = (int)response.StatusCode;
                if (status < 200 || status >= 300)
                {
                    string body;
                    try
                    {
                        body = await Http.ResponseText.ReadAsync(response, watchdog.Token).ConfigureAwait(false);
                    }
                    catch (Exception e) when (!ct.IsCancellationRequested && (e is IOException || e is System.Net.Http.HttpRequestException || e is OperationCanceledException))
                    {
                        body = string.Empty;
                    }

                    throw Client.ErrorFor(status, "read " + item.Path, body, item.Path);
                }

#if NET
                var stream = await response.Content.ReadAsStreamAsync(watchdog.Token).ConfigureAwait(false);
#else
                var stream = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
#endif
                return new RemoteContentStream(response, stream, watchdog, item.Path, ct);
            }
            catch (OperationCanceledException) when (watchdog.Stalled && !ct.IsCancellationRequested)
            {
                response?.Dispose();
                watchdog.Dispose();
                throw new OlaresTransferStalledException(item.Path.ToString(), "Reading " + item.Path, watchdog.Timeout);
            }
            catch
            {
                response?.Dispose();
                watchdog.Dispose();
                throw;
            }
        }

        // ---- copy / move ---------------------------------------------------------------------------

        /// <summary>
        /// Checks a paste (§6.4): the destination is a folder when it exists as one or ends with '/', otherwise the
        /// new path of a single source in an existing folder (an existing file there included). Per source:
        /// protection (move), -Recurse (copy of a folder), not into itself, not onto itself, and the policy for
        /// existing targets (<see cref="ExistingTargets"/>; the server would keep both under a new name): a file there
        /// is replaced only with <see cref="PasteRequest.Force"/>, a folder never. A destination that cannot work
        /// throws; a source that cannot is an entry with an error.
        /// </summary>
        public async Task<PastePlan> PlanPasteAsync(PasteRequest request, CancellationToken ct, RemoteListings? listings = null)
        {
            listings ??= NewListings();
            var destination = request.Destination;
            if (destination.IsReadOnlyVolumeLayer)
            {
                throw new OlaresArgumentException("OlaresReadOnlyLocation", "Cannot paste into " + destination + ": external/" + destination.Extend + "/ only lists volumes.", destination.ToString());
            }

            var existing = await listings.TryStatAsync(destination, ct).ConfigureAwait(false);
            var intoFolder = existing?.IsDirectory ?? false;
            if (existing == null && destination.IsDirectoryHint) throw new OlaresNotFoundException(destination + " (the destination folder)", destination.ToString());
            if (existing != null && !existing.IsDirectory && destination.IsDirectoryHint) throw OlaresItemTypeException.NotADirectory(destination.ToString(), "the destination must be a folder");
            if (!intoFolder)
            {
                if (request.Sources.Count > 1) throw new OlaresArgumentException("OlaresInvalidDestination", "Several items need an existing destination folder: " + destination, destination.ToString());
                var parent = await listings.TryStatAsync(destination.Parent!, ct).ConfigureAwait(false);
                if (parent == null || !parent.IsDirectory) throw new OlaresNotFoundException(destination.Parent + " (the destination folder)", destination.Parent!.ToString());
            }

            var folder = intoFolder ? destination.AsDirectory() : destination.Parent!;
            var listing = await listings.ListAsync(folder, ct).ConfigureAwait(false);
            var claimed = new HashSet<string>(StringComparer.Ordinal);
            var node = await Client.ResolveNodeAsync(request.Node, new[] { destination }.Concat(request.Sources), ct).ConfigureAwait(false);
            var verb = request.Move ? "move" : "copy";
            var entries = new List<PasteEntry>();
            foreach (var source in request.Sources)
            {
                RemoteItem? item = null;
                try
                {
                    var reason = source.ProtectionReason();
                    if (request.Move && reason != null) throw new OlaresProtectedPathException(source.ToString(), "move", reason);
                    if (!request.Move && source.IsExtendRoot) throw new OlaresProtectedPathException(source.ToString(), "copy", "it is the root of " + source.FileType + "/" + source.Extend);
                    item = await listings.StatAsync(source, ct).ConfigureAwait(false);
                    if (item.IsDirectory && !request.Move && !request.AllowFolders) throw OlaresItemTypeException.IsDirectory(item.Path.ToString(), "add -Recurse to copy it with everything in it");
                    var target = intoFolder ? folder.Child(item.Name, item.IsDirectory) : destination.AsFile();
                    if (item.IsDirectory && item.Path.Contains(target))
                    {
                        throw new OlaresArgumentException("OlaresInvalidDestination", "Cannot " + verb + " " + item.Path + " into itself (" + target + ").", target.ToString());
                    }

                    if (target.Equals(item.Path))
                    {
                        throw new OlaresArgumentException("OlaresInvalidDestination", "Cannot " + verb + " " + item.Path + " onto itself: it is already there.", target.ToString());
                    }

                    if (!claimed.Add(target.Name)) throw new OlaresRemoteItemExistsException(target.ToString(), "another item of this command goes there");
                    var there = listing.Find(target.Name);
                    var action = ExistingTargets.Remote(target, there, item.IsDirectory, request.Force);
                    entries.Add(new PasteEntry(source, item, target, action == TargetAction.Replace ? there : null, null));
                }
                catch (OlaresException e)
                {
                    entries.Add(new PasteEntry(source, item, null, null, e));
                }
            }

            return new PastePlan(request, node, folder, entries);
        }

        /// <summary>
        /// Starts the server task of one checked entry. An entry that replaces a file first deletes it (the DELETE of
        /// Remove-OlaresFile): the server has no paste that replaces. If the paste then fails, the old file is gone.
        /// </summary>
        public async Task<RemoteTask> StartPasteAsync(PastePlan plan, PasteEntry entry, CancellationToken ct)
        {
            if (entry.Error != null || entry.Item == null || entry.Target == null) throw new ArgumentException("The entry was refused: " + entry.Error?.Message, nameof(entry));
            if (entry.Replaces != null) await ExistingTargets.RemoveReplacedAsync(Client, entry.Replaces, ct).ConfigureAwait(false);
            return await Client.PasteAsync(plan.Node, plan.Request.Move, entry.Item, entry.Target, ct).ConfigureAwait(false);
        }

        /// <summary>Waits for a paste task, reporting its progress; a failed or cancelled task is <see cref="OlaresTaskFailedException"/>.</summary>
        public async Task<RemoteTask> WaitPasteAsync(PastePlan plan, PasteEntry entry, RemoteTask task, CancellationToken ct)
        {
            var what = (plan.Request.Move ? "Moving " : "Copying ") + entry.Source + " to " + entry.Target;
            try
            {
                return await Client.WaitTaskAsync(plan.Node, task.Id, what, t => OlaresProgressReporter.Report(new OlaresProgress
                {
                    ActivityId = FilesActivity.Paste,
                    Activity = what,
                    StatusDescription = "Task " + t.Id + ": " + t.Status,
                    PercentComplete = t.Progress,
                }), ct).ConfigureAwait(false);
            }
            finally
            {
                OlaresProgressReporter.Report(new OlaresProgress { ActivityId = FilesActivity.Paste, Activity = what, Completed = true });
            }
        }

        /// <summary>The pasted item as listed now; the source's shape at its new path when the listing does not show it yet.</summary>
        public async Task<RemoteItem> PastedItemAsync(PasteEntry entry, CancellationToken ct) =>
            await Client.TryStatAsync(entry.Target!, ct).ConfigureAwait(false) ??
            new RemoteItem(entry.Target!, entry.Item!.IsDirectory, entry.Item.Size, null, 0, false, null, entry.Item.SizeKnown);

        // ---- remove --------------------------------------------------------------------------------

        /// <summary>Starts a removal: protected targets are refused at once, the rest grouped per folder.</summary>
        public RemoveOperation BeginRemove(IEnumerable<RemotePath> targets, bool recurse, RemoteListings? listings = null) =>
            new RemoveOperation(listings ?? NewListings(), targets, recurse);

        // ---- rename --------------------------------------------------------------------------------

        /// <summary>
        /// Checks a rename (§6.4): a name only (not empty, '.', '..', no '/' or '\'), not protected, the item exists,
        /// the name differs and is free in the folder.
        /// </summary>
        public async Task<RenamePlan> PlanRenameAsync(RemotePath path, string newName, CancellationToken ct, RemoteListings? listings = null)
        {
            var name = (newName ?? string.Empty).Trim();
            if (name.Length == 0 || name.IndexOf('/') >= 0 || name.IndexOf('\\') >= 0 || name == "." || name == ".." || name.IndexOf('\0') >= 0)
            {
                throw new OlaresArgumentException("OlaresInvalidName", "\"" + newName + "\" is not a valid name: it must not be empty, '.', '..' or contain '/' or '\\'.", newName);
            }

            var reason = path.ProtectionReason();
            if (reason != null) throw new OlaresProtectedPathException(path.ToString(), "rename", reason);
            var listing = await (listings ?? NewListings()).ListAsync(path.Parent!, ct).ConfigureAwait(false);
            var item = listing.Find(path.Name) ?? throw FilesClient.NotFound(path);
            if (name == item.Name) throw new OlaresArgumentException("OlaresInvalidName", item.Path + " is already named \"" + name + "\".", newName);
            var target = path.Parent!.Child(name, item.IsDirectory);
            if (listing.Find(name) != null) throw new OlaresRemoteItemExistsException(target.ToString(), "choose another name");
            return new RenamePlan(item, name, target);
        }

        /// <summary>Renames in place; returns the renamed item as listed (or as it was, at its new path).</summary>
        public async Task<RemoteItem> RenameAsync(RenamePlan plan, CancellationToken ct)
        {
            await Client.RenameAsync(plan.Item, plan.NewName, ct).ConfigureAwait(false);
            var item = plan.Item;
            return await Client.TryStatAsync(plan.Target, ct).ConfigureAwait(false) ??
                   new RemoteItem(plan.Target, item.IsDirectory, item.Size, item.Modified, item.Mode, item.IsSymlink, item.Type, item.SizeKnown);
        }

        // ---- transfers -----------------------------------------------------------------------------

        /// <summary>
        /// Send-OlaresFile, first half: where every file goes and what is in the way (<see cref="UploadPlanner"/>;
        /// existing targets by <see cref="UploadOptions.Force"/>). Nothing is changed on the server. The caller may
        /// approve part of it (<see cref="UploadPlan.Only"/>) before <see cref="RunUploadAsync"/>.
        /// </summary>
        public Task<UploadPlan> PlanUploadAsync(IReadOnlyList<string> localPaths, RemotePath destination, UploadOptions options, CancellationToken ct,
            RemoteListings? listings = null) =>
            new UploadEngine(Client, options).PlanAsync(localPaths, destination, ct, listings);

        /// <summary>Send-OlaresFile, second half: makes the plan's folders, replaces and uploads its files; every outcome (problems included) goes to <paramref name="onResult"/>.</summary>
        public Task<IReadOnlyList<UploadResult>> RunUploadAsync(UploadPlan plan, UploadOptions options, Action<UploadResult>? onResult, CancellationToken ct) =>
            new UploadEngine(Client, options).RunAsync(plan, new TransferProgress("Uploading to Olares", FilesActivity.Upload), onResult, ct);

        /// <summary>Send-OlaresFile without approvals: plans, makes the folders, uploads; every outcome (problems included) goes to <paramref name="onResult"/>.</summary>
        public async Task<IReadOnlyList<UploadResult>> UploadAsync(IReadOnlyList<string> localPaths, RemotePath destination, UploadOptions options,
            Action<UploadResult>? onResult, CancellationToken ct)
        {
            var plan = await PlanUploadAsync(localPaths, destination, options, ct).ConfigureAwait(false);
            return await RunUploadAsync(plan, options, onResult, ct).ConfigureAwait(false);
        }

        /// <summary>
        /// Get-OlaresFile, first half: where every file goes and what is in the way (<see cref="DownloadPlanner"/>; existing
        /// files by <see cref="DownloadOptions.Mode"/>). Nothing is written. The caller may approve part of it
        /// (<see cref="DownloadPlan.Only"/>) before <see cref="RunDownloadAsync"/>.
        /// </summary>
        public Task<DownloadPlan> PlanDownloadAsync(IReadOnlyList<RemotePath> sources, string? destination, string currentDirectory, DownloadOptions options,
            CancellationToken ct, RemoteListings? listings = null) =>
            new DownloadEngine(Client, options).PlanAsync(sources, destination, currentDirectory, ct, listings);

        /// <summary>Get-OlaresFile, second half: creates the plan's folders and downloads its files; every outcome goes to <paramref name="onResult"/>.</summary>
        public Task<IReadOnlyList<DownloadResult>> RunDownloadAsync(DownloadPlan plan, DownloadOptions options, Action<DownloadResult>? onResult, CancellationToken ct) =>
            new DownloadEngine(Client, options).RunAsync(plan, new TransferProgress("Downloading from Olares", FilesActivity.Download), onResult, ct);

        /// <summary>Get-OlaresFile without approvals: plans, creates the local folders, downloads; every outcome (problems included) goes to <paramref name="onResult"/>.</summary>
        public async Task<IReadOnlyList<DownloadResult>> DownloadAsync(IReadOnlyList<RemotePath> sources, string? destination, string currentDirectory,
            DownloadOptions options, Action<DownloadResult>? onResult, CancellationToken ct, RemoteListings? listings = null)
        {
            var plan = await PlanDownloadAsync(sources, destination, currentDirectory, options, ct, listings).ConfigureAwait(false);
            return await RunDownloadAsync(plan, options, onResult, ct).ConfigureAwait(false);
        }
    }
}
