using System;
using System.Globalization;
using System.Text.Json;
using Olares.Errors;

namespace Olares.Storage
{
    /// <summary>
    /// <see cref="ITokenStore"/> over an <see cref="IKeychain"/>, with olares-cli's semantics
    /// (cli/pkg/auth/token_store_keychain.go): one entry per olaresId under the service "olares-cli", value = the
    /// compact StoredToken JSON.
    /// <list type="bullet">
    /// <item>Get: no value or an empty value → null; a value that is not a StoredToken JSON object →
    /// OlaresTokenStoreException; a blank olaresId in the JSON is filled from the account.</item>
    /// <item>Set: always writes invalidatedAt = 0 (the caller's object is not modified).</item>
    /// <item>MarkInvalidated: read-modify-write that keeps the tokens; optionally only while the stored refresh token is the
    /// rejected one (compare-and-set; olares-cli's is unconditional).</item>
    /// </list>
    /// Deliberate differences: an entry whose JSON names a different olaresId (two ids that map to one file name
    /// on Linux/macOS, e.g. a@b.c and a_b.c) is reported as absent for the other id rather than handed out as its
    /// token; Delete removes even a corrupt entry (olares-cli reads it first and fails, leaving it stuck).
    /// </summary>
    public sealed class KeychainTokenStore : ITokenStore
    {
        public const string DefaultService = "olares-cli";

        private readonly IKeychain _keychain;

        public KeychainTokenStore(IKeychain keychain, string service = DefaultService)
        {
            _keychain = keychain ?? throw new ArgumentNullException(nameof(keychain));
            if (string.IsNullOrEmpty(service)) throw new ArgumentException("The service name is required.", nameof(service));
            Service = service;
        }

        public string Service { get; }

        public IKeychain Keychain => _keychain;

        public string Backend => _keychain.Backend;

        public string Location => _keychain.Location + "|" + Service;

        public StoredToken? Get(string olaresId)
        {
            RequireId(olaresId);
            var raw = _keychain.Get(Service, olaresId);
            if (string.IsNullOrEmpty(raw)) return null;
            var token = Decode(raw!, olaresId);
            if (token.OlaresId.Length == 0) token.OlaresId = olaresId;
            else if (!string.Equals(token.OlaresId, olaresId, StringComparison.Ordinal)) return null;
            return token;
        }

        public void Set(StoredToken token)
        {
            if (token == null) throw new ArgumentNullException(nameof(token));
            RequireId(token.OlaresId);
            var copy = token.Clone();
            copy.InvalidatedAt = 0;
            _keychain.Set(Service, copy.OlaresId, OlaresJson.SerializeCompact(copy));
        }

        /// <exception cref="OlaresNotLoggedInException">Nothing is stored for <paramref name="olaresId"/>.</exception>
        public bool MarkInvalidated(string olaresId, long atUnixMs, string? expectedRefreshToken = null)
        {
            var token = Get(olaresId) ?? throw new OlaresNotLoggedInException(olaresId);
            if (expectedRefreshToken != null && !string.Equals(token.RefreshToken ?? string.Empty, expectedRefreshToken, StringComparison.Ordinal)) return false;
            token.InvalidatedAt = atUnixMs;
            _keychain.Set(Service, olaresId, OlaresJson.SerializeCompact(token));
            return true;
        }

        public bool Delete(string olaresId)
        {
            RequireId(olaresId);
            return _keychain.Delete(Service, olaresId);
        }

        public void Purge() => _keychain.Purge(Service);

        private StoredToken Decode(string raw, string olaresId)
        {
            StoredToken? token;
            try
            {
                token = JsonSerializer.Deserialize<StoredToken>(raw, OlaresJson.Compact);
            }
            catch (JsonException e)
            {
                throw Corrupt(olaresId, "it is not a valid token record (" + e.Message + ")", e);
            }

            return token ?? throw Corrupt(olaresId, "it is JSON null, not a token record", null);
        }

        private OlaresTokenStoreException Corrupt(string olaresId, string reason, Exception? inner) =>
            new OlaresTokenStoreException(
                string.Format(CultureInfo.InvariantCulture, "The stored token for {0} ({1}, service \"{2}\") cannot be used: {3}.",
                    olaresId, _keychain.Backend, Service, reason),
                Service + "/" + olaresId, write: false, inner);

        private static void RequireId(string olaresId)
        {
            if (string.IsNullOrEmpty(olaresId))
            {
                throw new OlaresArgumentException("OlaresIdRequired", "An olaresId is required (for example alice@olares.com).", olaresId);
            }
        }
    }
}
