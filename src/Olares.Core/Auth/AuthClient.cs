using System;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Olares.Errors;
using Olares.Http;

namespace Olares.Auth
{
    /// <summary>The tokens an auth endpoint hands out.</summary>
    public sealed class TokenGrant
    {
        public TokenGrant(string accessToken, string? refreshToken, string? sessionId, bool secondFactorRequired)
        {
            AccessToken = accessToken;
            RefreshToken = refreshToken;
            SessionId = sessionId;
            SecondFactorRequired = secondFactorRequired;
        }

        public string AccessToken { get; }

        public string? RefreshToken { get; }

        public string? SessionId { get; }

        public bool SecondFactorRequired { get; }
    }

    /// <summary>/api/refresh answered 401/403/459: the refresh token is dead. The only signal that invalidates a grant.</summary>
    public sealed class RefreshRejectedException : Exception
    {
        public RefreshRejectedException(int statusCode, string bodySnippet)
            : base("/api/refresh returned HTTP " + statusCode + (bodySnippet.Length > 0 ? ": " + bodySnippet : string.Empty))
        {
            StatusCode = statusCode;
        }

        public int StatusCode { get; }
    }

    /// <summary>/api/refresh failed in a way that says nothing about the grant (5xx, network, bad body, status != OK).</summary>
    public sealed class RefreshTransientException : Exception
    {
        public RefreshTransientException(string message, int? statusCode, Exception? inner = null, bool outcomeUnknown = false)
            : base(message, inner)
        {
            StatusCode = statusCode;
            OutcomeUnknown = outcomeUnknown;
        }

        public int? StatusCode { get; }

        /// <summary>The request may have reached the server and rotated the grant, but no answer came (a timeout).</summary>
        public bool OutcomeUnknown { get; }
    }

    /// <summary>
    /// The auth service calls of protocol §2.2–2.3: first factor, TOTP second factor and refresh. These requests
    /// carry no session credentials, so they use their own clients, not the refreshing pipeline.
    /// </summary>
    public sealed class AuthClient
    {
        public static readonly TimeSpan LoginTimeout = TimeSpan.FromSeconds(10);
        public static readonly TimeSpan RefreshTimeout = TimeSpan.FromSeconds(15);

        private static readonly HttpClient SecureRefreshClient = NewClient(false);
        private static readonly HttpClient InsecureRefreshClient = NewClient(true);


        /// <summary>
        /// POST /api/refresh. Success returns the new grant (refresh token null when the server did not rotate it);
        /// 401/403/459 throws <see cref="RefreshRejectedException"/>; anything else throws <see cref="RefreshTransientException"/>.
        /// </summary>
        public static async Task<TokenGrant> RefreshAsync(Uri authUrl, string refreshToken, string? accessToken, bool insecure, CancellationToken ct, TimeSpan? answerWithin = null)
        {
            var bound = answerWithin ?? RefreshTimeout;
            var client = insecure ? InsecureRefreshClient : SecureRefreshClient;
            using var request = new HttpRequestMessage(HttpMethod.Post, Urls.Append(authUrl, "/api/refresh"));
            request.Content = JsonContent(w => w.WriteString("refreshToken", refreshToken));
            request.Headers.Accept.ParseAdd("application/json");
            if (!string.IsNullOrEmpty(accessToken)) request.Headers.TryAddWithoutValidation("X-Authorization", accessToken);

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(bound);
            // Error snippets below never show the tokens that were sent, whatever their shape; the body is read within
            // the timeout and up to a size bound (a stalled, endless or inflating body is a transient failure).
            using var redacting = ResponseText.RedactingSentValues(refreshToken, accessToken);
            HttpResponseMessage response;
            string body;
            try
            {
                response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
                body = await ResponseText.ReadAsync(response, ResponseText.MaxAuthBytes, timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
            {
                throw new RefreshTransientException("/api/refresh did not answer within " + bound.TotalSeconds + " s", null, e, outcomeUnknown: true);
            }
            catch (HttpRequestException e)
            {
                throw new RefreshTransientException("/api/refresh could not be reached: " + Innermost(e), null, e);
            }
            catch (OlaresException e)
            {
                throw new RefreshTransientException("/api/refresh: " + e.Message, null, e);
            }

            using (response)
            {
                var status = (int)response.StatusCode;
                if (AuthStatus.IsAuthFailure(response.StatusCode))
                {
                    // Only the auth service's own answer kills a grant; an HTML or other non-JSON page with the same
                    // status comes from something in between (a WAF, a proxy, a captive portal) and says nothing.
                    if (IsAuthServiceAnswer(response, body)) throw new RefreshRejectedException(status, ResponseText.Snippet(body));
                    throw new RefreshTransientException("/api/refresh returned HTTP " + status + " with a page that is not the auth service's answer (a proxy or firewall in between?)", status);
                }

                if (response.StatusCode != HttpStatusCode.OK)
                {
                    throw new RefreshTransientException("/api/refresh returned HTTP " + status + Suffix(ResponseText.Snippet(body)), status);
                }

                try
                {
                    var grant = ParseGrant(body, "/api/refresh");
                    return grant;
                }
                catch (GrantFormatException e)
                {
                    throw new RefreshTransientException(e.Message, status, e.InnerException);
                }
            }
        }

        /// <summary>An empty body or a JSON one (Authelia's envelope, the edge's 459 object); not HTML or other text.</summary>
        internal static bool IsAuthServiceAnswer(HttpResponseMessage response, string body)
        {
            var trimmed = body.Trim();
            if (trimmed.Length == 0) return true;
            var mediaType = response.Content?.Headers.ContentType?.MediaType;
            if (mediaType != null && mediaType.IndexOf("html", StringComparison.OrdinalIgnoreCase) >= 0) return false;
            if (trimmed[0] != '{' && trimmed[0] != '[') return false;
            try
            {
                using (JsonDocument.Parse(trimmed))
                {
                    return true;
                }
            }
            catch (JsonException)
            {
                return false;
            }
        }

        /// <summary>POST /api/firstfactor?hideCookie=true with the salted hash of the password.</summary>
        public static async Task<TokenGrant> FirstFactorAsync(Uri authUrl, string olaresId, string localName, string passwordHash, string targetUrl, bool insecure, CancellationToken ct)
        {
            using var client = NewLoginClient(insecure);
            using var redacting = ResponseText.RedactingSentValues(passwordHash);
            using var request = new HttpRequestMessage(HttpMethod.Post, Urls.Append(authUrl, "/api/firstfactor?hideCookie=true"));
            request.Headers.Accept.ParseAdd("application/json");
            request.Content = JsonContent(w =>
            {
                w.WriteString("username", localName);
                w.WriteString("password", passwordHash);
                w.WriteBoolean("keepMeLoggedIn", false);
                w.WriteString("requestMethod", "POST");
                w.WriteString("targetURL", targetUrl);
                w.WriteBoolean("acceptCookie", true);
            });
            return await SendLoginAsync(client, request, olaresId, "/api/firstfactor", ct).ConfigureAwait(false);
        }

        /// <summary>POST /api/secondfactor/totp with the first-factor token.</summary>
        public static async Task<TokenGrant> SecondFactorAsync(Uri authUrl, string olaresId, string firstFactorToken, string code, string targetUrl, bool insecure, CancellationToken ct)
        {
            using var client = NewLoginClient(insecure);
            using var redacting = ResponseText.RedactingSentValues(firstFactorToken, code);
            using var request = new HttpRequestMessage(HttpMethod.Post, Urls.Append(authUrl, "/api/secondfactor/totp"));
            request.Headers.Accept.ParseAdd("application/json");
            request.Headers.TryAddWithoutValidation("X-Authorization", firstFactorToken);
            request.Headers.TryAddWithoutValidation("X-Unauth-Error", "Non-Redirect");
            request.Content = JsonContent(w =>
            {
                w.WriteString("targetUrl", targetUrl);
                w.WriteString("token", code);
            });
            return await SendLoginAsync(client, request, olaresId, "/api/secondfactor/totp", ct).ConfigureAwait(false);
        }

        internal static StringContent JsonContent(Action<Utf8JsonWriter> write)
        {
            using var buffer = new System.IO.MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                writer.WriteStartObject();
                write(writer);
                writer.WriteEndObject();
            }

            return new StringContent(Encoding.UTF8.GetString(buffer.ToArray()), Encoding.UTF8, "application/json");
        }

        private static async Task<TokenGrant> SendLoginAsync(HttpClient client, HttpRequestMessage request, string olaresId, string what, CancellationToken ct)
        {
            HttpResponseMessage response;
            try
            {
                response = await client.SendAsync(request, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
            {
                throw new OlaresConnectionException(request.RequestUri!.GetLeftPart(UriPartial.Authority), new TimeoutException(what + " timed out", e));
            }
            catch (HttpRequestException e)
            {
                throw new OlaresConnectionException(request.RequestUri!.GetLeftPart(UriPartial.Authority), e);
            }

            using (response)
            {
                var body = await ResponseText.ReadAsync(response, CancellationToken.None).ConfigureAwait(false);
                var status = (int)response.StatusCode;
                if (response.StatusCode == HttpStatusCode.Unauthorized || response.StatusCode == HttpStatusCode.Forbidden)
                {
                    var message = what.EndsWith("totp", StringComparison.Ordinal) ? "the two-factor code was not accepted" : "the user name or password is wrong";
                    throw new OlaresLoginFailedException(olaresId, message + " (HTTP " + status + ")", status);
                }

                if (response.StatusCode != HttpStatusCode.OK)
                {
                    if (status >= 500) throw new OlaresHttpException(what, status, ResponseText.Snippet(body));
                    throw new OlaresLoginFailedException(olaresId, what + " returned HTTP " + status + Suffix(ResponseText.Snippet(body)), status);
                }

                using (ResponseText.ParseJson(response, body, what))
                {
                }

                try
                {
                    return ParseGrant(body, what);
                }
                catch (GrantFormatException e)
                {
                    throw new OlaresLoginFailedException(olaresId, e.Message, status);
                }
            }
        }

        private static TokenGrant ParseGrant(string body, string what)
        {
            JsonDocument doc;
            try
            {
                doc = JsonDocument.Parse(body);
            }
            catch (JsonException e)
            {
                throw new GrantFormatException("parse " + what + " body: " + e.Message, e);
            }

            using (doc)
            {
                var root = doc.RootElement;
                if (root.ValueKind != JsonValueKind.Object) throw new GrantFormatException(what + " returned JSON that is not an object", null);
                var status = JsonFields.String(root, "status");
                if (!string.Equals(status, "OK", StringComparison.OrdinalIgnoreCase))
                {
                    var message = JsonFields.String(root, "message");
                    throw new GrantFormatException(what + " failed: " + (status ?? "no status") + (string.IsNullOrEmpty(message) ? string.Empty : ": " + ResponseText.Snippet(message)), null);
                }

                if (!root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object)
                {
                    throw new GrantFormatException(what + " returned no data", null);
                }

                var access = JsonFields.String(data, "access_token");
                var fa2 = data.TryGetProperty("fa2", out var f) && f.ValueKind == JsonValueKind.True;
                if (string.IsNullOrEmpty(access)) throw new GrantFormatException(what + " returned an empty access_token", null);
                return new TokenGrant(access!, JsonFields.NonEmpty(JsonFields.String(data, "refresh_token")), JsonFields.NonEmpty(JsonFields.String(data, "session_id")), fa2);
            }
        }

        private static string Suffix(string snippet) => snippet.Length > 0 ? ": " + snippet : string.Empty;

        private static string Innermost(Exception e)
        {
            while (e.InnerException != null) e = e.InnerException;
            return e.Message;
        }

        private static HttpClient NewClient(bool insecure) =>
            new HttpClient(PrimaryHandler.Create(insecure), disposeHandler: true) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };

        // Login keeps a cookie jar across first and second factor, like olares-cli. Its answers are a few tokens: the
        // buffer bound stops an endless or inflating body.
        private static HttpClient NewLoginClient(bool insecure) =>
            new HttpClient(PrimaryHandler.Create(insecure, new CookieContainer()), disposeHandler: true) { Timeout = LoginTimeout, MaxResponseContentBufferSize = ResponseText.MaxAuthBytes };

        private sealed class GrantFormatException : Exception
        {
            public GrantFormatException(string message, Exception? inner)
                : base(message, inner)
            {
            }
        }
    }
}
