using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace Olares.Http
{
    /// <summary>
    /// Bounds each network attempt, below the refreshing handler, instead of bounding the whole call with
    /// HttpClient.Timeout: waiting for another process's refresh (up to the 30 s lock timeout) must end in the
    /// typed lock-timeout error, not in a request timeout that cut the wait short. The bound comes from the
    /// client that sent the request (see <see cref="TimeoutTagHandler"/>); untagged requests are not bounded.
    /// </summary>
    public sealed class AttemptTimeoutHandler : DelegatingHandler
    {
        internal const string OptionKey = "Olares.AttemptTimeout";

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var timeout = GetTimeout(request);
            if (timeout == null) return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            bounded.CancelAfter(timeout.Value);
            HttpResponseMessage? response = null;
            try
            {
                response = await base.SendAsync(request, bounded.Token).ConfigureAwait(false);
                // A timed request is a JSON call: its body is read within the same bound, and up to a size bound, so a
                // server that sends headers and then stalls, or an endless or inflating body, cannot hang or exhaust the host.
                await BufferAsync(response, bounded.Token).ConfigureAwait(false);
                return response;
            }
            catch (Exception e) when ((e is OperationCanceledException || e is System.IO.IOException) && bounded.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                response?.Dispose();
                throw new HttpRequestException("no answer within " + timeout.Value.TotalSeconds + " s", new TimeoutException(e.Message, e));
            }
            catch (System.IO.IOException e)
            {
                // The connection broke inside the body (reset, or closed short of its Content-Length): a transport
                // failure like any other, not a local file error.
                response?.Dispose();
                cancellationToken.ThrowIfCancellationRequested();
                throw new HttpRequestException("the answer broke off before its end", e);
            }
            catch
            {
                response?.Dispose();
                throw;
            }
        }

        private static async Task BufferAsync(HttpResponseMessage response, CancellationToken ct)
        {
            if (response.Content == null) return;
            var body = await ResponseText.ReadBoundedAsync(response.Content, ResponseText.MaxJsonBytes, response.RequestMessage?.RequestUri, ct).ConfigureAwait(false);
            var buffered = new ByteArrayContent(body);
            foreach (var header in response.Content.Headers) buffered.Headers.TryAddWithoutValidation(header.Key, header.Value);
            response.Content.Dispose();
            response.Content = buffered;
        }

        internal static void SetTimeout(HttpRequestMessage request, TimeSpan timeout)
        {
#if NET
            request.Options.Set(new HttpRequestOptionsKey<TimeSpan>(OptionKey), timeout);
#else
            request.Properties[OptionKey] = timeout;
#endif
        }

        private static TimeSpan? GetTimeout(HttpRequestMessage request)
        {
#if NET
            return request.Options.TryGetValue(new HttpRequestOptionsKey<TimeSpan>(OptionKey), out var t) ? t : (TimeSpan?)null;
#else
            return request.Properties.TryGetValue(OptionKey, out var o) && o is TimeSpan t ? t : (TimeSpan?)null;
#endif
        }
    }

    /// <summary>The outermost handler of a timed client: tags each request with the per-attempt bound.</summary>
    public sealed class TimeoutTagHandler : DelegatingHandler
    {
        private readonly TimeSpan _timeout;

        public TimeoutTagHandler(TimeSpan timeout, HttpMessageHandler inner)
            : base(inner)
        {
            _timeout = timeout;
        }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            AttemptTimeoutHandler.SetTimeout(request, _timeout);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
