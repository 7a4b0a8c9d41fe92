namespace Olares.Storage
{
    /// <summary>The per-olaresId token store (protocol §3.3).</summary>
    public interface ITokenStore
    {
        /// <summary>The back-end label olares-cli prints ("token stored via &lt;backend&gt;").</summary>
        string Backend { get; }

        /// <summary>
        /// Where the entries live (a directory, or a registry key), so that two stores over the same place are known
        /// to hold the same identities; part of the key of a process's credentials.
        /// </summary>
        string Location { get; }

        /// <summary>The stored token, or null when none is stored. Throws OlaresTokenStoreException when unreadable.</summary>
        StoredToken? Get(string olaresId);

        /// <summary>Stores a fresh grant. Always clears the invalidation stamp.</summary>
        void Set(StoredToken token);

        /// <summary>
        /// Stamps the stored grant as rejected by the server (unix ms), keeping its tokens. With
        /// <paramref name="expectedRefreshToken"/>, only if the stored refresh token is still that one (a login that
        /// landed meanwhile is not stamped); returns false when nothing was stamped for that reason.
        /// </summary>
        bool MarkInvalidated(string olaresId, long atUnixMs, string? expectedRefreshToken = null);

        /// <summary>Removes the entry; false when there was none.</summary>
        bool Delete(string olaresId);

        /// <summary>Removes every entry and the key material (olares-cli does this when the last profile goes).</summary>
        void Purge();
    }
}
