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
    /// The JSON calls of the files service (protocol §6.2, §6.4): list, stat through the parent listing, nodes,
    /// mkdir (never blind: the auto-rename quirk), rm batched per parent, rename, copy/move as paste tasks.
    /// Everything goes through the session's refreshing clients.
    /// </summary>
    public sealed class FilesClient
    {
        public FilesClient(OlaresSession session)
        {
            Session = session ?? throw new ArgumentNullException(nameof(session));
        }

        public OlaresSession Session { get; }

        /// <summary>Delay between task polls grows from this to <see cref="MaxTaskPollInterval"/>.</summary>
        public TimeSpan TaskPollInterval { get; set; } = TimeSpan.FromMilliseconds(250);

        public TimeSpan MaxTaskPollInterval { get; set; } = TimeSpan.FromSeconds(2);

        /// <summary>The files service URL followed by <paramref name="pathAndQuery"/> (which starts with '/').</summary>
        public Uri Url(string pathAndQuery) => new Uri(Session.Endpoints.Files.AbsoluteUri.TrimEnd('/') + pathAndQuery);

        // ---- listing ---------------------------------------------------------------------------

        /// <summary>GET /api/resources/&lt;folder&gt;/: the folder's children. A missing folder is <see cref="OlaresNotFoundException"/>.</summary>
        public async Task<RemoteListing> ListAsync(RemotePath folder, CancellationToken ct)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, Url("/api/resources" + folder.ToEncodedPath(true)));
            request.Headers.Accept.ParseAdd("application/json");
            using var doc = await SendJsonAsync(request, "list " + folder, folder, ct).ConfigureAwait(false);
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
            using var request = new HttpRequestMessage(HttpMethod.Get, Url("/api/nodes/"));
            request.Headers.Accept.ParseAdd("application/json");
            using var doc = await SendJsonAsync(request, "list the files nodes", null, ct).ConfigureAwait(false);
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

        // ---- mkdir -----------------------------------------------------------------------------

        /// <summary>
        /// Creates a folder the safe way: lists the parent first (the server answers a POST on an existing name by
        /// creating "name (1)"), and with <paramref name="parents"/> creates every missing level. Returns the folder
        /// as listed after creation.
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
                        listing = await ListAsync(level.Parent!, ct).ConfigureAwait(false);
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

                await CreateFolderAsync(level, ct).ConfigureAwait(false);
            }

            return await TryStatAsync(path, ct).ConfigureAwait(false) ?? RemoteItem.Directory(path);
        }

        /// <summary>POST /api/resources/&lt;path&gt;/ once. Callers must have checked that the name is free (auto-rename quirk).</summary>
        public async Task CreateFolderAsync(RemotePath path, CancellationToken ct)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, Url("/api/resources" + path.ToEncodedPath(true)));
            request.Headers.Accept.ParseAdd("application/json");
            await SendNoContentAsync(request, "create the folder " + path, path.Parent, ct, acceptConflict: true).ConfigureAwait(false);
        }

        /// <summary>POST /api/resources/&lt;file&gt; (no trailing slash): creates an empty file (upload of a 0-byte file).</summary>
        public async Task CreateEmptyFileAsync(RemotePath path, CancellationToken ct)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, Url("/api/resources" + path.ToEncodedPath(false)));
            request.Headers.Accept.ParseAdd("application/json");
            await SendNoContentAsync(request, "create the empty file " + path, path.Parent, ct).ConfigureAwait(false);
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
            var json = JsonSerializer.Serialize(new Dictionary<string, object> { ["dirents"] = dirents });
            using var request = new HttpRequestMessage(HttpMethod.Delete, Url("/api/resources" + parent.ToEncodedPath(true)))
            {
                Content = new StringContent(json, Encoding.UTF8, "application/json"),
            };
            request.Headers.Accept.ParseAdd("application/json");
            await SendNoContentAsync(request, "delete in " + parent, parent, ct).ConfigureAwait(false);
        }

        /// <summary>PATCH /api/resources/&lt;path&gt;[/]?destination=&lt;new name&gt; (synchronous, empty body).</summary>
        public async Task RenameAsync(RemoteItem item, string newName, CancellationToken ct)
        {
            using var request = new HttpRequestMessage(new HttpMethod("PATCH"),
                Url("/api/resources" + item.Path.ToEncodedPath(item.IsDirectory) + "?destination=" + UriEncoding.EncodeUriComponent(newName)));
            request.Headers.Accept.ParseAdd("application/json");
            await SendNoContentAsync(request, "rename " + item.Path, item.Path, ct).ConfigureAwait(false);
        }

        // ---- paste (copy/move) and tasks -------------------------------------------------------

        /// <summary>
        /// PATCH /api/paste/&lt;node&gt;/ {action, source, destination} with plain (unencoded) server paths. The copy or
        /// move runs asynchronously on the server; the returned task is pending.
        /// </summary>
        public async Task<RemoteTask> PasteAsync(string node, bool move, RemoteItem source, RemotePath destination, CancellationToken ct)
        {
            var body = new Dictionary<string, string>
            {
                ["action"] = move ? "move" : "copy",
                ["source"] = source.Path.ToServerPath(source.IsDirectory),
                ["destination"] = destination.ToServerPath(source.IsDirectory),
            };
            var what = (move ? "move " : "copy ") + source.Path + " to " + destination;
            using var request = new HttpRequestMessage(new HttpMethod("PATCH"), Url("/api/paste/" + UriEncoding.EncodeUriComponent(node) + "/"))
            {
                Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"),
            };
            request.Headers.Accept.ParseAdd("application/json");
            using var doc = await SendJsonAsync(request, what, null, ct).ConfigureAwait(false);
            var root = doc.RootElement;
            ThrowIfBusinessError(root, what);
            var id = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("task_id", out var t) ? ScalarText(t) : null;
            if (string.IsNullOrEmpty(id)) throw new OlaresProtocolException(what, 200, "the answer has no task_id");
            return new RemoteTask(id!, node, "pending", 0, null);
        }

        /// <summary>GET /api/task/&lt;node&gt;/?task_id=&lt;id&gt;.</summary>
        public async Task<RemoteTask> GetTaskAsync(string node, string taskId, CancellationToken ct)
        {
            var what = "task " + taskId;
            using var request = new HttpRequestMessage(HttpMethod.Get,
                Url("/api/task/" + UriEncoding.EncodeUriComponent(node) + "/?task_id=" + UriEncoding.EncodeUriComponent(taskId)));
            request.Headers.Accept.ParseAdd("application/json");
            using var doc = await SendJsonAsync(request, what, null, ct).ConfigureAwait(false);
            ThrowIfBusinessError(doc.RootElement, what);
            return RemoteTask.Parse(doc.RootElement, node, taskId) ?? throw new OlaresProtocolException(what, 200, "the answer has no task object");
        }

        /// <summary>Polls a task until it completes; failed or cancelled tasks are <see cref="OlaresTaskFailedException"/>.</summary>
        public async Task<RemoteTask> WaitTaskAsync(string node, string taskId, string what, Action<RemoteTask>? onPoll, CancellationToken ct)
        {
            var delay = TaskPollInterval;
            while (true)
            {
                var task = await GetTaskAsync(node, taskId, ct).ConfigureAwait(false);
                onPoll?.Invoke(task);
                if (task.IsCompleted) return task;
                if (task.IsFailed || task.IsCancelled) throw new OlaresTaskFailedException(taskId, what, task.Status, task.FailedReason);
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
            var request = new HttpRequestMessage(HttpMethod.Get, RawUrl(file, inline));
            if (offset > 0) request.Headers.Range = new System.Net.Http.Headers.RangeHeaderValue(offset, null);
            try
            {
                return await OlaresApi.SendAsync(Session, Session.Transfer, request, "download " + file, ct, HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false);
            }
            finally
            {
                request.Dispose();
            }
        }

        // ---- plumbing --------------------------------------------------------------------------

        /// <summary>The typed error for a failed files call: 404 names the remote path; the rest as every API call.</summary>
        public OlaresException ErrorFor(int status, string what, RemotePath? notFound, string body) =>
            status == 404 && notFound != null ? NotFound(notFound) : OlaresApi.ErrorFor(Session, status, what, body);

        internal async Task<JsonDocument> SendJsonAsync(HttpRequestMessage request, string what, RemotePath? notFound, CancellationToken ct)
        {
            using var response = await OlaresApi.SendAsync(Session, Session.Json, request, what, ct).ConfigureAwait(false);
            var body = await ResponseText.ReadAsync(response, ct).ConfigureAwait(false);
            if (!OlaresApi.IsSuccess(response.StatusCode)) throw ErrorFor((int)response.StatusCode, what, notFound, body);
            return ResponseText.ParseJson(response, body, what);
        }

        internal async Task<string> SendTextAsync(HttpRequestMessage request, string what, RemotePath? notFound, CancellationToken ct)
        {
            using var response = await OlaresApi.SendAsync(Session, Session.Json, request, what, ct).ConfigureAwait(false);
            var body = await ResponseText.ReadAsync(response, ct).ConfigureAwait(false);
            if (!OlaresApi.IsSuccess(response.StatusCode)) throw ErrorFor((int)response.StatusCode, what, notFound, body);
            return body;
        }

        private async Task SendNoContentAsync(HttpRequestMessage request, string what, RemotePath? notFound, CancellationToken ct, bool acceptConflict = false)
        {
            using var response = await OlaresApi.SendAsync(Session, Session.Json, request, what, ct).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            if (OlaresApi.IsSuccess(response.StatusCode) || (acceptConflict && status == 409)) return;
            var body = await ResponseText.ReadAsync(response, ct).ConfigureAwait(false);
            if (status == 409) throw new OlaresRemoteItemExistsException(notFound?.ToString() ?? what, OlaresApi.Describe(body));
            throw ErrorFor(status, what, notFound, body);
        }

        /// <summary>{code != 0, message} in a 200 answer: the server refused the request (e.g. code -1 for a rejected path).</summary>
        internal static void ThrowIfBusinessError(JsonElement root, string what)
        {
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("code", out var code) || code.ValueKind != JsonValueKind.Number) return;
            if (!code.TryGetInt64(out var c) || c == 0 || c == 200) return;
            var message = root.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString()
                : root.TryGetProperty("msg", out var m2) && m2.ValueKind == JsonValueKind.String ? m2.GetString() : null;
            throw new OlaresHttpException(what, 200, "code " + c + (string.IsNullOrEmpty(message) ? string.Empty : ": " + ResponseText.Snippet(message, 200)));
        }

        private static string? ScalarText(JsonElement e) =>
            e.ValueKind == JsonValueKind.String ? e.GetString() : e.ValueKind == JsonValueKind.Number ? e.GetRawText() : null;
    }
}
