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

                // Credentials are re-attached below us only if the new origin is one of the profile's services.
                RefreshingHandler.StripCredentials(next);
                if (method == current.Method) next.Content = current.Content;
                response.Dispose();
                current = next;
            }
        }
    }
}
