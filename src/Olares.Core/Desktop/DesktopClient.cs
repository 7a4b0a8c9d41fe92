using System;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Olares.Errors;
using Olares.Http;

namespace Olares.Desktop
{
    /// <summary>Who the server says we are (GET {desktop}/api/backend/v1/user-info).</summary>
    public sealed class UserInfo
    {
        public UserInfo(string name, string? ownerRole, string? terminusName)
        {
            Name = name;
            OwnerRole = ownerRole;
            TerminusName = terminusName;
        }

        public string Name { get; }

        public string? OwnerRole { get; }

        public string? TerminusName { get; }
    }

    /// <summary>The desktop service calls: whoami and the backend version.</summary>
    public static class DesktopClient
    {
        public const string UserInfoPath = "/api/backend/v1/user-info";
        public const string OlaresInfoPath = "/api/olares-info";

        public static async Task<UserInfo> GetUserInfoAsync(OlaresSession session, CancellationToken ct)
        {
            using var doc = await OlaresApi.GetJsonAsync(session, Urls.Append(session.Endpoints.Desktop, UserInfoPath), "user-info", ct).ConfigureAwait(false);
            return ParseUserInfo(doc.RootElement);
        }

        public static async Task<string?> GetOsVersionAsync(OlaresSession session, CancellationToken ct)
        {
            using var doc = await OlaresApi.GetJsonAsync(session, Urls.Append(session.Endpoints.Desktop, OlaresInfoPath), "olares-info", ct).ConfigureAwait(false);
            var data = Data(doc.RootElement, "olares-info");
            return data.TryGetProperty("osVersion", out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        }

        /// <summary>user-info with a token that is not stored yet (the validation call of a login).</summary>
        public static async Task<UserInfo> GetUserInfoWithTokenAsync(Uri desktop, string accessToken, bool insecure, CancellationToken ct)
        {
            using var client = new HttpClient(PrimaryHandler.Create(insecure), disposeHandler: true) { Timeout = TimeSpan.FromSeconds(10) };
            using var request = new HttpRequestMessage(HttpMethod.Get, Urls.Append(desktop, UserInfoPath));
            request.Headers.Accept.ParseAdd("application/json");
            RefreshingHandler.Attach(request, accessToken);
            HttpResponseMessage response;
            try
            {
                response = await client.SendAsync(request, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
            {
                throw new OlaresConnectionException("user-info", new TimeoutException("no answer within 10 s", e));
            }
            catch (HttpRequestException e)
            {
                throw new OlaresConnectionException("user-info", e);
            }

            using (response)
            {
                var body = await ResponseText.ReadAsync(response, ct).ConfigureAwait(false);
                var status = (int)response.StatusCode;
                if (status < 200 || status >= 300) throw new OlaresHttpException("user-info", status, OlaresApi.Describe(body));
                using var doc = ResponseText.ParseJson(response, body, "user-info");
                return ParseUserInfo(doc.RootElement);
            }
        }

        private static UserInfo ParseUserInfo(JsonElement root)
        {
            var data = Data(root, "user-info");
            var name = data.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null;
            if (string.IsNullOrEmpty(name)) throw new OlaresProtocolException("user-info", 200, "the answer has no user name");
            var role = data.TryGetProperty("owner_role", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
            var tn = data.TryGetProperty("terminusName", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            return new UserInfo(name!, role, tn);
        }

        /// <summary>The {code, message, data} envelope of the desktop service.</summary>
        private static JsonElement Data(JsonElement root, string what)
        {
            if (root.ValueKind != JsonValueKind.Object) throw new OlaresProtocolException(what, 200, "the answer is not a JSON object");
            if (root.TryGetProperty("code", out var code) && code.ValueKind == JsonValueKind.Number && code.TryGetInt32(out var c) && c != 0 && c != 200)
            {
                var message = root.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : string.Empty;
                throw new OlaresHttpException(what, 200, "code " + c + (string.IsNullOrEmpty(message) ? string.Empty : ": " + message));
            }

            if (!root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object)
            {
                throw new OlaresProtocolException(what, 200, "the answer has no data object");
            }

            return data;
        }
    }
}
