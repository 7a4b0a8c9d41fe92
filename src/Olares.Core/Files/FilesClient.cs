using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Olares.Errors;
using Olares.Http;

namespace Olares.Files
{
    /// <summary>
    /// The calls of the files service (protocol §6.2 to §6.4): list, stat through the parent listing, nodes, one
    /// folder or empty file, rm of names in one folder, rename, copy/move as paste tasks, task polls, raw content.
    /// One request per method: what to create, check or refuse around them is decided by <see cref="FilesService"/>.
    /// </summary>
    public sealed class FilesClient : ServiceClient
    {
        public FilesClient(OlaresSession session)
            : base(session, session.Endpoints.Files)
        {
        }

        /// <summary>Delay between task polls grows from this to <see cref="MaxTaskPollInterval"/>.</summary>
        public TimeSpan TaskPollInterval { get; set; } = TimeSpan.FromMilliseconds(250);

        public TimeSpan MaxTaskPollInterval { get; set; } = TimeSpan.FromSeconds(2);

        /// <summary>Failed task polls in a row that are tolerated (a refused login never is).</summary>
        public int MaxFailedTaskPolls { get; set; } = 3;

        // ---- listing ---------------------------------------------------------------------------

        /// <summary>GET /api/resources/&lt;folder&gt;/: the folder's children. A missing folder is <see cref="OlaresNotFoundException"/>.</summary>
        public async Task<RemoteListing> ListAsync(RemotePath folder, CancellationToken ct)
        {
            using var doc = await GetJsonAsync("/api/resources" + folder.ToEncodedPath(true), "list " + folder, ct, folder).ConfigureAwait(false);
            return RemoteListing.Parse(folder.AsDirectory(), doc.RootElement);
        }

        /// <summary>
        /// The item at <paramref name="path"/>, found in its parent's listing (a file's own resource URL must not be
        /// fetched, §6.2). An extend root is a folder without a request.
        /// </summary>
        public async Task<RemoteItem> StatAsync(RemotePath path, CancellationToken ct) =>
            await TryStatAsync(path, ct).ConfigureAwait(false) ?? throw NotFound(path);

        /// <summary>Like <see cref="StatAsync"/>, but null when the item or its parent folder does not exist.</summary>
        public async Task<RemoteItem?> TryStatAsync(RemotePath path, CancellationToken ct)
        {
            var parent = path.Parent;
            if (parent == null) return RemoteItem.Directory(path);
            RemoteListing listing;
            try
            {
                listing = await ListAsync(parent, ct).ConfigureAwait(false);
            }
            catch (OlaresNotFoundException)
            {
                return null;
            }

            return listing.Find(path.Name);
        }

        public static OlaresNotFoundException NotFound(RemotePath path) => new OlaresNotFoundException(path.ToString(), path.ToString());

        // ---- nodes -----------------------------------------------------------------------------

        /// <summary>GET /api/nodes/: the names of the Drive nodes, master first as the server orders them.</summary>
        public async Task<IReadOnlyList<string>> GetNodesAsync(CancellationToken ct)
        {
            using var doc = await GetJsonAsync("/api/nodes/", "list the files nodes", ct).ConfigureAwait(false);
            var names = new List<string>();
            var root = doc.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object &&
                data.TryGetProperty("nodes", out var nodes) && nodes.ValueKind == JsonValueKind.Array)
            {
                foreach (var n in nodes.EnumerateArray())
                {
                    if (n.ValueKind == JsonValueKind.Object && n.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String &&
                        !string.IsNullOrEmpty(name.GetString()))
                    {
                        names.Add(name.GetString()!);
                    }
                }
            }

            if (names.Count == 0) throw new OlaresProtocolException("list the files nodes", 200, "the server returned no Drive nodes");
            return names;
        }

        /// <summary>
        /// The node a paste or upload runs on (§6.4): the explicit one, else the extend of the first cache/external
        /// path given, else the first node the server lists.
        /// </summary>
        public async Task<string> ResolveNodeAsync(string? explicitNode, IEnumerable<RemotePath> preferred, CancellationToken ct)
        {
            if (!string.IsNullOrWhiteSpace(explicitNode)) return explicitNode!.Trim();
            foreach (var p in preferred)
            {
                if (p.FileType == "cache" || p.FileType == "external") return p.Extend;
            }

            return (await GetNodesAsync(ct).ConfigureAwait(false))[0];
        }

        // ---- creating --------------------------------------------------------------------------

        /// <summary>POST /api/resources/&lt;path&gt;/ once. Callers must have checked that the name is free (auto-rename quirk).</summary>
        public async Task CreateFolderAsync(RemotePath path, CancellationToken ct)
        {
            using var request = Request(HttpMethod.Post, "/api/resources" + path.ToEncodedPath(true));
            await SendNoContentAsync(request, "create the folder " + path, ct, path.Parent, conflictIsDone: true).ConfigureAwait(false);
        }

        /// <summary>POST /api/resources/&lt;file&gt; (no trailing slash): creates an empty file (upload of a 0-byte file).</summary>
        public async Task CreateEmptyFileAsync(RemotePath path, CancellationToken ct)
        {
            using var request = Request(HttpMethod.Post, "/api/resources" + path.ToEncodedPath(false));
            await SendNoContentAsync(request, "create the empty file " + path, ct, path.Parent, path).ConfigureAwait(false);
        }

        // ---- rm, rename ------------------------------------------------------------------------

        /// <summary>
        /// DELETE /api/resources/&lt;parent&gt;/ with {"dirents":[...]}: one request for every name in one folder
        /// (§6.4). Folder names get a trailing '/'.
        /// </summary>
        public async Task RemoveAsync(RemotePath parent, IEnumerable<RemoteItem> items, CancellationToken ct)
        {
            var dirents = items.Select(i => "/" + i.Name + (i.IsDirectory ? "/" : string.Empty)).Distinct(StringComparer.Ordinal).OrderBy(d => d, StringComparer.Ordinal).ToList();
            if (dirents.Count == 0) return;
            using var request = Request(HttpMethod.Delete, "/api/resources" + parent.ToEncodedPath(true), new Dictionary<string, object> { ["dirents"] = dirents });
            await SendNoContentAsync(request, "delete in " + parent, ct, parent).ConfigureAwait(false);
        }

        /// <summary>PATCH /api/resources/&lt;path&gt;[/]?destination=&lt;new name&gt; (synchronous, empty body).</summary>
        public async Task RenameAsync(RemoteItem item, string newName, CancellationToken ct)
        {
            using var request = Request(new HttpMethod("PATCH"),
                "/api/resources" + item.Path.ToEncodedPath(item.IsDirectory) + "?destination=" + UriEncoding.EncodeUriComponent(newName));
            await SendNoContentAsync(request, "rename " + item.Path, ct, item.Path, item.Path.Parent?.Child(newName, item.IsDirectory)).ConfigureAwait(false);
        }

        // ---- paste (copy/move) and tasks -------------------------------------------------------

        /// <summary>
        /// PATCH /api/paste/&lt;node&gt;/ {action, source, destination} with plain (unencoded) server paths. The copy or
        /// move runs asynchronously on the server; the returned task is pending.
        /// </summary>
        public async Task<RemoteTask> PasteAsync(string node, bool move, RemoteItem source, RemotePath destination, CancellationToken ct)
        {
            var body = new Dictionary<string, object>
            {
                ["action"] = move ? "move" : "copy",
                ["source"] = source.Path.ToServerPath(source.IsDirectory),
                ["destination"] = destination.ToServerPath(source.IsDirectory),
            };
            var what = (move ? "move " : "copy ") + source.Path + " to " + destination;
            using var request = Request(new HttpMethod("PATCH"), "/api/paste/" + UriEncoding.EncodeUriComponent(node) + "/", body);
            using var doc = await SendJsonAsync(request, what, ct).ConfigureAwait(false);
            var root = doc.RootElement;
            var id = JsonFields.StringOrNumber(root, "task_id");
            if (string.IsNullOrEmpty(id)) throw new OlaresProtocolException(what, 200, "the answer has no task_id");
            return new RemoteTask(id!, node, "pending", 0, null);
        }

        /// <summary>GET /api/task/&lt;node&gt;/?task_id=&lt;id&gt;.</summary>
        public async Task<RemoteTask> GetTaskAsync(string node, string taskId, CancellationToken ct)
        {
            var what = "task " + taskId;
            using var doc = await GetJsonAsync("/api/task/" + UriEncoding.EncodeUriComponent(node) + "/?task_id=" + UriEncoding.EncodeUriComponent(taskId), what, ct)
                .ConfigureAwait(false);
            return RemoteTask.Parse(doc.RootElement, node, taskId) ?? throw new OlaresProtocolException(what, 200, "the answer has no task object");
        }

        /// <summary>
        /// Polls a task until it completes; failed or cancelled tasks are <see cref="OlaresTaskFailedException"/>. A few
        /// failed polls in a row are tolerated (<see cref="RetryPolicy.Poll"/>), a refused login is not.
        /// </summary>
        public async Task<RemoteTask> WaitTaskAsync(string node, string taskId, string what, Action<RemoteTask>? onPoll, CancellationToken ct)
        {
            var delay = TaskPollInterval;
            var tolerance = RetryPolicy.Poll(TaskPollInterval, MaxFailedTaskPolls);
            var failures = 0;
            while (true)
            {
                RemoteTask? task = null;
                try
                {
                    task = await GetTaskAsync(node, taskId, ct).ConfigureAwait(false);
                    failures = 0;
                }
                catch (OlaresException e) when (tolerance.Allows(e, failures + 1))
                {
                    failures++;
                    OlaresLog.Verbose("Polling " + what + " (task " + taskId + ") failed (" + e.Message + "); trying again.");
                }

                if (task != null)
                {
                    onPoll?.Invoke(task);
                    if (task.IsCompleted) return task;
                    if (task.IsFailed || task.IsCancelled) throw new OlaresTaskFailedException(taskId, what, task.Status, task.FailedReason);
                }

                await Task.Delay(delay, ct).ConfigureAwait(false);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxTaskPollInterval.Ticks));
            }
        }

        // ---- raw content -----------------------------------------------------------------------

        /// <summary>GET /api/raw/&lt;file&gt; (drive, sync, cache, external), or the cloud stream endpoint for cloud drives (§6.3).</summary>
        public Uri RawUrl(RemotePath file, bool inline)
        {
            if (file.IsCloud)
            {
                return Url("/drive/download_sync_stream?drive=" + UriEncoding.EncodeUriComponent(file.FileType) +
                           "&cloud_file_path=" + UriEncoding.EncodeUriComponent(file.SubPath) + "&name=" + UriEncoding.EncodeUriComponent(file.Extend));
            }

            return Url("/api/raw" + file.ToEncodedPath(false) + (inline ? "?inline=true" : string.Empty));
        }

        /// <summary>
        /// Starts a raw download (headers read, body not yet): from <paramref name="offset"/> with a Range header when
        /// it is above 0. The caller owns the response and checks its status.
        /// </summary>
        public async Task<HttpResponseMessage> OpenRawAsync(RemotePath file, bool inline, long offset, CancellationToken ct)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, RawUrl(file, inline));
            if (offset > 0) request.Headers.Range = new System.Net.Http.Headers.RangeHeaderValue(offset, null);
            return await SendAsync(request, "download " + file, ct, transfer: true, HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false);
        }

        // ---- plumbing --------------------------------------------------------------------------

        /// <summary>Files answers use {code, message}: a code other than 0/200 in a 2xx answer is a refusal (e.g. -1 for a rejected path).</summary>
        protected override void CheckEnvelope(JsonElement root, string what) => ThrowIfCodeIsAnError(root, what);

        private HttpRequestMessage Request(HttpMethod method, string pathAndQuery, object? json = null)
        {
            var request = new HttpRequestMessage(method, Url(pathAndQuery));
            request.Headers.Accept.ParseAdd("application/json");
            if (json != null) request.Content = new StringContent(JsonSerializer.Serialize(json), Encoding.UTF8, "application/json");
            return request;
        }
    }
}
