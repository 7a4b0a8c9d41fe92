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

    /// <summary>The desktop service calls: whoami, olares-info (the backend version), the number of users; {code, message, data} envelopes.</summary>
    public sealed class DesktopClient : ServiceClient
    {
        public const string UserInfoPath = "/api/backend/v1/user-info";
        public const string OlaresInfoPath = "/api/olares-info";
        public const string UsersPath = "/api/users/v2";

        public DesktopClient(OlaresSession session)
            : base(session, session.Endpoints.Desktop)
        {
        }

        public async Task<UserInfo> GetUserInfoAsync(CancellationToken ct)
        {
            using var doc = await GetJsonAsync(UserInfoPath, "user-info", ct).ConfigureAwait(false);
            return ParseUserInfo(doc.RootElement);
        }

        /// <summary>What the server says about itself (GET /api/olares-info, BFL's OlaresInfo).</summary>
        public async Task<OlaresInfo> GetOlaresInfoAsync(CancellationToken ct)
        {
            using var doc = await GetJsonAsync(OlaresInfoPath, "olares-info", ct).ConfigureAwait(false);
            return ParseOlaresInfo(doc.RootElement);
        }

        /// <summary>The osVersion of /api/olares-info; null when the server does not say.</summary>
        public async Task<string?> GetOsVersionAsync(CancellationToken ct) => (await GetOlaresInfoAsync(ct).ConfigureAwait(false)).OsVersion;

        /// <summary>The number of users of the instance (data.totals of /api/users/v2, or totals at the top); null when unknown.</summary>
        public async Task<int?> GetUserCountAsync(CancellationToken ct)
        {
            using var doc = await GetJsonAsync(UsersPath, "user list", ct).ConfigureAwait(false);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return null;
            var holder = root.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object ? data : root;
            return holder.TryGetProperty("totals", out var totals) && totals.ValueKind == JsonValueKind.Number && totals.TryGetInt32(out var n) ? n : (int?)null;
        }

        /// <summary>Kept for callers outside the service clients; same as the instance method.</summary>
        public static Task<UserInfo> GetUserInfoAsync(OlaresSession session, CancellationToken ct) => new DesktopClient(session).GetUserInfoAsync(ct);

        /// <summary>Kept for callers outside the service clients; same as the instance method.</summary>
        public static Task<string?> GetOsVersionAsync(OlaresSession session, CancellationToken ct) => new DesktopClient(session).GetOsVersionAsync(ct);

        /// <summary>user-info with a token that is not stored yet (the validation call of a login).</summary>
        public static async Task<UserInfo> GetUserInfoWithTokenAsync(Uri desktop, string accessToken, bool insecure, CancellationToken ct)
        {
            using var client = new HttpClient(PrimaryHandler.Create(insecure), disposeHandler: true) { Timeout = TimeSpan.FromSeconds(10) };
            using var request = new HttpRequestMessage(HttpMethod.Get, Urls.Append(desktop, UserInfoPath));
            request.Headers.Accept.ParseAdd("application/json");
            RefreshingHandler.Attach(request, accessToken);
            using var response = await OlaresApi.SendAsync(client, request, "user-info", ct).ConfigureAwait(false);
            var body = await ResponseText.ReadAsync(response, ct).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            if (status < 200 || status >= 300) throw new OlaresHttpException("user-info", status, OlaresApi.Describe(body));
            using var doc = ResponseText.ParseJson(response, body, "user-info");
            ThrowIfCodeIsAnError(doc.RootElement, "user-info");
            return ParseUserInfo(doc.RootElement);
        }

        protected override void CheckEnvelope(JsonElement root, string what) => ThrowIfCodeIsAnError(root, what);

        /// <summary>The {code, message, data} envelope of olares-info: code 0 or 200 is success (user-service answers both).</summary>
        internal static OlaresInfo ParseOlaresInfo(JsonElement root)
        {
            ThrowIfCodeIsAnError(root, "olares-info");
            var data = Data(root, "olares-info");
            return new OlaresInfo
            {
                OlaresId = JsonFields.String(data, "olaresId"),
                OsVersion = JsonFields.String(data, "osVersion"),
                WizardStatus = JsonFields.String(data, "wizardStatus"),
                EnableReverseProxy = JsonFields.OptionalBool(data, "enableReverseProxy"),
                TailScaleEnable = JsonFields.OptionalBool(data, "tailScaleEnable"),
                Olaresd = JsonFields.String(data, "olaresd"),
                Did = JsonFields.String(data, "did"),
                Id = JsonFields.String(data, "id"),
                Style = JsonFields.String(data, "style"),
                Avatar = JsonFields.String(data, "avatar"),
                LoginBackground = JsonFields.String(data, "loginBackground"),
            };
        }

        private static UserInfo ParseUserInfo(JsonElement root)
        {
            var data = Data(root, "user-info");
            var name = JsonFields.String(data, "name");
            if (string.IsNullOrEmpty(name)) throw new OlaresProtocolException("user-info", 200, "the answer has no user name");
            var role = JsonFields.String(data, "owner_role");
            var tn = JsonFields.String(data, "terminusName");
            return new UserInfo(name!, role, tn);
        }

        /// <summary>The data object of the {code, message, data} envelope (the code was checked already).</summary>
        private static JsonElement Data(JsonElement root, string what)
        {
            if (root.ValueKind != JsonValueKind.Object) throw new OlaresProtocolException(what, 200, "the answer is not a JSON object");
            if (!root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object)
            {
                throw new OlaresProtocolException(what, 200, "the answer has no data object");
            }

            return data;
        }
    }
}
