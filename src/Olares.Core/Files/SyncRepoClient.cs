using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Olares.Errors;
using Olares.Http;

namespace Olares.Files
{
    /// <summary>Which of the user's Sync (Seafile) libraries: owned, shared with the user, or shared by the user.</summary>
    public enum SyncRepoKind
    {
        Mine,
        SharedToMe,
        Shared,
    }

    /// <summary>One Sync library (a row of GET /api/repos/). Its id is the extend of <c>sync/&lt;id&gt;/...</c> paths.</summary>
    public sealed class SyncRepo
    {
        public string Id { get; set; } = string.Empty;

        public string Name { get; set; } = string.Empty;

        /// <summary>The list it came from.</summary>
        public SyncRepoKind Kind { get; set; }

        public bool Encrypted { get; set; }

        public DateTimeOffset? LastModified { get; set; }

        /// <summary>rw or r: the caller's permission (owned repos) or the permission the share grants.</summary>
        public string? Permission { get; set; }

        public string? ShareType { get; set; }

        public long? Size { get; set; }

        public string? Status { get; set; }

        public string? OwnerEmail { get; set; }

        public string? OwnerName { get; set; }

        /// <summary>The other party of a share: who shared it with the caller, or whom the caller shared it with.</summary>
        public string? UserEmail { get; set; }

        public string? UserName { get; set; }

        public string? ModifierEmail { get; set; }

        public string? ModifierName { get; set; }
    }

    /// <summary>
    /// The Sync library catalog of the files service (olares-cli's "files repos"): GET /api/repos/ for owned repos,
    /// ?type=share_to_me and ?type=shared for the shared ones. Some gateways send encrypted and size as strings, and a
    /// business failure comes back as HTTP 200 with a non-zero code.
    /// </summary>
    public static class SyncRepoClient
    {
        public const string Path = "/api/repos/";

        public static string PathFor(SyncRepoKind kind)
        {
            switch (kind)
            {
                case SyncRepoKind.SharedToMe: return Path + "?type=share_to_me";
                case SyncRepoKind.Shared: return Path + "?type=shared";
                default: return Path;
            }
        }

        public static async Task<IReadOnlyList<SyncRepo>> ListAsync(OlaresSession session, SyncRepoKind kind, CancellationToken ct)
        {
            var what = "list of " + Describe(kind);
            using var request = new HttpRequestMessage(HttpMethod.Get, Urls.Append(session.Endpoints.Files, PathFor(kind)));
            request.Headers.Accept.ParseAdd("application/json");
            using var doc = await OlaresApi.SendJsonAsync(session, request, what, ct).ConfigureAwait(false);
            return Parse(doc.RootElement, kind, what);
        }

        public static string Describe(SyncRepoKind kind)
        {
            switch (kind)
            {
                case SyncRepoKind.SharedToMe: return "Sync repos shared with you";
                case SyncRepoKind.Shared: return "Sync repos you shared";
                default: return "your Sync repos";
            }
        }

        internal static IReadOnlyList<SyncRepo> Parse(JsonElement root, SyncRepoKind kind, string what)
        {
            if (root.ValueKind != JsonValueKind.Object) throw new OlaresProtocolException(what, 200, "the answer is not a JSON object");
            if (root.TryGetProperty("code", out var code) && code.ValueKind == JsonValueKind.Number && (!code.TryGetInt32(out var c) || c != 0))
            {
                var message = JsonFields.String(root, "message");
                throw new OlaresHttpException(what, 200, "the server refused it (code " + code.GetRawText() + ")" + (string.IsNullOrEmpty(message) ? string.Empty : ": " + message));
            }

            var repos = new List<SyncRepo>();
            if (!root.TryGetProperty("repos", out var rows) || rows.ValueKind == JsonValueKind.Null) return repos;
            if (rows.ValueKind != JsonValueKind.Array) throw new OlaresProtocolException(what, 200, "repos is not a list");
            foreach (var row in rows.EnumerateArray())
            {
                if (row.ValueKind != JsonValueKind.Object) throw new OlaresProtocolException(what, 200, "a repo is not a JSON object");
                var id = JsonFields.String(row, "repo_id");
                if (string.IsNullOrEmpty(id)) throw new OlaresProtocolException(what, 200, "a repo has no repo_id");
                repos.Add(new SyncRepo
                {
                    Id = id!,
                    Name = JsonFields.String(row, "repo_name") ?? string.Empty,
                    Kind = kind,
                    Encrypted = FlexBool(row, "encrypted"),
                    LastModified = Time(row, "last_modified"),
                    Permission = JsonFields.NonEmptyString(row, "permission") ?? JsonFields.NonEmptyString(row, "share_permission"),
                    ShareType = JsonFields.NonEmptyString(row, "share_type"),
                    Size = FlexLong(row, "size", what),
                    Status = JsonFields.NonEmptyString(row, "status"),
                    OwnerEmail = JsonFields.NonEmptyString(row, "owner_email"),
                    OwnerName = JsonFields.NonEmptyString(row, "owner_name"),
                    UserEmail = JsonFields.NonEmptyString(row, "user_email"),
                    UserName = JsonFields.NonEmptyString(row, "user_name"),
                    ModifierEmail = JsonFields.NonEmptyString(row, "modifier_email"),
                    ModifierName = JsonFields.NonEmptyString(row, "modifier_name"),
                });
            }

            return repos;
        }

        /// <summary>A JSON bool, or the strings true/1/yes/on, or a non-zero number.</summary>
        private static bool FlexBool(JsonElement obj, string name)
        {
            if (!obj.TryGetProperty(name, out var v)) return false;
            switch (v.ValueKind)
            {
                case JsonValueKind.True: return true;
                case JsonValueKind.String:
                    var s = (v.GetString() ?? string.Empty).Trim().ToLowerInvariant();
                    return s == "true" || s == "1" || s == "yes" || s == "on";
                case JsonValueKind.Number: return v.TryGetDouble(out var d) && d != 0;
                default: return false;
            }
        }

        /// <summary>A JSON number or a base-10 string; null when absent or empty.</summary>
        private static long? FlexLong(JsonElement obj, string name, string what)
        {
            if (!obj.TryGetProperty(name, out var v)) return null;
            switch (v.ValueKind)
            {
                case JsonValueKind.Number:
                    if (v.TryGetInt64(out var n)) return n;
                    if (v.TryGetDouble(out var d)) return (long)d;
                    break;
                case JsonValueKind.String:
                    var s = (v.GetString() ?? string.Empty).Trim();
                    if (s.Length == 0) return null;
                    if (long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed)) return parsed;
                    break;
                case JsonValueKind.Null:
                    return null;
            }

            throw new OlaresProtocolException(what, 200, "a repo's " + name + " is not a number: " + ResponseText.Snippet(v.GetRawText(), 40));
        }

        private static DateTimeOffset? Time(JsonElement obj, string name)
        {
            var s = JsonFields.String(obj, name);
            if (string.IsNullOrWhiteSpace(s)) return null;
            return DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t) ? t : (DateTimeOffset?)null;
        }
    }
}
