using System;
using System.Net;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Olares.Errors;

namespace Olares.Http
{
    /// <summary>
    /// Sending a request through a session and turning every failure into a typed error: unreachable server,
    /// timeout, auth still rejected after the refresh, permission denied, not found, server errors, HTML or
    /// truncated JSON where JSON was promised.
    /// </summary>
    public static class OlaresApi
    {
        public static async Task<HttpResponseMessage> SendAsync(OlaresSession session, HttpClient client, HttpRequestMessage request, string what,
            CancellationToken ct, HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead)
        {
            HttpResponseMessage response;
            try
            {
                response = await client.SendAsync(request, completion, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
            {
                throw new OlaresConnectionException(what, new TimeoutException("no answer in time", e));
            }
            catch (HttpRequestException e)
            {
                throw new OlaresConnectionException(what, e);
            }

            return response;
        }

        /// <summary>Throws the typed error for a non-success status; returns normally for 2xx.</summary>
        public static async Task EnsureSuccessAsync(OlaresSession session, HttpResponseMessage response, string what, CancellationToken ct)
        {
            var status = (int)response.StatusCode;
            if (status >= 200 && status < 300) return;
            var body = await ResponseText.ReadAsync(response, ct).ConfigureAwait(false);
            throw ErrorFor(session, status, what, body);
        }

        public static OlaresException ErrorFor(OlaresSession session, int status, string what, string body)
        {
            switch (status)
            {
                case 401:
                case 459:
                    // A platform-issued identity cannot log in: its remedy is the application (olares-cli still says "profile login" here).
                    return session.Credential.IsManaged
                        ? new OlaresAuthenticationRejectedException(session.Id.Value, what, status, session.Credential.ManagedAppName)
                        : new OlaresAuthenticationRejectedException(session.Id.Value, what, status);
                case 403:
                    return new OlaresPermissionDeniedException(session.Id.Value, what, status, session.Credential.IsManaged);
                case 404:
                    return new OlaresNotFoundException(what, null);
                default:
                    return new OlaresHttpException(what, status, Describe(body));
            }
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
            using var response = await SendAsync(session, session.Json, request, what, ct).ConfigureAwait(false);
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
