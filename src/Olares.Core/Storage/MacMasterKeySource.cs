using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Text;
using Olares.Errors;

namespace Olares.Storage
{
    /// <summary>
    /// olares-cli's macOS master key (cli/internal/keychain/keychain_darwin.go): the .enc files live in
    /// ~/Library/Application Support/olares-cli, and the 32-byte master key is a login-Keychain generic password
    /// (service "olares-cli", account "master.key", value = standard base64 of the key). When the system keychain
    /// refuses, a file key &lt;dir&gt;/master.key.file (raw 32 bytes, 0600, created exclusively) is created and used
    /// from then on; its presence means back-end "file-fallback", else "system-keychain".
    /// Reads try the file key first, then the system key. Writes use the file key if there is one, else the system
    /// key (created if missing), else a new file key.
    /// </summary>
    public sealed class MacMasterKeySource : IMasterKeySource
    {
        public const string SystemKeyAccount = "master.key";
        public const string FallbackFileName = "master.key.file";

        private readonly ISystemKeychain _system;

        public MacMasterKeySource(string directory, ISystemKeychain systemKeychain, string service = KeychainTokenStore.DefaultService)
        {
            if (string.IsNullOrEmpty(directory)) throw new ArgumentException("The keychain directory is required.", nameof(directory));
            _system = systemKeychain ?? throw new ArgumentNullException(nameof(systemKeychain));
            Service = service ?? throw new ArgumentNullException(nameof(service));
            FallbackKeyPath = Path.Combine(directory, FallbackFileName);
        }

        public string Service { get; }

        public string FallbackKeyPath { get; }

        public string Backend
        {
            get
            {
                try
                {
                    var info = new FileInfo(FallbackKeyPath);
                    return info.Exists && info.Length == MasterKeyFile.KeyBytes ? "file-fallback" : "system-keychain";
                }
                catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
                {
                    return "system-keychain";
                }
            }
        }

        public IEnumerable<byte[]> DecryptionKeys()
        {
            byte[]? fileKey = null;
            try
            {
                fileKey = MasterKeyFile.Read(FallbackKeyPath);
            }
            catch (OlaresTokenStoreException)
            {
                // olares-cli ignores an unusable fallback key on read and goes on to the system key.
            }

            if (fileKey != null) yield return fileKey;
            var systemKey = ReadSystemKey();
            if (systemKey != null) yield return systemKey;
        }

        public byte[] GetOrCreateEncryptionKey()
        {
            try
            {
                var fileKey = MasterKeyFile.Read(FallbackKeyPath);
                if (fileKey != null) return fileKey;
            }
            catch (OlaresTokenStoreException)
            {
                // Fall through to the system key, as olares-cli does.
            }

            try
            {
                var existing = ReadSystemKey();
                if (existing != null) return existing;
                var key = MasterKeyFile.NewKey();
                _system.Add(Service, SystemKeyAccount, Convert.ToBase64String(key));
                // Two first-time writers may both add; adopt whatever the Keychain holds now so that at least
                // everything written from here on uses the surviving key.
                return ReadSystemKey() ?? key;
            }
            catch (Exception e) when (e is SystemKeychainUnavailableException || e is OlaresTokenStoreException)
            {
                // Denied / blocked / corrupted system key: use (or create) the file fallback from now on.
                return MasterKeyFile.Create(FallbackKeyPath);
            }
        }

        public void Purge()
        {
            try
            {
                _system.Delete(Service, SystemKeyAccount);
            }
            catch (SystemKeychainUnavailableException e)
            {
                throw new OlaresTokenStoreException("Cannot delete the master key from the macOS Keychain: " + e.Message,
                    "Keychain " + Service + "/" + SystemKeyAccount, write: true, e);
            }
        }

        /// <summary>The system key; null when the item does not exist. Throws OlaresTokenStoreException when blocked or corrupt.</summary>
        private byte[]? ReadSystemKey()
        {
            string? encoded;
            var location = "Keychain " + Service + "/" + SystemKeyAccount;
            try
            {
                encoded = _system.Find(Service, SystemKeyAccount);
            }
            catch (SystemKeychainUnavailableException e)
            {
                throw new OlaresTokenStoreException("keychain access blocked: " + e.Message +
                    " (unlock it with: security unlock-keychain ~/Library/Keychains/login.keychain-db)", location, write: false, e);
            }

            if (encoded == null) return null;
            byte[] key;
            try
            {
                key = Convert.FromBase64String(encoded.Trim());
            }
            catch (FormatException)
            {
                throw new OlaresTokenStoreException("keychain is corrupted: the master key in the macOS Keychain is not base64.", location, write: false);
            }

            if (key.Length != MasterKeyFile.KeyBytes) throw MasterKeyFile.Corrupted(location, key.Length);
            return key;
        }
    }
}
