using System;
using System.Threading;
using System.Threading.Tasks;
using Olares.Errors;
using Olares.Http;

namespace Olares.Files
{
    /// <summary>
    /// Uploads one file (olares-cli's uploader.go): an empty file is created directly; otherwise the resume probe,
    /// the upload link, then chunk after chunk, each retried by <see cref="UploadOptions.ChunkRetry"/> and ended by a
    /// stall watchdog when nothing moves; a cloud drive's second-stage task is waited for.
    /// </summary>
    public sealed class ChunkUploader
    {
        private readonly FilesClient _client;
        private readonly UploadProtocol _protocol;
        private readonly UploadOptions _options;
        private readonly RetryPolicy _retry;

        public ChunkUploader(FilesClient client, UploadOptions options)
        {
            _client = client;
            _protocol = new UploadProtocol(client);
            _options = options;
            _retry = options.ChunkRetry();
        }

        public async Task<UploadResult> UploadAsync(UploadJob job, string? node, TransferProgress progress, CancellationToken ct)
        {
            if (job.Size == 0)
            {
                await CreateEmptyAsync(job, ct).ConfigureAwait(false);
                return new UploadResult(job, 0, null, null);
            }

            if (node == null) throw new ArgumentNullException(nameof(node));
            var chunkSize = _options.ChunkSize;
            var totalChunks = (int)((job.Size + chunkSize - 1) / chunkSize);
            var uploaded = await _protocol.UploadedBytesAsync(node, job, ct).ConfigureAwait(false);
            var startChunk = (int)Math.Min(uploaded / chunkSize, totalChunks - 1);
            var resumedFrom = startChunk * chunkSize;
            if (resumedFrom > 0)
            {
                OlaresLog.Verbose("The server already has " + uploaded + " bytes of " + job.Target + ": continuing with chunk " + (startChunk + 1) + " of " + totalChunks + ".");
                progress.AddBytes(resumedFrom);
            }

            var chunkUrl = await _protocol.UploadLinkAsync(node, job, ct).ConfigureAwait(false);
            var identifier = UploadProtocol.Identifier(job);
            string? lastAnswer = null;
            for (var index = startChunk; index < totalChunks; index++)
            {
                var offset = index * chunkSize;
                var chunk = new ChunkSpec(index, totalChunks, chunkSize, offset, Math.Min(chunkSize, job.Size - offset), identifier);
                lastAnswer = await SendChunkAsync(job, chunkUrl, chunk, progress, ct).ConfigureAwait(false);
            }

            var taskId = UploadProtocol.CloudTaskId(lastAnswer);
            if (taskId != null)
            {
                OlaresLog.Verbose("The server is moving " + job.Target + " to the cloud drive (task " + taskId + ").");
                await _client.WaitTaskAsync(node, taskId, "upload of " + job.Target, null, ct).ConfigureAwait(false);
            }

            return new UploadResult(job, resumedFrom, taskId, null);
        }

        private async Task CreateEmptyAsync(UploadJob job, CancellationToken ct)
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

        /// <summary>Sends one chunk until the server takes it, the failure is not transient, or the retries are spent.</summary>
        private async Task<string> SendChunkAsync(UploadJob job, Uri chunkUrl, ChunkSpec chunk, TransferProgress progress, CancellationToken ct)
        {
            var what = chunk.Describe(job);
            for (var retry = 0; ; retry++)
            {
                using var watchdog = new StallWatchdog(_options.StallTimeout, ct);
                var segment = new FileSegmentContent(job.LocalPath, chunk.Offset, chunk.Length, n =>
                {
                    progress.AddBytes(n);
                    watchdog.Progress();
                });
                OlaresException failure;
                RetryClass kind;
                try
                {
                    using var answer = await _protocol.PostChunkAsync(chunkUrl, job, chunk, segment, watchdog.Token).ConfigureAwait(false);
                    if (answer.IsSuccess) return answer.Body;
                    segment.TakeBack();
                    failure = _client.ErrorFor(answer.Status, what, answer.Body, job.Target.Parent);
                    kind = _retry.Classify(answer.Status);
                }
                catch (OperationCanceledException) when (watchdog.Stalled && !ct.IsCancellationRequested)
                {
                    segment.TakeBack();
                    failure = new OlaresTransferStalledException(job.Target.ToString(), what, watchdog.Timeout);
                    kind = RetryClass.Transient;
                }
                catch (OlaresConnectionException e)
                {
                    segment.TakeBack();
                    // A local read failure surfaces through the HTTP stack; it is not the network's fault and no retry helps.
                    for (Exception? inner = e; inner != null; inner = inner.InnerException)
                    {
                        if (inner is OlaresLocalFileException local) throw local;
                    }

                    failure = watchdog.Stalled
                        ? (OlaresException)new OlaresTransferStalledException(job.Target.ToString(), what, watchdog.Timeout)
                        : new OlaresTransferException(job.Target.ToString(), "The connection failed during " + what + ": " + e.Message, e);
                    kind = RetryClass.Transient;
                }
                catch (OlaresException e)
                {
                    segment.TakeBack();
                    failure = e;
                    kind = _retry.Classify(e);
                }
                catch
                {
                    segment.TakeBack();
                    throw;
                }

                if (!_retry.Allows(kind, retry + 1)) throw failure;
                var delay = _retry.DelayBefore(retry + 1);
                OlaresLog.Verbose(what + " failed (" + failure.Message + "); retrying in " + delay.TotalSeconds + " s.");
                await Task.Delay(delay, ct).ConfigureAwait(false);
            }
        }
    }
}
