using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Olares.Auth;
using Olares.Identity;

namespace Olares.Http
{
    /// <summary>
    /// Attaches the session's credentials to requests for the profile's own services and keeps them valid
    /// (protocol §5.2): on 401/403/459 with a replayable body it refreshes once and resends once; a body that
    /// cannot be replayed is never resent, and instead the token is refreshed before sending when its JWT
    /// expires within 60 s. Requests to any other origin never carry the token.
    /// </summary>
    public sealed class RefreshingHandler : DelegatingHandler
    {
        public static readonly TimeSpan PreflightSkew = TimeSpan.FromSeconds(60);

        private const string AuthHeader = "X-Authorization";
        private const string UnauthErrorHeader = "X-Unauth-Error";
        private const string CookieName = "auth_token";

        private readonly string _olaresId;
        private readonly ServiceEndpoints _endpoints;
        private readonly TokenCell _token;
        private readonly Refresher _refresher;
        private readonly Func<DateTimeOffset> _clock;

        public RefreshingHandler(string olaresId, ServiceEndpoints endpoints, TokenCell token, Refresher refresher, Func<DateTimeOffset>? clock = null)
        {
            _olaresId = olaresId;
            _endpoints = endpoints;
            _token = token;
            _refresher = refresher;
            _clock = clock ?? (() => DateTimeOffset.UtcNow);
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (!_endpoints.IsOwnOrigin(request.RequestUri))
            {
                StripCredentials(request);
                return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            }

            var snapshot = _token.Current;
            var replayable = ReplayableContent.IsReplayable(request.Content);
            if (!replayable && !string.IsNullOrEmpty(snapshot) && Jwt.IsExpired(snapshot, _clock(), Jwt.PreflightSkew(snapshot, PreflightSkew)))
            {
                // The body can only be sent once: make sure the token will still be accepted when it arrives.
                OlaresLog.Debug("The access token is about to expire and the request body cannot be resent: refreshing first.");
                snapshot = await _refresher.RefreshAsync(_olaresId, _endpoints.Auth, snapshot, cancellationToken).ConfigureAwait(false);
                _token.Update(snapshot);
            }

            Attach(request, snapshot);
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (!AuthClient.IsAuthFailure(response.StatusCode) || string.IsNullOrEmpty(snapshot) || !replayable)
            {
                return response;
            }

            OlaresLog.Debug("HTTP " + (int)response.StatusCode + " from " + request.RequestUri!.GetLeftPart(UriPartial.Path) + ": refreshing the access token and retrying once.");
            response.Dispose();
            var fresh = await _refresher.RefreshAsync(_olaresId, _endpoints.Auth, snapshot, cancellationToken).ConfigureAwait(false);
            _token.Update(fresh);
            Attach(request, fresh);
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
