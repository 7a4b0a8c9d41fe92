using System;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Olares.Errors;

namespace Olares.Http
{
    /// <summary>One answer of a service call: its status and its body, read within the call's bound. Disposing it releases the response.</summary>
    public sealed class ServiceAnswer : IDisposable
    {
        public ServiceAnswer(HttpResponseMessage response, string body)
        {
            Response = response;
            Body = body;
        }

        public HttpResponseMessage Response { get; }

        public int Status => (int)Response.StatusCode;

        public string Body { get; }

        public bool IsSuccess => Status >= 200 && Status < 300;

        public void Dispose() => Response.Dispose();
    }

    /// <summary>
    /// The base of the service clients (desktop, files, market) over one session: one way to build URLs, send,
    /// read a body within the per-attempt bound, parse JSON, check a service envelope and turn every failure into a
    /// typed error (unreachable, reset mid-body, refused login, permission, not found, server error, HTML or
    /// malformed JSON where JSON was promised).
    /// </summary>
    public abstract class ServiceClient
    {
        protected ServiceClient(OlaresSession session, Uri serviceUrl, string basePath = "")
        {
            Session = session ?? throw new ArgumentNullException(nameof(session));
            BaseUrl = serviceUrl.AbsoluteUri.TrimEnd('/') + basePath;
        }

        public OlaresSession Session { get; }

        /// <summary>The service URL and base path, without a trailing '/'.</summary>
        public string BaseUrl { get; }

        /// <summary>The base URL followed by an already-encoded path and query.</summary>
        public Uri Url(string pathAndQuery) =>
            new Uri(BaseUrl + (pathAndQuery.StartsWith("/", StringComparison.Ordinal) ? pathAndQuery : "/" + pathAndQuery));

        /// <summary>
        /// Sends through the session's JSON client (each attempt bounded) or its transfer client (no bound; cancellation
        /// and the transfer's stall watchdog end it). Transport failures, including a connection reset while the
        /// body was being read, are <see cref="OlaresConnectionException"/>.
        /// </summary>
        public Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, string what, CancellationToken ct, bool transfer = false,
            HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead) =>
            OlaresApi.SendAsync(transfer ? Session.Transfer : Session.Json, request, what, ct, completion);

        /// <summary>Sends a JSON call and reads its whole answer, whatever the status; transport failures throw.</summary>
        public async Task<ServiceAnswer> ExchangeAsync(HttpRequestMessage request, string what, CancellationToken ct, bool transfer = false)
        {
            var response = await SendAsync(request, what, ct, transfer).ConfigureAwait(false);
            try
            {
                return new ServiceAnswer(response, await ResponseText.ReadAsync(response, ct).ConfigureAwait(false));
            }
            catch (Exception e) when (e is System.IO.IOException || e is HttpRequestException)
            {
                response.Dispose();
                throw new OlaresConnectionException(what, e);
            }
            catch
            {
                response.Dispose();
                throw;
            }
        }

        /// <summary>A 2xx JSON answer, parsed and checked against the service's envelope; anything else throws typed.</summary>
        public async Task<JsonDocument> SendJsonAsync(HttpRequestMessage request, string what, CancellationToken ct, object? notFoundTarget = null)
        {
            using var answer = await ExchangeAsync(request, what, ct).ConfigureAwait(false);
            if (!answer.IsSuccess) throw ErrorFor(answer.Status, what, answer.Body, notFoundTarget);
            var doc = ParseJson(answer, what);
            try
            {
                CheckEnvelope(doc.RootElement, what);
                return doc;
            }
            catch
            {
                doc.Dispose();
                throw;
            }
        }

        /// <summary>GET <paramref name="pathAndQuery"/> as JSON.</summary>
        public async Task<JsonDocument> GetJsonAsync(string pathAndQuery, string what, CancellationToken ct, object? notFoundTarget = null)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, Url(pathAndQuery));
            request.Headers.Accept.ParseAdd("application/json");
            return await SendJsonAsync(request, what, ct, notFoundTarget).ConfigureAwait(false);
        }

        /// <summary>A 2xx answer's body as text; anything else throws typed.</summary>
        public async Task<string> SendTextAsync(HttpRequestMessage request, string what, CancellationToken ct, object? notFoundTarget = null)
        {
            using var answer = await ExchangeAsync(request, what, ct).ConfigureAwait(false);
            if (!answer.IsSuccess) throw ErrorFor(answer.Status, what, answer.Body, notFoundTarget);
            return answer.Body;
        }

        /// <summary>
        /// A call whose 2xx answer carries nothing needed. A 409 names <paramref name="existsTarget"/> as already
        /// existing, or counts as done when <paramref name="conflictIsDone"/>.
        /// </summary>
        public async Task SendNoContentAsync(HttpRequestMessage request, string what, CancellationToken ct, object? notFoundTarget = null,
            object? existsTarget = null, bool conflictIsDone = false)
        {
            using var answer = await ExchangeAsync(request, what, ct).ConfigureAwait(false);
            if (answer.IsSuccess || (conflictIsDone && answer.Status == 409)) return;
            if (answer.Status == 409) throw new OlaresRemoteItemExistsException((existsTarget ?? notFoundTarget)?.ToString() ?? what, OlaresApi.Describe(answer.Body));
            throw ErrorFor(answer.Status, what, answer.Body, notFoundTarget);
        }

        /// <summary>The typed error of a failed call: refused login, permission, not found (naming <paramref name="notFoundTarget"/>), the rest by status.</summary>
        public virtual OlaresException ErrorFor(int status, string what, string body, object? notFoundTarget = null)
        {
            if (status == 404 && notFoundTarget != null) return new OlaresNotFoundException(notFoundTarget.ToString()!, notFoundTarget.ToString());
            return OlaresApi.ErrorFor(Session, status, what, body);
        }

        /// <summary>Parses a JSON body; HTML pages, empty and malformed bodies are <see cref="OlaresProtocolException"/>.</summary>
        public static JsonDocument ParseJson(ServiceAnswer answer, string what) => ResponseText.ParseJson(answer.Response, answer.Body, what);

        /// <summary>Throws when a 2xx answer still reports a failure in the service's envelope; nothing by default.</summary>
        protected virtual void CheckEnvelope(JsonElement root, string what)
        {
        }

        /// <summary>
        /// {code, message|msg}: a code other than 0 or 200 is the server refusing the request (files and desktop
        /// services; e.g. code -1 for a rejected path).
        /// </summary>
        protected static void ThrowIfCodeIsAnError(JsonElement root, string what)
        {
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("code", out var code) || code.ValueKind != JsonValueKind.Number) return;
            if (!code.TryGetInt64(out var c) || c == 0 || c == 200) return;
            var message = JsonFields.String(root, "message") ?? JsonFields.String(root, "msg");
            throw new OlaresHttpException(what, 200, "code " + c + (string.IsNullOrEmpty(message) ? string.Empty : ": " + ResponseText.Snippet(message, 200)));
        }
    }
}
