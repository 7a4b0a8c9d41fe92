namespace Olares.Storage
{
    /// <summary>
    /// A secret store addressed by (service, account), the shape of olares-cli's cli/internal/keychain. Values are
    /// strings (olares-cli stores the StoredToken JSON).
    /// </summary>
    public interface IKeychain
    {
        /// <summary>olares-cli's back-end label: "file", "system-keychain", "file-fallback" or "registry+dpapi".</summary>
        string Backend { get; }

        /// <summary>Where the entries live: the directory, or the registry key.</summary>
        string Location { get; }

        /// <summary>
        /// The stored value, or null when there is none. Throws <see cref="Olares.Errors.OlaresTokenStoreException"/>
        /// when an entry exists but cannot be read, is corrupt or cannot be decrypted (the Windows back-end by
        /// default reports an undecryptable entry as absent, as olares-cli does; see <see cref="WindowsKeychain"/>).
        /// </summary>
        string? Get(string service, string account);

        /// <summary>Stores (or replaces) the value. Throws OlaresTokenStoreException when it cannot be written.</summary>
        void Set(string service, string account, string value);

        /// <summary>Removes the entry; returns false when there was none.</summary>
        bool Delete(string service, string account);

        /// <summary>Removes every entry of the service and its key material. A missing store is fine.</summary>
        void Purge(string service);
    }
}
