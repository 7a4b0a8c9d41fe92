using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Security.Cryptography;
using Olares.Errors;

namespace Olares.Storage
{
    /// <summary>
    /// Where <see cref="FileKeychain"/> gets its 32-byte AES-256 master key: a file next to the .enc files (Linux),
    /// or the macOS login Keychain with a file fallback (<see cref="MacMasterKeySource"/>).
    /// </summary>
    public interface IMasterKeySource
    {
        /// <summary>The back-end label reported by the keychain ("file", "system-keychain", "file-fallback").</summary>
        string Backend { get; }

        /// <summary>
        /// The keys to try, preferred first, produced lazily (a later key is only fetched when the earlier ones fail
        /// to decrypt). Yields nothing when no key exists yet ("keychain not initialized"). Throws
        /// OlaresTokenStoreException when a key exists but is unusable.
        /// </summary>
        IEnumerable<byte[]> DecryptionKeys();

        /// <summary>The key to encrypt with, created on first use.</summary>
        byte[] GetOrCreateEncryptionKey();

        /// <summary>Deletes key material kept outside the keychain directory (the directory itself is removed by the caller).</summary>
        void Purge();
    }

    /// <summary>Key-file helpers shared by the Linux and macOS sources.</summary>
    internal static class MasterKeyFile
    {
        public const int KeyBytes = 32;

        /// <summary>The key in <paramref name="path"/>, or null when the file does not exist.</summary>
        public static byte[]? Read(string path)
        {
            byte[] key;
            try
            {
                key = File.ReadAllBytes(path);
            }
            catch (FileNotFoundException)
            {
                return null;
            }
            catch (DirectoryNotFoundException)
            {
                return null;
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw new OlaresTokenStoreException("Cannot read the keychain master key " + path + ": " + e.Message, path, write: false, e);
            }

            if (key.Length != KeyBytes) throw Corrupted(path, key.Length);
            return key;
        }

        /// <summary>
        /// Creates the key file with a fresh random key unless it exists. Two racing creators end with one key: the
        /// file appears atomically and only once (link(2) refuses to replace), and the loser reads the winner's key.
        /// </summary>
        public static byte[] Create(string path)
        {
            var key = NewKey();
            bool created;
            try
            {
                created = SecureFile.TryWriteNewFileAtomic(path, key);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw new OlaresTokenStoreException("Cannot create the keychain master key " + path + ": " + e.Message, path, write: true, e);
            }

            if (created) return key;
            return Read(path) ?? throw new OlaresTokenStoreException(
                "The keychain master key " + path + " disappeared while it was being created; try again.", path, write: true);
        }

        public static byte[] NewKey()
        {
            var key = new byte[KeyBytes];
            using (var rng = RandomNumberGenerator.Create()) rng.GetBytes(key);
            return key;
        }

        public static OlaresTokenStoreException Corrupted(string location, int length) =>
            new OlaresTokenStoreException(
                string.Format(CultureInfo.InvariantCulture,
                    "keychain is corrupted: the master key {0} is {1} bytes, not {2}. Tokens encrypted with it cannot be read; remove the keychain directory and log in again.",
                    location, length, KeyBytes),
                location, write: false);
    }

    /// <summary>
    /// olares-cli's Linux master key: &lt;dir&gt;/master.key, 32 raw random bytes, mode 0600, created on the first Set.
    /// </summary>
    public sealed class FileMasterKeySource : IMasterKeySource
    {
        public const string FileName = "master.key";

        public FileMasterKeySource(string directory)
        {
            if (string.IsNullOrEmpty(directory)) throw new ArgumentException("The keychain directory is required.", nameof(directory));
            KeyPath = Path.Combine(directory, FileName);
        }

        public string KeyPath { get; }

        public string Backend => "file";

        public IEnumerable<byte[]> DecryptionKeys()
        {
            var key = MasterKeyFile.Read(KeyPath);
            if (key != null) yield return key;
        }

        public byte[] GetOrCreateEncryptionKey() => MasterKeyFile.Read(KeyPath) ?? MasterKeyFile.Create(KeyPath);

        public void Purge()
        {
        }
    }
}
