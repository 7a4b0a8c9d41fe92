using System;
using System.Buffers;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Olares.Errors;
using Olares.Http;

namespace Olares.Files
{
    /// <summary>
    /// A section of a local file as request content. Every serialization opens the file again and reads the
    /// section from disk in small blocks, so the body is never held in memory and the request can be sent again
    /// after a token refresh (<see cref="IReplayableContent"/>).
    /// </summary>
    public sealed class FileSegmentContent : HttpContent, IReplayableContent
    {
        public const int BlockSize = 64 * 1024;

        private readonly Action<long>? _onBytes;
        private long _countedThisSend;

        /// <param name="onBytes">Called with the number of bytes written (negative to take back the bytes of a send that is being repeated).</param>
        public FileSegmentContent(string path, long offset, long length, Action<long>? onBytes = null)
        {
            if (offset < 0) throw new ArgumentOutOfRangeException(nameof(offset));
            if (length < 0) throw new ArgumentOutOfRangeException(nameof(length));
            FilePath = path;
            Offset = offset;
            Length = length;
            _onBytes = onBytes;
        }

        public string FilePath { get; }

        public long Offset { get; }

        public long Length { get; }

        /// <summary>How many times the section was read from disk and sent (more than once after a refresh).</summary>
        public int Serializations { get; private set; }

        public bool CanReplay => true;

        /// <summary>Takes back the bytes reported by the last send (it failed and the section will be sent again by a new request).</summary>
        public void TakeBack()
        {
            if (_countedThisSend == 0) return;
            _onBytes?.Invoke(-_countedThisSend);
            _countedThisSend = 0;
        }

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => SerializeAsync(stream, CancellationToken.None);

#if NET
        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken) =>
            SerializeAsync(stream, cancellationToken);
#endif

        protected override bool TryComputeLength(out long length)
        {
            length = Length;
            return true;
        }

        private async Task SerializeAsync(Stream target, CancellationToken ct)
        {
            Serializations++;
            TakeBack();

            FileStream source;
            try
            {
                source = new FileStream(FilePath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.SequentialScan);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw new OlaresLocalFileException(FilePath, false, e);
            }

            using (source)
            {
                if (source.Length < Offset + Length)
                {
                    throw new OlaresLocalFileException(FilePath, false, new IOException("the file is shorter than when the upload started (it changed while being uploaded)"));
                }

                source.Position = Offset;
                var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(BlockSize, Math.Max(1, Length)));
                try
                {
                    await CopyAsync(source, target, buffer, ct).ConfigureAwait(false);
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                }
            }
        }

        private async Task CopyAsync(FileStream source, Stream target, byte[] buffer, CancellationToken ct)
        {
            var left = Length;
            while (left > 0)
            {
                // A synchronous read: on Unix an async read of a file is a thread-pool hop per call.
                ct.ThrowIfCancellationRequested();
                var n = source.Read(buffer, 0, (int)Math.Min(buffer.Length, left));
                if (n <= 0) throw new OlaresLocalFileException(FilePath, false, new EndOfStreamException("unexpected end of file"));
                await target.WriteAsync(buffer, 0, n, ct).ConfigureAwait(false);
                left -= n;
                _countedThisSend += n;
                _onBytes?.Invoke(n);
            }
        }
    }
}
