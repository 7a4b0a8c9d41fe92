using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Olares.Errors;
using Olares.Http;

namespace Olares.Files
{
    public sealed class UploadOptions
    {
        public const long DefaultChunkSize = 8 * 1024 * 1024;

        public long ChunkSize { get; set; } = DefaultChunkSize;

        /// <summary>Files uploaded at the same time (chunks of one file are sequential).</summary>
        public int Parallel { get; set; } = 2;

        /// <summary>Retries of a chunk after a transient failure (§6.5).</summary>
        public int MaxRetries { get; set; } = 3;

        /// <summary>Fixed pause before a chunk is retried (olares-cli: 5 s).</summary>
        public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(5);

        /// <summary>Overrides every other choice of node.</summary>
        public string? Node { get; set; }
    }

    /// <summary>One local file and where it lands on the server.</summary>
    public sealed class UploadJob
    {
        internal UploadJob(string localPath, long size, RemotePath target, string parentDir, string relativePath, string? relativeDir)
        {
            LocalPath = localPath;
            Size = size;
            Target = target;
            ParentDir = parentDir;
            RelativePath = relativePath;
            RelativeDir = relativeDir;
        }

        public string LocalPath { get; }

        public long Size { get; }

        /// <summary>The remote file this becomes.</summary>
        public RemotePath Target { get; }

        /// <summary>The upload root on the server, "/drive/Home/dst/" (always ends with '/').</summary>
        public string ParentDir { get; }

        /// <summary>"name" for a single file; "&lt;folder&gt;/&lt;sub&gt;/name" inside a folder upload.</summary>
        public string RelativePath { get; }

        /// <summary>The folder part of <see cref="RelativePath"/> with a trailing '/', for folder uploads only.</summary>
        public string? RelativeDir { get; }

        public string RemoteName => Target.Name;

        /// <summary>The server folder the file is written to (where the partial upload lives).</summary>
        public string FinalDir => ParentDir + (RelativeDir ?? string.Empty);
    }

    public sealed class UploadPlan
    {
        public UploadPlan(RemotePath destination)
        {
            Destination = destination;
        }

        public RemotePath Destination { get; }

        public List<UploadJob> Jobs { get; } = new List<UploadJob>();

        /// <summary>Remote folders to create because they hold nothing the chunks would create them with (empty folders, folders of empty files).</summary>
        public List<RemotePath> Folders { get; } = new List<RemotePath>();

        public List<OlaresException> Errors { get; } = new List<OlaresException>();

        public long TotalBytes => Jobs.Sum(j => j.Size);
    }

    public sealed class UploadResult
    {
        public UploadResult(UploadJob job, long resumedFrom, string? taskId, OlaresException? error)
        {
            Job = job;
            ResumedFrom = resumedFrom;
            TaskId = taskId;
            Error = error;
        }

        public UploadJob Job { get; }

        /// <summary>The byte the upload continued from (0 for a fresh upload).</summary>
        public long ResumedFrom { get; }

        /// <summary>The cloud transfer task that finished the upload (cloud drives only).</summary>
        public string? TaskId { get; }

        public OlaresException? Error { get; }
    }

    /// <summary>
    /// The chunked, resumable upload of protocol §6.5: per file a resume probe (uploaded bytes), an upload link, then
    /// multipart chunk POSTs whose file part is read from disk as it is sent (never the whole file or chunk in
    /// memory, and re-read when a refresh makes the request go again). Transient failures are retried after a
    /// fixed pause; a killed upload continues from the server's count on the next run.
    /// </summary>
    public sealed class UploadEngine
    {
        /// <summary>Chunk answers that no retry will change (§6.5).</summary>
        public static readonly IReadOnlyCollection<int> PermanentStatuses = new HashSet<int> { 400, 401, 403, 404, 409, 415, 440, 441, 442, 443, 459, 500, 501 };

        private static readonly Dictionary<string, string> MimeTypes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            [".txt"] = "text/plain", [".json"] = "application/json", [".html"] = "text/html", [".css"] = "text/css",
            [".js"] = "application/javascript", [".png"] = "image/png", [".jpg"] = "image/jpeg", [".jpeg"] = "image/jpeg",
            [".gif"] = "image/gif", [".pdf"] = "application/pdf", [".mp4"] = "video/mp4", [".mov"] = "video/quicktime",
            [".mp3"] = "audio/mpeg", [".zip"] = "application/zip", [".tar"] = "application/x-tar", [".gz"] = "application/gzip",
        };

        private readonly FilesClient _client;
        private readonly UploadOptions _options;
        private readonly SemaphoreSlim _nodeGate = new SemaphoreSlim(1, 1);
        private string? _node;

        public UploadEngine(FilesClient client, UploadOptions? options = null)
        {
            _client = client;
            _options = options ?? new UploadOptions();
            if (_options.ChunkSize < 1) throw new ArgumentOutOfRangeException(nameof(options), "The chunk size must be positive.");
            if (_options.Parallel < 1) _options.Parallel = 1;
        }

        // ---- planning --------------------------------------------------------------------------

        /// <summary>
        /// Decides where every local file goes. The destination is a folder when it exists as one or ends with '/':
        /// files and folders go inside it under their own names; otherwise it is the new name of a single file. The
        /// destination folder must exist (the server would auto-rename a blind mkdir).
        /// </summary>
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

            var plan = new UploadPlan(folder);
            var parentDir = ApiDir(folder);
            foreach (var local in localPaths)
            {
                ct.ThrowIfCancellationRequested();
                try
                {
                    if (File.Exists(local))
                    {
                        var target = intoFolder ? folder.Child(CheckedName(local), false) : destination.AsFile();
                        plan.Jobs.Add(new UploadJob(local, Length(local), target, parentDir, target.Name, null));
                    }
                    else if (Directory.Exists(local))
                    {
                        if (!intoFolder)
                        {
                            throw new OlaresArgumentException("OlaresInvalidDestination",
                                "The local path " + local + " is a folder, so the destination must be an existing folder (" + destination + " is not).", local);
                        }

                        var name = CheckedName(local);
                        plan.Folders.Add(folder.Child(name, true));
                        WalkLocal(local, name, folder, parentDir, plan);
                    }
                    else
                    {
                        throw new OlaresLocalPathNotFoundException(local);
                    }
                }
                catch (OlaresException e)
                {
                    plan.Errors.Add(e);
                }
            }

            return plan;
        }

        private static void WalkLocal(string localDir, string relative, RemotePath destFolder, string parentDir, UploadPlan plan)
        {
            var remoteDir = destFolder.Child(relative.Split('/')[0], true);
            foreach (var segment in relative.Split('/').Skip(1)) remoteDir = remoteDir.Child(segment, true);
            FileSystemInfo[] entries;
            try
            {
                entries = new DirectoryInfo(localDir).GetFileSystemInfos();
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                plan.Errors.Add(new OlaresLocalFileException(localDir, false, e));
                return;
            }

            var hasFiles = false;
            foreach (var entry in entries.OrderBy(e => e.Name, StringComparer.Ordinal))
            {
                if ((entry.Attributes & FileAttributes.ReparsePoint) != 0)
                {
                    OlaresLog.Verbose("Skipping the link " + entry.FullName + " (links are not uploaded).");
                    continue;
                }

                if (!RemoteNames.IsAddressable(entry.Name))
                {
                    plan.Errors.Add(new OlaresArgumentException("OlaresInvalidPath", "The local name " + entry.FullName + " cannot be a remote name.", entry.FullName));
                    continue;
                }

                var rel = relative + "/" + entry.Name;
                if (entry is DirectoryInfo)
                {
                    WalkLocal(entry.FullName, rel, destFolder, parentDir, plan);
                }
                else if (entry is FileInfo file)
                {
                    hasFiles = true;
                    plan.Jobs.Add(new UploadJob(file.FullName, file.Length, remoteDir.Child(entry.Name, false), parentDir, rel, relative + "/"));
                }
            }

            // Chunk uploads create the folders of the files they carry; anything else must be made explicitly.
            if (!hasFiles || plan.Jobs.Any(j => j.Size == 0 && j.RelativeDir == relative + "/")) plan.Folders.Add(remoteDir);
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

        private static string ApiDir(RemotePath folder) => folder.ToServerPath(true);

        private static string DriveType(RemotePath p)
        {
            switch (p.FileType)
            {
                case "drive": return p.Extend == "Home" ? "Drive" : p.Extend;
                case "sync": return "Sync";
                case "cache": return "Cache";
                case "external": return "External";
                case "awss3": return "Awss3";
                case "google": return "Google";
                case "dropbox": return "Dropbox";
                default: return p.FileType;
            }
        }

        // ---- running ---------------------------------------------------------------------------

        /// <summary>
        /// Uploads the plan's files (<see cref="UploadOptions.Parallel"/> at a time), then creates the folders and empty
        /// files chunks cannot carry. A failing file does not stop the others; cancellation stops everything and the
        /// server keeps what it received for the next run.
        /// </summary>
        public async Task<IReadOnlyList<UploadResult>> RunAsync(UploadPlan plan, TransferProgress progress, Action<UploadResult>? onResult, CancellationToken ct)
        {
            var results = new List<UploadResult>();
            var sync = new object();
            void Done(UploadResult r)
            {
                progress.FileDone();
                lock (sync) results.Add(r);
                onResult?.Invoke(r);
            }

            progress.AddTotal(plan.TotalBytes, plan.Jobs.Count);
            using var gate = new SemaphoreSlim(_options.Parallel);
            using var reporting = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var reporter = progress.RunReporterAsync(reporting.Token);
            try
            {
                var tasks = plan.Jobs.Where(j => j.Size > 0).Select(async job =>
                {
                    await gate.WaitAsync(ct).ConfigureAwait(false);
                    UploadResult result;
                    try
                    {
                        progress.SetCurrent(job.LocalPath);
                        result = await UploadFileAsync(job, progress, ct).ConfigureAwait(false);
                    }
                    catch (OlaresException e)
                    {
                        result = new UploadResult(job, 0, null, e);
                    }
                    finally
                    {
                        gate.Release();
                    }

                    Done(result);
                }).ToList();
                await Task.WhenAll(tasks).ConfigureAwait(false);

                var ensured = new HashSet<RemotePath> { plan.Destination };
                foreach (var folder in plan.Folders.OrderBy(f => f.Segments.Count))
                {
                    try
                    {
                        await EnsureFolderAsync(folder, ensured, ct).ConfigureAwait(false);
                    }
                    catch (OlaresException e)
                    {
                        plan.Errors.Add(e);
                    }
                }

                foreach (var job in plan.Jobs.Where(j => j.Size == 0))
                {
                    UploadResult result;
                    try
                    {
                        await UploadEmptyAsync(job, ct).ConfigureAwait(false);
                        result = new UploadResult(job, 0, null, null);
                    }
                    catch (OlaresException e)
                    {
                        result = new UploadResult(job, 0, null, e);
                    }

                    Done(result);
                }
            }
            finally
            {
                reporting.Cancel();
                await reporter.ConfigureAwait(false);
            }

            return results;
        }

        private async Task EnsureFolderAsync(RemotePath folder, HashSet<RemotePath> ensured, CancellationToken ct)
        {
            if (ensured.Contains(folder)) return;
            await _client.NewFolderAsync(folder, true, ct).ConfigureAwait(false);
            for (var p = folder; p != null; p = p.Parent) ensured.Add(p);
        }

        private async Task UploadEmptyAsync(UploadJob job, CancellationToken ct)
        {
            try
            {
                await _client.CreateEmptyFileAsync(job.Target, ct).ConfigureAwait(false);
            }
            catch (OlaresRemoteItemExistsException)
            {
                // Already there from an earlier run: fine if it is empty too.
                var item = await _client.TryStatAsync(job.Target, ct).ConfigureAwait(false);
                if (item == null || item.IsDirectory || item.Size != 0) throw;
            }
        }

        /// <summary>Uploads one non-empty file, continuing from the chunk the server already has.</summary>
        public async Task<UploadResult> UploadFileAsync(UploadJob job, TransferProgress progress, CancellationToken ct)
        {
            var node = await NodeAsync(job.Target, ct).ConfigureAwait(false);
            var chunkSize = _options.ChunkSize;
            var totalChunks = (int)((job.Size + chunkSize - 1) / chunkSize);
            var uploaded = await ProbeAsync(node, job, ct).ConfigureAwait(false);
            var startChunk = (int)Math.Min(uploaded / chunkSize, totalChunks - 1);
            var resumedFrom = startChunk * chunkSize;
            if (resumedFrom > 0)
            {
                OlaresLog.Verbose("The server already has " + uploaded + " bytes of " + job.Target + ": continuing with chunk " + (startChunk + 1) + " of " + totalChunks + ".");
                progress.AddBytes(resumedFrom);
            }

            var chunkUrl = await UploadLinkAsync(node, job, ct).ConfigureAwait(false);
            var identifier = Md5Hex(job.ParentDir + job.RelativePath);
            string? lastAnswer = null;
            for (var chunk = startChunk; chunk < totalChunks; chunk++)
            {
                var offset = chunk * chunkSize;
                var length = Math.Min(chunkSize, job.Size - offset);
                lastAnswer = await SendChunkAsync(job, chunkUrl, chunk, totalChunks, offset, length, identifier, progress, ct).ConfigureAwait(false);
            }

            string? taskId = CloudTaskId(lastAnswer);
            if (taskId != null)
            {
                OlaresLog.Verbose("The server is moving " + job.Target + " to the cloud drive (task " + taskId + ").");
                await _client.WaitTaskAsync(node, taskId, "upload of " + job.Target, null, ct).ConfigureAwait(false);
            }

            return new UploadResult(job, resumedFrom, taskId, null);
        }

        /// <summary>The node chunks go to: -Node, else the extend of a cache/external target, else the first node listed (asked once).</summary>
        private async Task<string> NodeAsync(RemotePath target, CancellationToken ct)
        {
            if (_node != null) return _node;
            await _nodeGate.WaitAsync(ct).ConfigureAwait(false);
            try
            {
                return _node ??= await _client.ResolveNodeAsync(_options.Node, new[] { target }, ct).ConfigureAwait(false);
            }
            finally
            {
                _nodeGate.Release();
            }
        }

        /// <summary>GET /upload/file-uploaded-bytes/&lt;node&gt;/: what the server kept of an earlier attempt; any failure counts as 0.</summary>
        private async Task<long> ProbeAsync(string node, UploadJob job, CancellationToken ct)
        {
            var url = _client.Url("/upload/file-uploaded-bytes/" + UriEncoding.EncodeUriComponent(node) + "/?parent_dir=" + UriEncoding.FormEncode(job.FinalDir) +
                                  "&file_name=" + UriEncoding.FormEncode(job.RemoteName));
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, url);
                request.Headers.Accept.ParseAdd("application/json");
                using var doc = await _client.SendJsonAsync(request, "uploaded bytes of " + job.Target, null, ct).ConfigureAwait(false);
                var root = doc.RootElement;
                if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("uploadedBytes", out var v) && v.ValueKind == JsonValueKind.Number &&
                    v.TryGetInt64(out var n) && n >= 0)
                {
                    return n <= job.Size ? n : 0;
                }
            }
            catch (OlaresException e) when (!(e is OlaresTokenInvalidatedException) && !(e is OlaresNotLoggedInException))
            {
                OlaresLog.Debug("The resume probe for " + job.Target + " failed (" + e.Message + "); uploading from the start.");
            }

            return 0;
        }

        /// <summary>GET /upload/upload-link/&lt;node&gt;/: a relative URL for the chunks of one file, with ret-json=1 added.</summary>
        private async Task<Uri> UploadLinkAsync(string node, UploadJob job, CancellationToken ct)
        {
            var what = "upload link for " + job.Target;
            using var request = new HttpRequestMessage(HttpMethod.Get,
                _client.Url("/upload/upload-link/" + UriEncoding.EncodeUriComponent(node) + "/?file_path=" + UriEncoding.EncodeUriComponent(job.ParentDir) + "&from=web"));
            var text = (await _client.SendTextAsync(request, what, job.Target.Parent, ct).ConfigureAwait(false)).Trim();
            if (text.StartsWith("\"", StringComparison.Ordinal))
            {
                try
                {
                    text = JsonSerializer.Deserialize<string>(text) ?? string.Empty;
                }
                catch (JsonException)
                {
                }
            }

            if (text.Length == 0 || text.StartsWith("<", StringComparison.Ordinal) || text.StartsWith("{", StringComparison.Ordinal))
            {
                throw new OlaresProtocolException(what, 200, "expected a link, got: " + ResponseText.Snippet(text, 120));
            }

            text += (text.IndexOf('?') >= 0 ? "&" : "?") + "ret-json=1";
            if (Uri.TryCreate(text, UriKind.Absolute, out var absolute) && (absolute.Scheme == Uri.UriSchemeHttp || absolute.Scheme == Uri.UriSchemeHttps)) return absolute;
            return _client.Url(text.StartsWith("/", StringComparison.Ordinal) ? text : "/" + text);
        }

        private async Task<string> SendChunkAsync(UploadJob job, Uri chunkUrl, int chunk, int totalChunks, long offset, long length, string identifier,
            TransferProgress progress, CancellationToken ct)
        {
            var what = "upload chunk " + (chunk + 1) + "/" + totalChunks + " of " + job.Target;
            for (var attempt = 0; ; attempt++)
            {
                var segment = new FileSegmentContent(job.LocalPath, offset, length, progress.AddBytes);
                using var request = new HttpRequestMessage(HttpMethod.Post, chunkUrl) { Content = BuildBody(job, segment, chunk, totalChunks, _options.ChunkSize, offset, length, identifier) };
                request.Headers.TryAddWithoutValidation("Accept", "application/json; text/javascript, */*; q=0.01");
                OlaresException failure;
                try
                {
                    using var response = await OlaresApi.SendAsync(_client.Session, _client.Session.Transfer, request, what, ct).ConfigureAwait(false);
                    var body = await ResponseText.ReadAsync(response, ct).ConfigureAwait(false);
                    var status = (int)response.StatusCode;
                    if (status >= 200 && status < 300) return body;
                    segment.TakeBack();
                    failure = _client.ErrorFor(status, what, job.Target.Parent, body);
                    if (PermanentStatuses.Contains(status)) throw failure;
                }
                catch (OlaresConnectionException e)
                {
                    segment.TakeBack();
                    // A local read failure surfaces through the HTTP stack; it is not the network's fault and no retry helps.
                    for (Exception? inner = e; inner != null; inner = inner.InnerException)
                    {
                        if (inner is OlaresLocalFileException local) throw local;
                    }

                    failure = new OlaresTransferException(job.Target.ToString(), "The connection failed during " + what + ": " + e.Message, e);
                }
                catch (Exception e) when (!(e is OlaresException) && !(e is OperationCanceledException && ct.IsCancellationRequested))
                {
                    segment.TakeBack();
                    throw;
                }

                if (attempt >= _options.MaxRetries) throw failure;
                OlaresLog.Verbose(what + " failed (" + failure.Message + "); retrying in " + _options.RetryDelay.TotalSeconds + " s.");
                await Task.Delay(_options.RetryDelay, ct).ConfigureAwait(false);
            }
        }

        private static MultipartFormDataContent BuildBody(UploadJob job, FileSegmentContent segment, int chunk, int totalChunks, long chunkSize, long offset, long length, string identifier)
        {
            var mime = MimeType(job.RemoteName);
            var form = new MultipartFormDataContent("----OlaresFormBoundary" + Guid.NewGuid().ToString("N"));
            void Field(string name, string value)
            {
                var part = new StringContent(value, Encoding.UTF8);
                part.Headers.ContentType = null;
                form.Add(part, name);
            }

            Field("resumableChunkNumber", (chunk + 1).ToString(CultureInfo.InvariantCulture));
            Field("resumableChunkSize", chunkSize.ToString(CultureInfo.InvariantCulture));
            Field("resumableCurrentChunkSize", length.ToString(CultureInfo.InvariantCulture));
            Field("resumableTotalSize", job.Size.ToString(CultureInfo.InvariantCulture));
            Field("resumableType", mime);
            Field("resumableIdentifier", identifier);
            Field("resumableFilename", job.RemoteName);
            Field("resumableRelativePath", job.RelativePath);
            Field("resumableTotalChunks", totalChunks.ToString(CultureInfo.InvariantCulture));
            Field("parent_dir", job.Target.FileType == "sync" ? SyncParentDir(job.ParentDir) : job.ParentDir);
            Field("driveType", DriveType(job.Target));
            if (job.RelativeDir != null) Field("relative_path", job.RelativeDir);
            segment.Headers.ContentType = new MediaTypeHeaderValue(mime);
            form.Add(segment, "file", job.RemoteName);
            form.Headers.ContentDisposition = new ContentDispositionHeaderValue("attachment") { FileName = "\"" + UriEncoding.EncodeUriComponent(job.RemoteName) + "\"" };
            form.Headers.ContentRange = new ContentRangeHeaderValue(offset, offset + length - 1, job.Size);
            return form;
        }

        /// <summary>For sync repos the chunk parent_dir is the in-repo path ("/sync/&lt;repo&gt;/a/" → "/a/").</summary>
        private static string SyncParentDir(string parentDir)
        {
            var i = parentDir.IndexOf('/', "/sync/".Length);
            return i < 0 ? "/" : parentDir.Substring(i);
        }

        /// <summary>The task id of a cloud upload's second stage: [{"taskId": "..."}] in the last chunk's answer.</summary>
        internal static string? CloudTaskId(string? answer)
        {
            if (string.IsNullOrWhiteSpace(answer)) return null;
            try
            {
                using var doc = JsonDocument.Parse(answer!);
                var root = doc.RootElement;
                if (root.ValueKind != JsonValueKind.Array || root.GetArrayLength() == 0) return null;
                var first = root[0];
                if (first.ValueKind != JsonValueKind.Object || !first.TryGetProperty("taskId", out var id)) return null;
                var text = id.ValueKind == JsonValueKind.String ? id.GetString() : id.ValueKind == JsonValueKind.Number ? id.GetRawText() : null;
                return string.IsNullOrEmpty(text) ? null : text;
            }
            catch (JsonException)
            {
                return null;
            }
        }

        public static string MimeType(string name) => MimeTypes.TryGetValue(Path.GetExtension(name), out var m) ? m : "application/octet-stream";

        private static string Md5Hex(string text)
        {
            using var md5 = MD5.Create();
            var hash = md5.ComputeHash(Encoding.UTF8.GetBytes(text));
            var sb = new StringBuilder(hash.Length * 2);
            foreach (var b in hash) sb.Append(b.ToString("x2", CultureInfo.InvariantCulture));
            return sb.ToString();
        }
    }
}
