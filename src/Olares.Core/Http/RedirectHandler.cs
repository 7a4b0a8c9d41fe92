using System;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace Olares.Http
{
    /// <summary>
    /// Follows redirects above the refreshing handler, building a fresh request for each hop, so that the
    /// refreshing handler decides per hop whether credentials may go there (only to the profile's own origins).
    /// Each hop carries the options of the original request, so it is bounded like the first.
    /// </summary>
    public sealed class RedirectHandler : DelegatingHandler
    {
        public const int MaxRedirects = 5;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var current = request;
            for (var hop = 0; ; hop++)
            {
                var response = await base.SendAsync(current, cancellationToken).ConfigureAwait(false);
                var status = (int)response.StatusCode;
                var location = response.Headers.Location;
                if (hop >= MaxRedirects || location == null || !(status == 301 || status == 302 || status == 303 || status == 307 || status == 308))
                {
                    return response;
                }

                var target = location.IsAbsoluteUri ? location : new Uri(current.RequestUri!, location);
                var keepMethod = status == 307 || status == 308;
                if (keepMethod && !ReplayableContent.IsReplayable(current.Content)) return response;
                var method = keepMethod || current.Method == HttpMethod.Get || current.Method == HttpMethod.Head ? current.Method : HttpMethod.Get;
                var next = new HttpRequestMessage(method, target);
                foreach (var header in current.Headers)
                {
                    if (string.Equals(header.Key, "Host", StringComparison.OrdinalIgnoreCase)) continue;
                    next.Headers.TryAddWithoutValidation(header.Key, header.Value);
                }

                // The request's options (the per-attempt timeout tag, which also bounds the body) belong to the
                // logical call, so every hop keeps them.
                CopyOptions(current, next);

                // Credentials are re-attached below us only if the new origin is one of the profile's services.
                RefreshingHandler.StripCredentials(next);
                if (method == current.Method) next.Content = current.Content;
                response.Dispose();
                current = next;
            }
        }

        private static void CopyOptions(HttpRequestMessage from, HttpRequestMessage to)
        {
#if NET
            var options = (System.Collections.Generic.IDictionary<string, object?>)to.Options;
            foreach (var option in from.Options) options[option.Key] = option.Value;
#else
            foreach (var property in from.Properties) to.Properties[property.Key] = property.Value;
#endif
        }
    }
}
