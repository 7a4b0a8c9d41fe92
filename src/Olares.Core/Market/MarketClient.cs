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
    /// buffered, so a request rejected for a stale token is sent again after the refresh.
    /// </summary>
    public sealed class MarketClient
    {
        public const string BasePath = "/app-store/api/v2";

        public MarketClient(OlaresSession session)
        {
            Session = session ?? throw new ArgumentNullException(nameof(session));
            BaseUrl = session.Endpoints.Market.AbsoluteUri.TrimEnd('/') + BasePath;
        }

        public OlaresSession Session { get; }

        public string BaseUrl { get; }

        public Uri Url(string path) => new Uri(BaseUrl + path);

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

        /// <summary>The number of users of the instance (GET {desktop}/api/users/v2 → totals); null when unknown.</summary>
        public async Task<int?> GetUserCountAsync(CancellationToken ct)
        {
            var url = new Uri(Session.Endpoints.Desktop.AbsoluteUri.TrimEnd('/') + "/api/users/v2");
            using var doc = await OlaresApi.GetJsonAsync(Session, url, "user list", ct).ConfigureAwait(false);
            var root = doc.RootElement;
            var data = MarketJson.Prop(root, "data");
            var totals = MarketJson.Prop(data.ValueKind == JsonValueKind.Object ? data : root, "totals");
            return totals.ValueKind == JsonValueKind.Number && totals.TryGetInt32(out var n) ? n : (int?)null;
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
            return await SendAsync(HttpMethod.Post, "/apps/upload", content, "upload of " + Path.GetFileName(path), ct, Session.Transfer).ConfigureAwait(false);
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

            return SendAsync(method, path, content, what, ct, Session.Json);
        }

        private async Task<MarketResponse> SendAsync(HttpMethod method, string path, HttpContent? content, string what, CancellationToken ct, HttpClient client)
        {
            using var request = new HttpRequestMessage(method, Url(path)) { Content = content };
            request.Headers.Accept.ParseAdd("application/json");
            OlaresLog.Debug(method.Method + " " + request.RequestUri!.AbsolutePath);
            using var response = await OlaresApi.SendAsync(Session, client, request, what, ct).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            var text = await ResponseText.ReadAsync(response, ct).ConfigureAwait(false);
            if (status == 401 || status == 403 || status == 459) throw OlaresApi.ErrorFor(Session, status, what, text);

            if (!TryParseEnvelope(text, out var envelope))
            {
                if (status >= 200 && status < 300)
                {
                    // HTML, empty or truncated where JSON was promised: a typed protocol error.
                    using (ResponseText.ParseJson(response, text, what))
                    {
                    }

                    throw new OlaresProtocolException(what, status, "the answer is not a {success, message, data} object");
                }

                throw OlaresApi.ErrorFor(Session, status, what, text);
            }

            return new MarketResponse(status, envelope.success, envelope.message, envelope.data);
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
