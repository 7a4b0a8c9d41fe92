using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;
using Olares.Storage;

namespace Olares.Configuration
{
    /// <summary>
    /// One entry of config.json's "profiles" array, with the JSON names olares-cli uses
    /// (cli/pkg/cliconfig/config.go). Every key except "olaresId" is left out when empty, as Go's omitempty does.
    /// Keys this version does not know (written by a newer olares-cli) are kept in <see cref="ExtensionData"/> and
    /// written back unchanged. Tokens never live here; they are in the token store.
    /// </summary>
    public sealed class ProfileConfig
    {
        /// <summary>Optional alias; commands accept it in place of the olaresId.</summary>
        [JsonPropertyName("name")]
        [OmitEmpty]
        public string? Name { get; set; }

        /// <summary>The identity, e.g. alice@olares.com. Primary key; always written.</summary>
        [JsonPropertyName("olaresId")]
        public string OlaresId { get; set; } = string.Empty;

        [JsonPropertyName("userUid")]
        [OmitEmpty]
        public string? UserUid { get; set; }

        /// <summary>Replaces the auth URL derived from the olaresId (dev setups).</summary>
        [JsonPropertyName("authUrlOverride")]
        [OmitEmpty]
        public string? AuthUrlOverride { get; set; }

        /// <summary>Label inserted into every service host (dev setups), e.g. "dev.".</summary>
        [JsonPropertyName("localUrlPrefix")]
        [OmitEmpty]
        public string? LocalUrlPrefix { get; set; }

        [JsonPropertyName("insecureSkipVerify")]
        [OmitEmpty]
        public bool InsecureSkipVerify { get; set; }

        /// <summary>owner / admin / normal, from /api/backend/v1/user-info.</summary>
        [JsonPropertyName("ownerRole")]
        [OmitEmpty]
        public string? OwnerRole { get; set; }

        /// <summary>Unix seconds.</summary>
        [JsonPropertyName("whoamiRefreshedAt")]
        [OmitEmpty]
        public long WhoamiRefreshedAt { get; set; }

        /// <summary>The cached cluster context object, kept as raw JSON (olares-cli owns its shape).</summary>
        [JsonPropertyName("clusterContext")]
        [OmitEmpty]
        public JsonElement? ClusterContext { get; set; }

        /// <summary>Unix seconds.</summary>
        [JsonPropertyName("clusterContextRefreshedAt")]
        [OmitEmpty]
        public long ClusterContextRefreshedAt { get; set; }

        /// <summary>Cached Olares OS version (osVersion).</summary>
        [JsonPropertyName("backendVersion")]
        [OmitEmpty]
        public string? BackendVersion { get; set; }

        /// <summary>Unix seconds.</summary>
        [JsonPropertyName("backendVersionRefreshedAt")]
        [OmitEmpty]
        public long BackendVersionRefreshedAt { get; set; }

        /// <summary>external / lan / host / cluster.</summary>
        [JsonPropertyName("location")]
        [OmitEmpty]
        public string? Location { get; set; }

        /// <summary>Unix seconds.</summary>
        [JsonPropertyName("locationProbedAt")]
        [OmitEmpty]
        public long LocationProbedAt { get; set; }

        /// <summary>Unix seconds; the 30 s outage cooldown stamp.</summary>
        [JsonPropertyName("locationUnreachableAt")]
        [OmitEmpty]
        public long LocationUnreachableAt { get; set; }

        /// <summary>True for a platform-issued profile (an app with permission.loginOlaresCLI).</summary>
        [JsonPropertyName("managed")]
        [OmitEmpty]
        public bool Managed { get; set; }

        [JsonPropertyName("appName")]
        [OmitEmpty]
        public string? AppName { get; set; }

        /// <summary>Keys this version does not know, preserved round-trip.</summary>
        [JsonExtensionData]
        public Dictionary<string, JsonElement>? ExtensionData { get; set; }

        /// <summary>The alias when there is one, else the olaresId. Not serialized.</summary>
        [JsonIgnore]
        public string DisplayName => string.IsNullOrEmpty(Name) ? OlaresId : Name!;

        /// <summary>A copy that shares nothing mutable with this instance.</summary>
        public ProfileConfig Clone()
        {
            var copy = (ProfileConfig)MemberwiseClone();
            copy.ExtensionData = ExtensionData == null ? null : new Dictionary<string, JsonElement>(ExtensionData);
            return copy;
        }

        public override string ToString() => DisplayName;
    }
}
