using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Olares.Errors;

namespace Olares.Http
{
    /// <summary>
    /// Sending a request and turning every failure into a typed error: unreachable server, timeout, a connection
    /// reset mid-body, auth still rejected after the refresh, permission denied, not found, server errors. The
    /// service clients use it through <see cref="ServiceClient"/>.
    /// </summary>
    public static class OlaresApi
    {
        public static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpRequestMessage request, string what, CancellationToken ct,
            HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead)
        {
            try
            {
                return await client.SendAsync(request, completion, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
            {
                throw new OlaresConnectionException(what, new TimeoutException("no answer in time", e));
            }
            catch (HttpRequestException e)
            {
                throw new OlaresConnectionException(what, e);
            }
            catch (IOException e)
            {
                // The body of a bounded call is read inside the send: a connection reset there is the network's fault.
                throw new OlaresConnectionException(what, e);
            }
        }

        /// <summary>Kept for callers from before <see cref="ServiceClient"/>; the session is not needed.</summary>
        public static Task<HttpResponseMessage> SendAsync(OlaresSession session, HttpClient client, HttpRequestMessage request, string what,
            CancellationToken ct, HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead) =>
            SendAsync(client, request, what, ct, completion);

        /// <summary>Throws the typed error for a non-success status; returns normally for 2xx.</summary>
        public static async Task EnsureSuccessAsync(OlaresSession session, HttpResponseMessage response, string what, CancellationToken ct)
        {
            var status = (int)response.StatusCode;
            if (status >= 200 && status < 300) return;
            var body = await ResponseText.ReadAsync(response, ct).ConfigureAwait(false);
            throw ErrorFor(session, status, what, body);
        }

        /// <summary>
        /// The typed error of an HTTP failure status for the session's account. A platform-issued identity cannot log
        /// in, so its auth errors name the application instead (olares-cli still says "profile login" there).
        /// </summary>
        public static OlaresException ErrorFor(OlaresSession session, int status, string what, string body)
        {
            if (AuthStatus.IsAuthFailure(status))
            {
                var credential = session.Credential;
                if (status == 403) return new OlaresPermissionDeniedException(session.Id.Value, what, status, credential.IsManaged);
                return credential.IsManaged
                    ? new OlaresAuthenticationRejectedException(session.Id.Value, what, status, credential.ManagedAppName)
                    : new OlaresAuthenticationRejectedException(session.Id.Value, what, status);
            }

            return status == 404 ? new OlaresNotFoundException(what, null) : new OlaresHttpException(what, status, Describe(body));
        }

        /// <summary>GET a URL and parse its JSON body, with typed errors for everything else.</summary>
        public static async Task<JsonDocument> GetJsonAsync(OlaresSession session, Uri url, string what, CancellationToken ct)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Accept.ParseAdd("application/json");
            return await SendJsonAsync(session, request, what, ct).ConfigureAwait(false);
        }

        public static async Task<JsonDocument> SendJsonAsync(OlaresSession session, HttpRequestMessage request, string what, CancellationToken ct)
        {
            using var response = await SendAsync(session.Json, request, what, ct).ConfigureAwait(false);
            await EnsureSuccessAsync(session, response, what, ct).ConfigureAwait(false);
            var body = await ResponseText.ReadAsync(response, ct).ConfigureAwait(false);
            return ResponseText.ParseJson(response, body, what);
        }

        /// <summary>The server's own words from an error body ({error}, {message}, or the text itself), secret-free.</summary>
        public static string Describe(string body)
        {
            if (string.IsNullOrWhiteSpace(body)) return string.Empty;
            try
            {
                using var doc = JsonDocument.Parse(body);
                if (doc.RootElement.ValueKind == JsonValueKind.Object)
                {
                    foreach (var name in new[] { "error", "message", "msg" })
                    {
                        if (doc.RootElement.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && v.GetString()!.Length > 0)
                        {
                            return ResponseText.Snippet(v.GetString(), 200);
                        }
                    }
                }
            }
            catch (JsonException)
            {
            }

            return ResponseText.Snippet(body, 200);
        }

        public static bool IsSuccess(HttpStatusCode status) => (int)status >= 200 && (int)status < 300;
    }
}
