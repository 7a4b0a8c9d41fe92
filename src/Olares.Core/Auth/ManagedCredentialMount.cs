using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using Olares.Platform;

namespace Olares.Auth
{
    /// <summary>
    /// A platform-issued ("managed") grant as app-service writes it into an app container:
    /// $OLARES_CLI_CREDENTIALS_DIR/credential.json = {"refreshToken","olaresId","appName"}. The refresh token is
    /// long-lived and does not rotate; it lives only in the mount (and in memory while it is sent), never in a store.
    /// </summary>
    public sealed class ManagedGrant
    {
        internal ManagedGrant(string refreshToken, string olaresId, string appName, string path, DateTimeOffset writtenAt)
        {
            RefreshToken = refreshToken;
            OlaresId = olaresId;
            AppName = appName;
            Path = path;
            WrittenAt = writtenAt;
        }

        /// <summary>The mounted refresh token. Never logged, never stored.</summary>
        internal string RefreshToken { get; }

        /// <summary>The installing user's olaresId.</summary>
        public string OlaresId { get; }

        /// <summary>The application the grant was issued to (e.g. "lares").</summary>
        public string AppName { get; }

        public string Path { get; }

        /// <summary>
        /// When the file was last written (its mtime, through kubelet's symlinks): a grant re-issued after the
        /// server rejected the previous one is newer than the rejection, which is how a dead grant knows to try again.
        /// </summary>
        public DateTimeOffset WrittenAt { get; }

        /// <summary>Never prints the token.</summary>
        public override string ToString() => "ManagedGrant(" + OlaresId + ", app " + AppName + ")";
    }

    /// <summary>
    /// The credential mount of an app container (olares-cli's LoadManagedCredential): read afresh on every call,
    /// never cached, so a credential re-issued while the process runs is picked up. A missing, unreadable,
    /// malformed or incomplete file is "no grant" (never an error), with the reason kept for messages.
    /// </summary>
    public sealed class ManagedCredentialMount
    {
        public const string Variable = "OLARES_CLI_CREDENTIALS_DIR";
        public const string FileName = "credential.json";

        private ManagedCredentialMount(string directory)
        {
            Directory = directory;
            FilePath = System.IO.Path.Combine(directory, FileName);
        }

        public string Directory { get; }

        public string FilePath { get; }

        /// <summary>The mount this environment names, or null on a host (variable unset or blank).</summary>
        public static ManagedCredentialMount? From(OlaresEnvironment env)
        {
            if (env == null) throw new ArgumentNullException(nameof(env));
            var dir = env.GetVariable(Variable)?.Trim();
            return string.IsNullOrEmpty(dir) ? null : new ManagedCredentialMount(dir!);
        }

        /// <summary>True when credential.json exists, complete or not ("this is an app container").</summary>
        public bool IsPresent => File.Exists(FilePath);

        /// <summary>The grant, or null with <paramref name="reason"/> saying why there is none.</summary>
        public ManagedGrant? Load(out string? reason)
        {
            byte[] data;
            DateTimeOffset writtenAt;
            try
            {
                if (!File.Exists(FilePath))
                {
                    reason = FilePath + " does not exist";
                    return null;
                }

                data = File.ReadAllBytes(FilePath);
                writtenAt = new DateTimeOffset(File.GetLastWriteTimeUtc(FilePath), TimeSpan.Zero);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                reason = "cannot read " + FilePath + ": " + e.Message;
                return null;
            }

            string? refreshToken, olaresId, appName;
            try
            {
                using var doc = JsonDocument.Parse(Storage.OlaresJson.WithoutBom(data));
                if (doc.RootElement.ValueKind != JsonValueKind.Object)
                {
                    reason = "cannot parse " + FilePath + ": it is not a JSON object";
                    return null;
                }

                refreshToken = Field(doc.RootElement, "refreshToken");
                olaresId = Field(doc.RootElement, "olaresId");
                appName = Field(doc.RootElement, "appName");
            }
            catch (JsonException e)
            {
                // Only the position: the parser's own message can quote a character of the file, which holds a secret.
                reason = "cannot parse " + FilePath + ": it is not valid JSON (line " + (e.LineNumber + 1) + ", byte " + (e.BytePositionInLine + 1) + ")";
                return null;
            }

            var missing = new List<string>();
            if (refreshToken == null) missing.Add("refreshToken");
            if (olaresId == null) missing.Add("olaresId");
            if (appName == null) missing.Add("appName");
            if (missing.Count > 0)
            {
                reason = FilePath + " is missing " + string.Join(", ", missing);
                return null;
            }

            reason = null;
            return new ManagedGrant(refreshToken!, olaresId!, appName!, FilePath, writtenAt);
        }

        /// <summary>The grant when it is for <paramref name="olaresId"/>; null with the reason otherwise.</summary>
        public ManagedGrant? LoadFor(string olaresId, out string? reason)
        {
            var grant = Load(out reason);
            if (grant == null || string.Equals(grant.OlaresId, olaresId, StringComparison.Ordinal)) return grant;
            reason = FilePath + " holds a credential for " + grant.OlaresId + ", not " + olaresId;
            return null;
        }

        public override string ToString() => FilePath;

        /// <summary>
        /// A trimmed, non-blank string value, else null (a missing key, a blank value or another JSON type). Keys
        /// match as Go's encoding/json matches them: exactly, else ignoring case ("refresh_token" is another key).
        /// </summary>
        private static string? Field(JsonElement obj, string name)
        {
            if (!obj.TryGetProperty(name, out var value))
            {
                var found = false;
                foreach (var property in obj.EnumerateObject())
                {
                    if (!string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase)) continue;
                    value = property.Value;
                    found = true;
                    break;
                }

                if (!found) return null;
            }

            if (value.ValueKind != JsonValueKind.String) return null;
            var text = value.GetString()?.Trim();
            return string.IsNullOrEmpty(text) ? null : text;
        }
    }
}
