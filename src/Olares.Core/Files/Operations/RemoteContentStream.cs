using System;
using System.IO;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Olares.Errors;

namespace Olares.Files
{
    /// <summary>
    /// The body of a raw download as a read-only stream (Get-OlaresFileContent): a connection reset is a typed
    /// network error (<see cref="OlaresTransferException"/>), no data for the stall timeout is
    /// <see cref="OlaresTransferStalledException"/>, and the caller's cancellation is
    /// <see cref="OperationCanceledException"/>; never "a local file operation failed". Disposing it ends the response.
    /// </summary>
    public sealed class RemoteContentStream : Stream
    {
        private readonly HttpResponseMessage _response;
        private readonly Stream _body;
        private readonly StallWatchdog _watchdog;
        private readonly CancellationToken _outer;
        private readonly RemotePath _path;
        private readonly CancellationTokenRegistration _endOnStop;
        private long _position;

        internal RemoteContentStream(HttpResponseMessage response, Stream body, StallWatchdog watchdog, RemotePath path, CancellationToken outer)
        {
            _response = response;
            _body = body;
            _watchdog = watchdog;
            _path = path;
            _outer = outer;
            // Synchronous reads ignore tokens: ending the response is what stops them (Ctrl+C, a stall).
            _endOnStop = watchdog.OnEnd(response.Dispose);
        }

        /// <summary>The length the server announced; null when it did not.</summary>
        public long? AnnouncedLength => _response.Content.Headers.ContentLength;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => _position;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            int n;
            try
            {
                n = _body.Read(buffer, offset, count);
            }
            catch (Exception e) when (e is IOException || e is HttpRequestException || e is ObjectDisposedException || e is OperationCanceledException)
            {
                throw Translate(e);
            }

            return Advance(n);
        }

        public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            int n;
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _watchdog.Token);
            try
            {
                n = await _body.ReadAsync(buffer, offset, count, linked.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException || e is HttpRequestException || e is ObjectDisposedException || e is OperationCanceledException)
            {
                if (cancellationToken.IsCancellationRequested) throw;
                throw Translate(e);
            }

            return Advance(n);
        }

        private int Advance(int n)
        {
            _watchdog.Progress();
            _position += n;
            var announced = AnnouncedLength;
            if (n == 0 && announced.HasValue && _position < announced.Value)
            {
                throw new OlaresTransferException(_path.ToString(), "The server closed " + _path + " after " + _position + " of " + announced.Value + " bytes.");
            }

            return n;
        }

        private Exception Translate(Exception e)
        {
            if (_outer.IsCancellationRequested) return new OperationCanceledException(_outer);
            if (_watchdog.Stalled) return new OlaresTransferStalledException(_path.ToString(), "Reading " + _path, _watchdog.Timeout);
            var inner = e;
            while (inner.InnerException != null) inner = inner.InnerException;
            return new OlaresTransferException(_path.ToString(), "The connection broke while reading " + _path + " (after byte " + _position + "): " + inner.Message, e);
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _endOnStop.Dispose();
                _body.Dispose();
                _response.Dispose();
                _watchdog.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
