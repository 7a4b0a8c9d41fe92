using System;
using System.Buffers;
using System.IO;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Olares.Errors;
using Olares.Http;

namespace Olares.Files
{
    /// <summary>
    /// Downloads one file (olares-cli's download.go): the mode decides what an existing local file means; bytes go
    /// to the job's partial file, which is renamed when complete; a broken connection, a stall or a 5xx is retried
    /// (<see cref="DownloadOptions.Retry"/>) from the bytes already on disk with a Range request.
    /// </summary>
    public sealed class FileDownloader
    {
        private readonly FilesClient _client;
        private readonly DownloadOptions _options;
        private readonly RetryPolicy _retry;

        public FileDownloader(FilesClient client, DownloadOptions options)
        {
            _client = client;
            _options = options;
            _retry = options.Retry();
        }

        /// <summary>Downloads one file according to the mode, with retries. Throws typed errors; cancellation propagates.</summary>
        public async Task<DownloadResult> DownloadAsync(DownloadJob job, TransferProgress progress, CancellationToken ct)
        {
            var final = job.LocalPath;
            var part = job.PartialPath;
            var counted = 0L;
            void Count(long fileLength)
            {
                progress.AddBytes(fileLength - counted);
                counted = fileLength;
            }

            var existing = Local(final, false, () => Existing(final));
            if (existing == FileState.Directory) throw new OlaresLocalFileExistsException(final, true);
            long offset = 0;
            switch (_options.Mode)
            {
                case DownloadMode.New:
                    if (existing == FileState.File) throw new OlaresLocalFileExistsException(final, false);
                    break;
                case DownloadMode.Resume:
                    offset = Local(part, false, () => File.Exists(part) ? new FileInfo(part).Length : -1L);
                    if (offset < 0 && existing == FileState.File)
                    {
                        var have = Local(final, false, () => new FileInfo(final).Length);
                        if (job.SizeKnown && have == job.Size)
                        {
                            Count(have);
                            return new DownloadResult(job, 0, true, null);
                        }

                        // A partial file under the final name (from another tool): continue it under the partial name.
                        if (!job.SizeKnown || have < job.Size)
                        {
                            Local(final, true, () => File.Move(final, part));
                            offset = have;
                        }
                        else
                        {
                            OlaresLog.Warning("The local file " + final + " is larger than " + job.Remote + " on the server, so it is not a partial copy; downloading it again.");
                        }
                    }

                    if (offset > job.Size && job.SizeKnown)
                    {
                        OlaresLog.Warning("The partial file " + part + " is larger than " + job.Remote + " on the server; downloading it again from the start.");
                        offset = 0;
                    }

                    break;
            }

            offset = Math.Max(0, offset);
            var received = 0L;
            for (var retry = 0; ; retry++)
            {
                Count(offset);
                try
                {
                    var outcome = await AttemptAsync(job, offset, Count, ct).ConfigureAwait(false);
                    received += outcome.Received;
                    offset = outcome.Length;
                    if (outcome.Complete) break;
                    retry--;   // the server restarted us from zero: not a failure
                    continue;
                }
                catch (PartialProgressException p)
                {
                    received += p.Received;
                    offset = p.Length;
                    ct.ThrowIfCancellationRequested();
                    if (!_retry.Allows(p.Failure, retry + 1)) throw p.Failure;
                    var delay = _retry.DelayBefore(retry + 1);
                    OlaresLog.Verbose("Download of " + job.Remote + " failed (" + p.Failure.Message + "); retrying in " + delay.TotalMilliseconds + " ms from byte " + offset + ".");
                    await Task.Delay(delay, ct).ConfigureAwait(false);
                }
            }

            if (job.Modified.HasValue) SetTime(job);
            Finish(part, final);
            return new DownloadResult(job, received, false, null);
        }

        /// <summary>
        /// Gives the partial file its final name; in New mode a file that appeared meanwhile is not replaced. A plain
        /// rename after a look: a no-replace move is a hard link plus an unlink on Unix, two more journaled metadata
        /// writes per file, which showed when downloading many small files. No other job of this download writes to
        /// the same final name (the planner refuses such names).
        /// </summary>
        private void Finish(string part, string final)
        {
            try
            {
                if (_options.Mode == DownloadMode.New && File.Exists(final)) throw new OlaresLocalFileExistsException(final, false);
                MoveOver(part, final, true);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw new OlaresLocalFileException(final, true, e);
            }
        }

        /// <summary>
        /// One request from <paramref name="offset"/>. Returns the partial file's length and whether it is complete
        /// (not complete: the server restarted us from zero, try again at once). A failure after some bytes arrived
        /// is a <see cref="PartialProgressException"/> carrying how far it got.
        /// </summary>
        private async Task<(bool Complete, long Length, long Received)> AttemptAsync(DownloadJob job, long offset, Action<long> count, CancellationToken ct)
        {
            using var watchdog = new StallWatchdog(_options.StallTimeout, ct);
            var what = "download " + job.Remote;
            HttpResponseMessage response;
            try
            {
                response = await _client.OpenRawAsync(job.Remote, false, offset, watchdog.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (watchdog.Stalled && !ct.IsCancellationRequested)
            {
                throw new PartialProgressException(Stalled(job, watchdog), offset, 0);
            }
            catch (OlaresConnectionException e)
            {
                throw new PartialProgressException(watchdog.Stalled ? (OlaresException)Stalled(job, watchdog)
                    : new OlaresTransferException(job.Remote.ToString(), "The connection failed while downloading " + job.Remote + ": " + e.Message, e), offset, 0);
            }
            catch (OlaresException e)
            {
                throw new PartialProgressException(e, offset, 0);
            }

            using (response)
            using (watchdog.OnEnd(response.Dispose))
            {
                watchdog.Progress();
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
                            throw new OlaresProtocolException(what, 206, "the server sent a range that does not start at byte " + offset);
                        }

                        total = range.Length;
                        append = true;
                        break;
                    case 416:
                        var remoteLength = range?.Length ?? (job.SizeKnown ? job.Size : (long?)null);
                        if (offset > 0 && remoteLength == offset) return (true, offset, 0);
                        if (offset > 0 && remoteLength < offset)
                        {
                            count(0);
                            return (false, 0, 0);
                        }

                        throw new OlaresRangeNotSatisfiableException(job.Remote.ToString(), offset, range?.Length);
                    default:
                        string body;
                        try
                        {
                            body = await ResponseText.ReadAsync(response, watchdog.Token).ConfigureAwait(false);
                        }
                        catch (Exception e) when (!ct.IsCancellationRequested && IsNetworkError(e))
                        {
                            body = string.Empty;
                        }

                        throw new PartialProgressException(_client.ErrorFor(status, what, body, job.Remote), offset, 0);
                }

                var start = append ? offset : 0;
                var length = await CopyAsync(response, job, start, count, watchdog, ct).ConfigureAwait(false);
                if (total.HasValue && length != total.Value)
                {
                    throw new PartialProgressException(new OlaresTransferException(job.Remote.ToString(),
                        "The server closed the download of " + job.Remote + " after " + length + " of " + total.Value + " bytes."), length, length - start);
                }

                return (true, length, length - start);
            }
        }

        /// <summary>Writes the body to the partial file from <paramref name="start"/>; returns the file's length.</summary>
        private async Task<long> CopyAsync(HttpResponseMessage response, DownloadJob job, long start, Action<long> count, StallWatchdog watchdog, CancellationToken ct)
        {
            var part = job.PartialPath;
            // FileShare.None: nothing else (another job, another run) writes this partial file while we do.
            var file = Local(part, true, () => new FileStream(part, start > 0 ? FileMode.Append : FileMode.Create, FileAccess.Write, FileShare.None, 1));
            using (file)
            {
                var length = start;
                count(length);
                try
                {
#if NET
                    using var body = await response.Content.ReadAsStreamAsync(watchdog.Token).ConfigureAwait(false);
#else
                    using var body = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
#endif
                    // Synchronous writes: on Unix an async write to a file is a thread-pool hop per call, which costs more
                    // than the write itself at loopback speeds. Reads are as large as the socket offers. The buffer is
                    // pooled: a fresh large one per file is a large-object allocation, and many small files made the
                    // collector run full collections.
                    var buffer = ArrayPool<byte>.Shared.Rent(_options.BufferSize);
                    try
                    {
                        while (true)
                        {
#if NET
                            var n = await body.ReadAsync(buffer.AsMemory(0, _options.BufferSize), watchdog.Token).ConfigureAwait(false);
#else
                            var n = await body.ReadAsync(buffer, 0, _options.BufferSize, watchdog.Token).ConfigureAwait(false);
#endif
                            if (n == 0) break;
                            watchdog.Progress();
                            Write(file, buffer, n, part);
                            length += n;
                            count(length);
                        }
                    }
                    finally
                    {
                        ArrayPool<byte>.Shared.Return(buffer);
                    }
                }
                catch (Exception e) when (!ct.IsCancellationRequested && IsNetworkError(e))
                {
                    OlaresException failure = watchdog.Stalled
                        ? Stalled(job, watchdog)
                        : new OlaresTransferException(job.Remote.ToString(), "The connection broke while downloading " + job.Remote + " (after byte " + length + "): " + Innermost(e), e);
                    throw new PartialProgressException(failure, length, length - start);
                }

                return length;
            }
        }

        /// <summary>The listed time on the finished partial file: the bytes matter, a time the file system cannot keep does not.</summary>
        private static void SetTime(DownloadJob job)
        {
            try
            {
                File.SetLastWriteTimeUtc(job.PartialPath, job.Modified!.Value.UtcDateTime);
            }
            catch (Exception e) when (e is ArgumentException || e is IOException || e is UnauthorizedAccessException)
            {
                OlaresLog.Debug("Could not set the time of " + job.LocalPath + " (" + e.Message + ").");
            }
        }

        private static OlaresTransferStalledException Stalled(DownloadJob job, StallWatchdog watchdog) =>
            new OlaresTransferStalledException(job.Remote.ToString(), "The download of " + job.Remote, watchdog.Timeout);

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

        /// <summary>The network's fault (not the disk's: local write failures are typed before they get here).</summary>
        private static bool IsNetworkError(Exception e) =>
            e is HttpRequestException || e is ObjectDisposedException || e is IOException || e is OperationCanceledException;

        private static string Innermost(Exception e)
        {
            while (e.InnerException != null) e = e.InnerException;
            return e.Message;
        }

        internal static void MoveOver(string source, string target, bool overwrite)
        {
#if NET
            File.Move(source, target, overwrite);
#else
            if (overwrite && File.Exists(target)) File.Replace(source, target, null);
            else File.Move(source, target);
#endif
        }

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

        private static void Local(string path, bool write, Action action) => Local(path, write, () =>
        {
            action();
            return true;
        });

        /// <summary>What is at <paramref name="path"/>, with one stat (the attributes of a missing path are -1).</summary>
        private static FileState Existing(string path)
        {
            var attributes = new FileInfo(path).Attributes;
            if ((int)attributes == -1) return FileState.None;
            return (attributes & FileAttributes.Directory) != 0 ? FileState.Directory : FileState.File;
        }

        private enum FileState
        {
            None,
            File,
            Directory,
        }

        /// <summary>A failed attempt and how far the partial file got (so the retry continues from there without asking the disk).</summary>
        private sealed class PartialProgressException : Exception
        {
            public PartialProgressException(OlaresException failure, long length, long received)
                : base(failure.Message, failure)
            {
                Failure = failure;
                Length = length;
                Received = received;
            }

            public OlaresException Failure { get; }

            public long Length { get; }

            public long Received { get; }
        }
    }
}
