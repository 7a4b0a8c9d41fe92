using System;
using System.Collections.Generic;
using System.IO;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Olares.Errors;
using Olares.Http;

namespace Olares.Market
{
    /// <summary>The {success, message, data} envelope of one market answer (protocol §7.1).</summary>
    public sealed class MarketResponse
    {
        public MarketResponse(int statusCode, bool success, string? message, JsonElement data)
        {
            StatusCode = statusCode;
            Success = success;
            Message = message;
            Data = data;
        }

        public int StatusCode { get; }

        public bool Success { get; }

        public string? Message { get; }

        /// <summary>The data member (a detached copy); default when absent.</summary>
        public JsonElement Data { get; }

        public bool IsOk => StatusCode >= 200 && StatusCode < 300 && Success;

        /// <summary>Throws the typed error of a refused request ("API error (HTTP n): message").</summary>
        public void EnsureOk(string what, object? target = null)
        {
            if (IsOk) return;
            var detail = string.IsNullOrEmpty(Message) ? "HTTP " + StatusCode : Message!;
            if (StatusCode == 404) throw new OlaresNotFoundException(what, target) { RecommendedAction = "Get-OlaresApp" };
            throw new OlaresHttpException(what, StatusCode, ResponseText.Snippet(detail, 300)) { Target = target ?? what };
        }
    }

    /// <summary>
    /// The market service over a session (base MarketURL + "/app-store/api/v2"): catalog, state, app detail,
    /// mutations, chart upload. Every call goes through the session's refreshing handler; JSON bodies are
    /// buffered, so a request rejected for a stale token is sent again after the refresh. Answers are the
    /// {success, message, data} envelope whatever their status.
    /// </summary>
    public sealed class MarketClient : ServiceClient
    {
        public const string BasePath = "/app-store/api/v2";

        public MarketClient(OlaresSession session)
            : base(session, session.Endpoints.Market, BasePath)
        {
        }

        public async Task<IReadOnlyList<CatalogApp>> GetCatalogAsync(CancellationToken ct)
        {
            var response = await SendAsync(HttpMethod.Get, "/market/data", null, "market data", ct).ConfigureAwait(false);
            response.EnsureOk("market data");
            return MarketJson.ParseCatalog(response.Data);
        }

        public async Task<AppStateSnapshot> GetStateAsync(CancellationToken ct)
        {
            var response = await SendAsync(HttpMethod.Get, "/market/state", null, "market state", ct).ConfigureAwait(false);
            response.EnsureOk("market state");
            return MarketJson.ParseState(response.Data);
        }

        /// <summary>POST /apps for one app; null when the source does not know it.</summary>
        public async Task<AppDetail?> GetDetailAsync(string name, string source, CancellationToken ct)
        {
            var body = new JsonObject
            {
                ["apps"] = new JsonArray { new JsonObject { ["appid"] = name, ["sourceDataName"] = source } },
            };
            var what = "app detail of '" + name + "'";
            var response = await SendAsync(HttpMethod.Post, "/apps", body, what, ct).ConfigureAwait(false);
            if (response.StatusCode == 404) return null;
            response.EnsureOk(what, name);
            return MarketJson.ParseDetail(response.Data, name, source);
        }

        /// <summary>POST /apps/upload: multipart with the chart file (field "chart") and the source (field "source").</summary>
        public async Task<MarketResponse> UploadChartAsync(string path, string source, CancellationToken ct)
        {
            byte[] bytes;
            try
            {
                bytes = File.ReadAllBytes(path);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw new OlaresException("OlaresChartUnreadable", OlaresErrorKind.ReadError, "Cannot read the chart " + path + ": " + e.Message, e) { Target = path };
            }

            // Buffered (charts are small), so the request can be replayed after a token refresh.
            var content = new MultipartFormDataContent();
            var file = new ByteArrayContent(bytes);
            file.Headers.ContentType = new MediaTypeHeaderValue("application/gzip");
            content.Add(file, "chart", Path.GetFileName(path));
            content.Add(new StringContent(source, Encoding.UTF8), "source");
            return await SendAsync(HttpMethod.Post, "/apps/upload", content, "upload of " + Path.GetFileName(path), ct, transfer: true).ConfigureAwait(false);
        }

        /// <summary>Sends a JSON body (or none) and returns the envelope, whatever its status; auth and transport failures throw.</summary>
        public Task<MarketResponse> SendAsync(HttpMethod method, string path, JsonNode? body, string what, CancellationToken ct)
        {
            HttpContent? content = null;
            if (body != null)
            {
                content = new ByteArrayContent(Encoding.UTF8.GetBytes(body.ToJsonString()));
                content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            }

            return SendAsync(method, path, content, what, ct, transfer: false);
        }

        private async Task<MarketResponse> SendAsync(HttpMethod method, string path, HttpContent? content, string what, CancellationToken ct, bool transfer)
        {
            using var request = new HttpRequestMessage(method, Url(path)) { Content = content };
            request.Headers.Accept.ParseAdd("application/json");
            OlaresLog.Debug(method.Method + " " + request.RequestUri!.AbsolutePath);
            using var answer = await ExchangeAsync(request, what, ct, transfer).ConfigureAwait(false);
            if (AuthStatus.IsAuthFailure(answer.Status)) throw ErrorFor(answer.Status, what, answer.Body);
            if (TryParseEnvelope(answer.Body, out var envelope)) return new MarketResponse(answer.Status, envelope.success, envelope.message, envelope.data);
            if (!answer.IsSuccess) throw ErrorFor(answer.Status, what, answer.Body);

            // HTML, empty or truncated where JSON was promised: a typed protocol error.
            ParseJson(answer, what).Dispose();
            throw new OlaresProtocolException(what, answer.Status, "the answer is not a {success, message, data} object");
        }

        private static bool TryParseEnvelope(string text, out (bool success, string? message, JsonElement data) envelope)
        {
            envelope = default;
            if (string.IsNullOrWhiteSpace(text)) return false;
            try
            {
                using var doc = JsonDocument.Parse(text);
                var root = doc.RootElement;
                if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("success", out var s)) return false;
                var success = s.ValueKind == JsonValueKind.True;
                var data = root.TryGetProperty("data", out var d) ? d.Clone() : default;
                envelope = (success, MarketJson.Str(root, "message"), data);
                return true;
            }
            catch (JsonException)
            {
                return false;
            }
        }
    }
}
