namespace Olares.Storage
{
    /// <summary>The per-olaresId token store (protocol §3.3).</summary>
    public interface ITokenStore
    {
        /// <summary>The back-end label olares-cli prints ("token stored via &lt;backend&gt;").</summary>
        string Backend { get; }

        /// <summary>The stored token, or null when none is stored. Throws OlaresTokenStoreException when unreadable.</summary>
        StoredToken? Get(string olaresId);

        /// <summary>Stores a fresh grant. Always clears the invalidation stamp.</summary>
        void Set(StoredToken token);

        /// <summary>Stamps the stored grant as rejected by the server (unix ms), keeping its tokens.</summary>
        void MarkInvalidated(string olaresId, long atUnixMs);

        /// <summary>Removes the entry; false when there was none.</summary>
        bool Delete(string olaresId);

        /// <summary>Removes every entry and the key material (olares-cli does this when the last profile goes).</summary>
        void Purge();
    }
}
