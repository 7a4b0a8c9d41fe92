using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Olares.Errors;
using Olares.Http;

namespace Olares.Files
{
    public enum DownloadMode
    {
        /// <summary>Refuse to replace an existing local file.</summary>
        New,

        /// <summary>Replace existing local files.</summary>
        Overwrite,

        /// <summary>Continue partial files with a Range request; complete files are left alone.</summary>
        Resume,
    }

    public sealed class DownloadOptions
    {
        public DownloadMode Mode { get; set; } = DownloadMode.New;

        /// <summary>Files downloaded at the same time.</summary>
        public int Parallel { get; set; } = 4;

        /// <summary>Retries per file after a 5xx answer or a broken connection (§6.3).</summary>
        public int MaxRetries { get; set; } = 3;

        public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromMilliseconds(250);

        public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(4);

        public int BufferSize { get; set; } = 256 * 1024;
    }

    /// <summary>One remote file and where it goes.</summary>
    public sealed class DownloadJob
    {
        public DownloadJob(RemotePath remote, string localPath, long size, DateTimeOffset? modified)
        {
            Remote = remote;
            LocalPath = localPath;
            Size = size;
            Modified = modified;
        }

        public RemotePath Remote { get; }

        public string LocalPath { get; }

        /// <summary>The size the listing reported (the response headers win when they differ).</summary>
        public long Size { get; }

        public DateTimeOffset? Modified { get; }

        /// <summary>Where bytes are written until the file is complete; renamed to <see cref="LocalPath"/> at the end.</summary>
        public string PartialPath => LocalPath + DownloadEngine.PartialSuffix;
    }

    /// <summary>What was found to download: files, local folders to create (empty ones included), and per-item problems.</summary>
    public sealed class DownloadPlan
    {
        public List<DownloadJob> Jobs { get; } = new List<DownloadJob>();

        public List<string> Directories { get; } = new List<string>();

        public List<OlaresException> Errors { get; } = new List<OlaresException>();

        public long TotalBytes => Jobs.Sum(j => j.Size);
    }

    public sealed class DownloadResult
    {
        public DownloadResult(DownloadJob job, long bytesReceived, bool alreadyComplete, OlaresException? error)
        {
            Job = job;
            BytesReceived = bytesReceived;
            AlreadyComplete = alreadyComplete;
            Error = error;
        }

        public DownloadJob Job { get; }

        public long BytesReceived { get; }

        /// <summary>-Resume found the file already complete.</summary>
        public bool AlreadyComplete { get; }

        public OlaresException? Error { get; }
    }

    /// <summary>
    /// Downloads files and folder trees (protocol §6.3): each file is written to "&lt;name&gt;.olares-partial" and renamed
    /// when complete; a broken connection or a 5xx answer is retried (backoff 250 ms doubling to 4 s) from the
    /// bytes already on disk with a Range request; -Resume continues a partial file left by an earlier run, even one
    /// that was killed. Names from the server that would escape the destination are refused.
    /// </summary>
    public sealed class DownloadEngine
    {
        public const string PartialSuffix = ".olares-partial";

        private readonly FilesClient _client;
        private readonly DownloadOptions _options;

        public DownloadEngine(FilesClient client, DownloadOptions? options = null)
        {
            _client = client;
            _options = options ?? new DownloadOptions();
            if (_options.Parallel < 1) _options.Parallel = 1;
        }

        /// <summary>
        /// Finds every file to download. <paramref name="destination"/> (absolute, or null for
        /// <paramref name="currentDirectory"/>) is a folder when it exists as one or ends with a separator; then each
        /// source goes inside it under its own name. Otherwise it is the exact target of the single source.
        /// </summary>
        public async Task<DownloadPlan> PlanAsync(IReadOnlyList<RemotePath> sources, string? destination, string currentDirectory, CancellationToken ct)
        {
            var plan = new DownloadPlan();
            var intoFolder = destination == null || Directory.Exists(destination) ||
                             destination.EndsWith(Path.DirectorySeparatorChar.ToString(), StringComparison.Ordinal) ||
                             destination.EndsWith(Path.AltDirectorySeparatorChar.ToString(), StringComparison.Ordinal);
            if (!intoFolder && sources.Count > 1)
            {
                throw new OlaresArgumentException("OlaresInvalidDestination",
                    "Several items are being downloaded, so -Destination must be a folder (an existing one, or a path ending with a separator): " + destination, destination);
            }

            var folder = destination == null ? currentDirectory : intoFolder ? destination : Path.GetDirectoryName(Path.GetFullPath(destination))!;
            if (intoFolder && destination != null) plan.Directories.Add(Path.GetFullPath(destination));
            foreach (var source in sources)
            {
                ct.ThrowIfCancellationRequested();
                try
                {
                    var item = await _client.StatAsync(source, ct).ConfigureAwait(false);
                    var local = intoFolder ? RemoteNames.SafeLocalChild(folder, item.Name, item.Path.Parent?.ToString() ?? item.Path.ToString()) : Path.GetFullPath(destination!);
                    if (item.IsDirectory)
                    {
                        if (File.Exists(local))
                        {
                            throw new OlaresArgumentException("OlaresInvalidDestination", "The local path " + local + " is a file, so the folder " + item.Path + " cannot be downloaded there.", local);
                        }

                        plan.Directories.Add(local);
                        await WalkAsync(item.Path, local, plan, ct).ConfigureAwait(false);
                    }
                    else
                    {
                        plan.Jobs.Add(new DownloadJob(item.Path, local, item.Size, item.Modified));
                    }
                }
                catch (OlaresException e)
                {
                    plan.Errors.Add(e);
                }
            }

            return plan;
        }

        private async Task WalkAsync(RemotePath folder, string localFolder, DownloadPlan plan, CancellationToken ct)
        {
            var listing = await _client.ListAsync(folder, ct).ConfigureAwait(false);
            foreach (var name in listing.RejectedNames) plan.Errors.Add(new OlaresUnsafeRemoteNameException(name, folder.ToString()));
            foreach (var child in listing.Items)
            {
                string local;
                try
                {
                    local = RemoteNames.SafeLocalChild(localFolder, child.Name, folder.ToString());
                }
                catch (OlaresUnsafeRemoteNameException e)
                {
                    plan.Errors.Add(e);
                    continue;
                }

                if (child.IsDirectory)
                {
                    plan.Directories.Add(local);
                    try
                    {
                        await WalkAsync(child.Path, local, plan, ct).ConfigureAwait(false);
                    }
                    catch (OlaresNotFoundException e)
                    {
                        plan.Errors.Add(e);
                    }
                }
                else
                {
                    plan.Jobs.Add(new DownloadJob(child.Path, local, child.Size, child.Modified));
                }
            }
        }

        /// <summary>
        /// Creates the plan's folders, then downloads its files, <see cref="DownloadOptions.Parallel"/> at a time.
        /// A failing file does not stop the others; cancellation stops everything and leaves partial files to resume.
        /// </summary>
        public async Task<IReadOnlyList<DownloadResult>> RunAsync(DownloadPlan plan, TransferProgress progress, Action<DownloadResult>? onResult, CancellationToken ct)
        {
            var results = new List<DownloadResult>();
            var failedFolders = new List<string>();
            foreach (var dir in plan.Directories)
            {
                try
                {
                    Directory.CreateDirectory(dir);
                }
                catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
                {
                    failedFolders.Add(dir);
                    plan.Errors.Add(new OlaresLocalFileException(dir, true, e));
                }
            }

            progress.AddTotal(plan.TotalBytes, plan.Jobs.Count);
            using var gate = new SemaphoreSlim(_options.Parallel);
            using var reporting = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var reporter = progress.RunReporterAsync(reporting.Token);
            var sync = new object();
            try
            {
                var tasks = plan.Jobs.Select(async job =>
                {
                    await gate.WaitAsync(ct).ConfigureAwait(false);
                    DownloadResult result;
                    try
                    {
                        progress.SetCurrent(job.Remote.ToString());
                        result = await DownloadOneAsync(job, progress, ct).ConfigureAwait(false);
                    }
                    catch (OlaresException e)
                    {
                        result = new DownloadResult(job, 0, false, e);
                    }
                    finally
                    {
                        gate.Release();
                    }

                    progress.FileDone();
                    lock (sync) results.Add(result);
                    onResult?.Invoke(result);
                }).ToList();
                await Task.WhenAll(tasks).ConfigureAwait(false);
            }
            finally
            {
                reporting.Cancel();
                await reporter.ConfigureAwait(false);
            }

            return results;
        }

        /// <summary>Downloads one file according to the mode, with retries. Throws typed errors; cancellation propagates.</summary>
        public async Task<DownloadResult> DownloadOneAsync(DownloadJob job, TransferProgress progress, CancellationToken ct)
        {
            var final = job.LocalPath;
            var part = job.PartialPath;
            if (Directory.Exists(final)) throw new OlaresLocalFileExistsException(final, true);
            var counted = 0L;
            void Count(long fileLength)
            {
                progress.AddBytes(fileLength - counted);
                counted = fileLength;
            }

            switch (_options.Mode)
            {
                case DownloadMode.New:
                    if (File.Exists(final)) throw new OlaresLocalFileExistsException(final, false);
                    Local(part, true, () => { if (File.Exists(part)) File.Delete(part); });
                    break;
                case DownloadMode.Overwrite:
                    Local(part, true, () => { if (File.Exists(part)) File.Delete(part); });
                    break;
                default:
                    if (!File.Exists(part) && File.Exists(final))
                    {
                        var have = Local(final, false, () => new FileInfo(final).Length);
                        if (have == job.Size)
                        {
                            Count(have);
                            return new DownloadResult(job, 0, true, null);
                        }

                        // A partial file under the final name (from another tool): continue it under the partial name.
                        if (have < job.Size) Local(final, true, () => File.Move(final, part));
                        else OlaresLog.Warning("The local file " + final + " is larger than " + job.Remote + " on the server, so it is not a partial copy; downloading it again.");
                    }

                    break;
            }

            var received = 0L;
            var delay = _options.InitialBackoff;
            for (var attempt = 0; ; attempt++)
            {
                var offset = Local(part, false, () => File.Exists(part) ? new FileInfo(part).Length : 0L);
                if (offset > job.Size && attempt == 0)
                {
                    OlaresLog.Warning("The partial file " + part + " is larger than " + job.Remote + " on the server; downloading it again from the start.");
                    Local(part, true, () => File.Delete(part));
                    offset = 0;
                }

                Count(offset);
                try
                {
                    var done = await AttemptAsync(job, part, offset, Count, n => received += n, ct).ConfigureAwait(false);
                    if (done) break;
                }
                catch (OlaresException e) when (IsTransient(e) && attempt < _options.MaxRetries && !ct.IsCancellationRequested)
                {
                    OlaresLog.Verbose("Download of " + job.Remote + " failed (" + e.Message + "); retrying in " + delay.TotalMilliseconds + " ms from the bytes already received.");
                    await Task.Delay(delay, ct).ConfigureAwait(false);
                    delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.MaxBackoff.Ticks));
                }
            }

            Local(final, true, () =>
            {
                if (job.Modified.HasValue) File.SetLastWriteTimeUtc(part, job.Modified.Value.UtcDateTime);
                MoveOver(part, final);
            });
            return new DownloadResult(job, received, false, null);
        }

        /// <summary>One request. Returns true when the partial file is complete, false to try again at once (the server restarted us from zero).</summary>
        private async Task<bool> AttemptAsync(DownloadJob job, string part, long offset, Action<long> count, Action<long> onReceived, CancellationToken ct)
        {
            HttpResponseMessage response;
            try
            {
                response = await _client.OpenRawAsync(job.Remote, false, offset, ct).ConfigureAwait(false);
            }
            catch (OlaresConnectionException e)
            {
                throw new OlaresTransferException(job.Remote.ToString(), "The connection failed while downloading " + job.Remote + ": " + e.Message, e);
            }

            using (response)
            {
                var status = (int)response.StatusCode;
                var range = response.Content.Headers.ContentRange;
                long? total;
                var append = false;
                switch (status)
                {
                    case 200:
                        total = response.Content.Headers.ContentLength;
                        break;
                    case 206:
                        if (range == null || !range.From.HasValue || range.From.Value != offset)
                        {
                            throw new OlaresProtocolException("download " + job.Remote, 206, "the server sent a range that does not start at byte " + offset);
                        }

                        total = range.Length;
                        append = true;
                        break;
                    case 416:
                        var remoteLength = range?.Length ?? job.Size;
                        if (offset > 0 && remoteLength == offset) return true;
                        if (offset > 0 && remoteLength < offset)
                        {
                            Local(part, true, () => File.Delete(part));
                            count(0);
                            return false;
                        }

                        throw new OlaresRangeNotSatisfiableException(job.Remote.ToString(), offset, range?.Length);
                    default:
                        var body = await ResponseText.ReadAsync(response, ct).ConfigureAwait(false);
                        throw _client.ErrorFor(status, "download " + job.Remote, job.Remote, body);
                }

                var written = await CopyAsync(response, job, part, append ? offset : 0, count, ct).ConfigureAwait(false);
                onReceived(written - (append ? offset : 0));
                if (total.HasValue && written != total.Value)
                {
                    throw new OlaresTransferException(job.Remote.ToString(),
                        "The server closed the download of " + job.Remote + " after " + written + " of " + total.Value + " bytes.");
                }

                return true;
            }
        }

        private async Task<long> CopyAsync(HttpResponseMessage response, DownloadJob job, string part, long startLength, Action<long> count, CancellationToken ct)
        {
            var file = Local(part, true, () => new FileStream(part, startLength > 0 ? FileMode.Append : FileMode.Create, FileAccess.Write, FileShare.Read, 1));
            using (file)
            {
                var length = startLength;
                count(length);
                Stream body;
                try
                {
#if NET
                    body = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
#else
                    body = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
#endif
                }
                catch (Exception e) when (IsNetworkError(e, ct))
                {
                    throw Broken(job, length, e);
                }

                using (body)
                {
                    // Synchronous writes: on Unix an async write to a file is a thread-pool hop per call, which costs more
                    // than the write itself at loopback speeds. Reads are as large as the socket offers.
                    var buffer = new byte[_options.BufferSize];
                    while (true)
                    {
                        int n;
                        try
                        {
#if NET
                            n = await body.ReadAsync(buffer.AsMemory(), ct).ConfigureAwait(false);
#else
                            n = await body.ReadAsync(buffer, 0, buffer.Length, ct).ConfigureAwait(false);
#endif
                        }
                        catch (Exception e) when (IsNetworkError(e, ct))
                        {
                            throw Broken(job, length, e);
                        }

                        if (n == 0) break;
                        Write(file, buffer, n, part);
                        length += n;
                        count(length);
                    }
                }

                return length;
            }
        }

        private static void Write(FileStream file, byte[] buffer, int count, string part)
        {
            try
            {
                file.Write(buffer, 0, count);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw new OlaresLocalFileException(part, true, e);
            }
        }

        private static OlaresTransferException Broken(DownloadJob job, long have, Exception e) =>
            new OlaresTransferException(job.Remote.ToString(), "The connection broke while downloading " + job.Remote + " (after byte " + have + "): " + Innermost(e), e);

        private static bool IsNetworkError(Exception e, CancellationToken ct) =>
            e is HttpRequestException || e is IOException || (e is OperationCanceledException && !ct.IsCancellationRequested);

        private static string Innermost(Exception e)
        {
            while (e.InnerException != null) e = e.InnerException;
            return e.Message;
        }

        /// <summary>Worth another attempt: 5xx, a broken or refused connection, a short body.</summary>
        public static bool IsTransient(OlaresException e) =>
            e is OlaresTransferException t ? t.Retryable : e is OlaresConnectionException || (e is OlaresHttpException h && h.StatusCode >= 500);

        internal static void MoveOver(string source, string target)
        {
#if NET
            File.Move(source, target, true);
#else
            if (File.Exists(target)) File.Replace(source, target, null);
            else File.Move(source, target);
#endif
        }

        private static void Local(string path, bool write, Action action) => Local(path, write, () =>
        {
            action();
            return true;
        });

        private static T Local<T>(string path, bool write, Func<T> action)
        {
            try
            {
                return action();
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw new OlaresLocalFileException(path, write, e);
            }
        }
    }
}
