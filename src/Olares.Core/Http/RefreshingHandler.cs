using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Olares.Auth;
using Olares.Errors;
using Olares.Identity;

namespace Olares.Http
{
    /// <summary>
    /// Attaches the identity's credentials to requests for the profile's own services and keeps them valid
    /// (protocol §5.2) through its <see cref="OlaresCredential"/>: on 401/403/459 with a replayable body it asks the
    /// credential for a token to retry with and resends once (the credential decides whether the token may really
    /// be stale); a body that cannot be replayed is never resent: the token is refreshed before sending when it expires
    /// within 60 s, and a rejection after sending refreshes it and ends in <see cref="OlaresRequestNotResentException"/>
    /// (run again). Requests to any other origin never carry the token.
    /// </summary>
    public sealed class RefreshingHandler : DelegatingHandler
    {
        private const string AuthHeader = "X-Authorization";
        private const string UnauthErrorHeader = "X-Unauth-Error";
        private const string CookieName = "auth_token";

        private readonly OlaresCredential _credential;
        private readonly ServiceEndpoints _endpoints;

        public RefreshingHandler(OlaresCredential credential, ServiceEndpoints endpoints)
        {
            _credential = credential ?? throw new ArgumentNullException(nameof(credential));
            _endpoints = endpoints ?? throw new ArgumentNullException(nameof(endpoints));
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (!_endpoints.IsOwnOrigin(request.RequestUri))
            {
                StripCredentials(request);
                return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            }

            var replayable = ReplayableContent.IsReplayable(request.Content);
            var token = await _credential.GetTokenAsync(replayable, cancellationToken).ConfigureAwait(false);
            Attach(request, token);
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (!AuthStatus.IsAuthFailure(response.StatusCode) || string.IsNullOrEmpty(token))
            {
                return response;
            }

            var retryWith = await _credential.OnRejectedAsync(token!, (int)response.StatusCode, cancellationToken).ConfigureAwait(false);
            if (retryWith == null) return response;
            if (!replayable)
            {
                // The token was stale after all (another tool rotated the grant, or the server ended it early): the
                // login is fresh again, but the spent stream cannot be resent. Saying so beats a 401 that reads
                // like a dead login.
                var status = (int)response.StatusCode;
                response.Dispose();
                throw new OlaresRequestNotResentException(_credential.OlaresId, request.Method + " " + request.RequestUri!.GetLeftPart(UriPartial.Path), status);
            }

            OlaresLog.Debug("HTTP " + (int)response.StatusCode + " from " + request.RequestUri!.GetLeftPart(UriPartial.Path) + ": retrying once with the refreshed access token.");
            response.Dispose();
            Attach(request, retryWith);
            // One retry only: whatever comes back now, including another 401, goes to the caller.
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        internal static void Attach(HttpRequestMessage request, string? token)
        {
            StripCredentials(request);
            if (string.IsNullOrEmpty(token)) return;
            request.Headers.TryAddWithoutValidation(AuthHeader, token);
            var cookies = request.Headers.TryGetValues("Cookie", out var existing) ? string.Join("; ", existing) : string.Empty;
            request.Headers.Remove("Cookie");
            request.Headers.TryAddWithoutValidation("Cookie", cookies.Length == 0 ? CookieName + "=" + token : cookies + "; " + CookieName + "=" + token);
            if (!request.Headers.Contains(UnauthErrorHeader)) request.Headers.TryAddWithoutValidation(UnauthErrorHeader, "Non-Redirect");
        }

        /// <summary>Removes X-Authorization and the auth_token cookie, keeping any other cookie.</summary>
        internal static void StripCredentials(HttpRequestMessage request)
        {
            request.Headers.Remove(AuthHeader);
            if (!request.Headers.TryGetValues("Cookie", out var values)) return;
            var kept = new List<string>();
            foreach (var header in values)
            {
                foreach (var pair in header.Split(';'))
                {
                    var p = pair.Trim();
                    if (p.Length == 0 || p.StartsWith(CookieName + "=", StringComparison.Ordinal)) continue;
                    kept.Add(p);
                }
            }

            request.Headers.Remove("Cookie");
            if (kept.Count > 0) request.Headers.TryAddWithoutValidation("Cookie", string.Join("; ", kept));
        }
    }
}
