using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Olares.Storage
{
    /// <summary>
    /// The value of one token-store entry (service "olares-cli", account = olaresId), JSON-compatible with
    /// olares-cli's StoredToken (cli/pkg/auth/token_store.go). There is no expiry field: expiry comes from the JWT.
    /// </summary>
    public sealed class StoredToken
    {
        [JsonPropertyName("olaresId")]
        public string OlaresId { get; set; } = string.Empty;

        /// <summary>The JWT access token.</summary>
        [JsonPropertyName("accessToken")]
        public string AccessToken { get; set; } = string.Empty;

        /// <summary>Opaque; never decoded. Empty for managed entries.</summary>
        [JsonPropertyName("refreshToken")]
        [OmitEmpty]
        public string? RefreshToken { get; set; }

        [JsonPropertyName("sessionId")]
        [OmitEmpty]
        public string? SessionId { get; set; }

        /// <summary>Unix milliseconds of the grant (audit only).</summary>
        [JsonPropertyName("grantedAt")]
        [OmitEmpty]
        public long GrantedAt { get; set; }

        /// <summary>Unix milliseconds at which the server rejected the refresh token; 0 = the grant is alive.</summary>
        [JsonPropertyName("invalidatedAt")]
        [OmitEmpty]
        public long InvalidatedAt { get; set; }

        /// <summary>A platform-issued credential.</summary>
        [JsonPropertyName("managed")]
        [OmitEmpty]
        public bool Managed { get; set; }

        /// <summary>Keys this version does not know, preserved round-trip.</summary>
        [JsonExtensionData]
        public Dictionary<string, JsonElement>? ExtensionData { get; set; }

        /// <summary>True when the server has rejected this grant (a new login is needed).</summary>
        [JsonIgnore]
        public bool IsInvalidated => InvalidatedAt > 0;

        public StoredToken Clone()
        {
            var copy = (StoredToken)MemberwiseClone();
            copy.ExtensionData = ExtensionData == null ? null : new Dictionary<string, JsonElement>(ExtensionData);
            return copy;
        }

        /// <summary>Never prints the tokens.</summary>
        public override string ToString() => "StoredToken(" + OlaresId + (IsInvalidated ? ", invalidated" : string.Empty) + ")";
    }
}
