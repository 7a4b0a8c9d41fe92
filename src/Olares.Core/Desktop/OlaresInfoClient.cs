using System;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Olares.Errors;
using Olares.Http;
using Olares.Market;
using Olares.Profiles;

namespace Olares.Desktop
{
    /// <summary>What the server says about itself (GET {desktop}/api/olares-info, BFL's OlaresInfo).</summary>
    public sealed class OlaresInfo
    {
        public string? OlaresId { get; set; }

        public string? OsVersion { get; set; }

        public string? WizardStatus { get; set; }

        public bool? EnableReverseProxy { get; set; }

        public bool? TailScaleEnable { get; set; }

        /// <summary>The version of olaresd, the node daemon.</summary>
        public string? Olaresd { get; set; }

        public string? Did { get; set; }

        public string? Id { get; set; }

        public string? Style { get; set; }

        public string? Avatar { get; set; }

        public string? LoginBackground { get; set; }
    }

    /// <summary>olares-info, and the profile's cache of the Olares version (config.json, as olares-cli keeps it).</summary>
    public static class OlaresInfoClient
    {
        public static async Task<OlaresInfo> GetAsync(OlaresSession session, CancellationToken ct)
        {
            var url = Urls.Append(session.Endpoints.Desktop, DesktopClient.OlaresInfoPath);
            using var doc = await OlaresApi.GetJsonAsync(session, url, "olares-info", ct).ConfigureAwait(false);
            return Parse(doc.RootElement);
        }

        /// <summary>
        /// Reads olares-info and records its version in config.json (backendVersion, backendVersionRefreshedAt), as
        /// olares-cli's "profile whoami --refresh" does; the market cmdlets then use it for an hour. An unreadable
        /// version is reported and not cached.
        /// </summary>
        public static async Task<OlaresInfo> GetAndCacheVersionAsync(ResolvedProfile profile, CancellationToken ct, DateTimeOffset? now = null)
        {
            var info = await GetAsync(profile.OpenSession(), ct).ConfigureAwait(false);
            var version = BackendVersion.TryParse(info.OsVersion);
            if (version == null)
            {
                OlaresLog.Warning("The server reports an unreadable Olares version \"" + info.OsVersion + "\"; the cached version is left as it is.");
                return info;
            }

            var at = (now ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds();
            try
            {
                profile.Update(p =>
                {
                    p.BackendVersion = version.Text;
                    p.BackendVersionRefreshedAt = at;
                }, ct);
                OlaresLog.Verbose("Cached Olares version " + version.Text + " for " + profile.Key + " in config.json.");
            }
            catch (OlaresException e)
            {
                OlaresLog.Warning("Could not cache the Olares version in config.json: " + e.Message);
            }

            return info;
        }

        /// <summary>The {code, message, data} envelope: code 0 or 200 is success (user-service answers both).</summary>
        internal static OlaresInfo Parse(JsonElement root)
        {
            const string what = "olares-info";
            if (root.ValueKind != JsonValueKind.Object) throw new OlaresProtocolException(what, 200, "the answer is not a JSON object");
            if (root.TryGetProperty("code", out var code) && code.ValueKind == JsonValueKind.Number && (!code.TryGetInt32(out var c) || (c != 0 && c != 200)))
            {
                var message = JsonFields.String(root, "message");
                throw new OlaresHttpException(what, 200, "code " + code.GetRawText() + (string.IsNullOrEmpty(message) ? string.Empty : ": " + message));
            }

            if (!root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object)
            {
                throw new OlaresProtocolException(what, 200, "the answer has no data object");
            }

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
    }
}
