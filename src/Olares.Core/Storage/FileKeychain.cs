using System;
using System.Globalization;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using Olares.Errors;

namespace Olares.Storage
{
    /// <summary>
    /// olares-cli's file keychain (Linux, and macOS with <see cref="MacMasterKeySource"/>), byte-compatible with
    /// cli/internal/keychain/aesgcm.go:
    /// <list type="bullet">
    /// <item>one file per account, &lt;dir&gt;/&lt;safe(account)&gt;.enc, where every character outside [A-Za-z0-9._-]
    /// becomes '_' ('@' too: alice@olares.com → alice_olares.com.enc; so a@b.c and a_b.c share a file);</item>
    /// <item>content = 12-byte random nonce ‖ AES-256-GCM ciphertext ‖ 16-byte tag, no associated data, plaintext =
    /// the UTF-8 value;</item>
    /// <item>written atomically (temp + rename), mode 0600, directory 0700; Purge deletes the directory.</item>
    /// </list>
    /// Errors are OlaresTokenStoreException with olares-cli's wording ("keychain &lt;op&gt; failed for
    /// &lt;service&gt;/&lt;account&gt;: ..."). Needs AES-GCM, i.e. the net8.0 build (the net472 build only runs on Windows,
    /// which uses <see cref="WindowsKeychain"/>); on net472 the crypto calls throw PlatformNotSupportedException.
    /// </summary>
    public sealed class FileKeychain : IKeychain
    {
        public const int NonceBytes = 12;
        public const int TagBytes = 16;
        public const string EncryptedFileExtension = ".enc";

        private readonly IMasterKeySource _keys;

        /// <param name="directory">The storage directory of <paramref name="service"/> (it holds master.key and the .enc files).</param>
        /// <param name="masterKey">Where the master key comes from; default &lt;directory&gt;/master.key.</param>
        /// <param name="service">The only service this directory stores; other services are refused.</param>
        public FileKeychain(string directory, IMasterKeySource? masterKey = null, string service = KeychainTokenStore.DefaultService)
        {
            if (string.IsNullOrEmpty(directory)) throw new ArgumentException("The keychain directory is required.", nameof(directory));
            Directory = directory;
            Service = service ?? throw new ArgumentNullException(nameof(service));
            _keys = masterKey ?? new FileMasterKeySource(directory);
        }

        public string Directory { get; }

        public string Service { get; }

        public IMasterKeySource MasterKey => _keys;

        public string Backend => _keys.Backend;

        public string Location => Path.GetFullPath(Directory);

        /// <summary>olares-cli's safeFileName: [^A-Za-z0-9._-] → '_', plus ".enc".</summary>
        public static string SafeFileName(string account)
        {
            if (account == null) throw new ArgumentNullException(nameof(account));
            var builder = new StringBuilder(account.Length + EncryptedFileExtension.Length);
            foreach (var c in account)
            {
                var safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
                builder.Append(safe ? c : '_');
            }

            return builder.Append(EncryptedFileExtension).ToString();
        }

        /// <summary>The file that holds <paramref name="account"/>'s value.</summary>
        public string EntryPath(string account) => Path.Combine(Directory, SafeFileName(account));

        public string? Get(string service, string account)
        {
            CheckService(service);
            var path = EntryPath(account);
            byte[] data;
            try
            {
                data = File.ReadAllBytes(path);
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
                throw Failure("Get", account, e.Message, path, write: false, e);
            }

            var tried = 0;
            Exception? lastFailure = null;
            using (var keys = _keys.DecryptionKeys().GetEnumerator())
            {
                while (true)
                {
                    byte[] key;
                    try
                    {
                        if (!keys.MoveNext()) break;
                        key = keys.Current;
                    }
                    catch (OlaresTokenStoreException e)
                    {
                        throw Failure("Get", account, e.Message, e.Location ?? path, write: false, e);
                    }

                    tried++;
                    if (data.Length < NonceBytes + TagBytes)
                    {
                        throw Failure("Get", account,
                            string.Format(CultureInfo.InvariantCulture, "the entry file is truncated ({0} bytes)", data.Length), path, write: false, null);
                    }

                    try
                    {
                        return Encoding.UTF8.GetString(Open(key, data));
                    }
                    catch (CryptographicException e)
                    {
                        lastFailure = e;
                    }
                }
            }

            if (tried == 0)
            {
                throw Failure("Get", account, "keychain not initialized (the master key is missing, but an entry exists); log in again", path, write: false, null);
            }

            throw Failure("Get", account,
                "the entry cannot be decrypted (message authentication failed: wrong master key or damaged file); log in again",
                path, write: false, lastFailure);
        }

        public void Set(string service, string account, string value)
        {
            CheckService(service);
            if (value == null) throw new ArgumentNullException(nameof(value));
            var path = EntryPath(account);
            byte[] key;
            try
            {
                key = _keys.GetOrCreateEncryptionKey();
            }
            catch (OlaresTokenStoreException e)
            {
                throw Failure("Set", account, e.Message, e.Location ?? path, write: true, e);
            }

            if (key.Length != MasterKeyFile.KeyBytes) throw Failure("Set", account, "keychain is corrupted (master key length)", path, write: true, null);
            var blob = Seal(key, Encoding.UTF8.GetBytes(value));
            try
            {
                SecureFile.WriteAllBytesAtomic(path, blob);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw Failure("Set", account, e.Message, path, write: true, e);
            }
        }

        public bool Delete(string service, string account)
        {
            CheckService(service);
            var path = EntryPath(account);
            try
            {
                if (!File.Exists(path)) return false;
                File.Delete(path);
                return true;
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw Failure("Remove", account, e.Message, path, write: true, e);
            }
        }

        public void Purge(string service)
        {
            CheckService(service);
            Exception? first = null;
            try
            {
                _keys.Purge();
            }
            catch (Exception e)
            {
                // Keep going: a leftover .enc file without a key is the worst combination.
                first = e;
            }

            try
            {
                if (System.IO.Directory.Exists(Directory)) System.IO.Directory.Delete(Directory, recursive: true);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                first ??= e;
            }

            if (first != null) throw Failure("Purge", "*", first.Message, Directory, write: true, first);
        }

        /// <summary>nonce ‖ ciphertext ‖ tag with a fresh random nonce.</summary>
        internal static byte[] Seal(byte[] key, byte[] plaintext)
        {
#if NET
            var blob = new byte[NonceBytes + plaintext.Length + TagBytes];
            var nonce = new Span<byte>(blob, 0, NonceBytes);
            RandomNumberGenerator.Fill(nonce);
            using (var aes = new AesGcm(key, TagBytes))
            {
                aes.Encrypt(nonce, plaintext, new Span<byte>(blob, NonceBytes, plaintext.Length), new Span<byte>(blob, NonceBytes + plaintext.Length, TagBytes));
            }

            return blob;
#else
            throw new PlatformNotSupportedException("The file keychain needs AES-GCM, which this .NET Framework build does not have; on Windows the registry+DPAPI keychain is used.");
#endif
        }

        /// <summary>Inverse of <see cref="Seal"/>; CryptographicException when the tag does not verify.</summary>
        internal static byte[] Open(byte[] key, byte[] blob)
        {
#if NET
            var length = blob.Length - NonceBytes - TagBytes;
            if (length < 0) throw new CryptographicException("The encrypted entry is truncated.");
            var plaintext = new byte[length];
            using (var aes = new AesGcm(key, TagBytes))
            {
                aes.Decrypt(new ReadOnlySpan<byte>(blob, 0, NonceBytes), new ReadOnlySpan<byte>(blob, NonceBytes, length),
                    new ReadOnlySpan<byte>(blob, NonceBytes + length, TagBytes), plaintext);
            }

            return plaintext;
#else
            throw new PlatformNotSupportedException("The file keychain needs AES-GCM, which this .NET Framework build does not have; on Windows the registry+DPAPI keychain is used.");
#endif
        }

        private void CheckService(string service)
        {
            if (!string.Equals(service, Service, StringComparison.Ordinal))
            {
                throw new ArgumentException(
                    string.Format(CultureInfo.InvariantCulture, "This keychain directory stores the service \"{0}\", not \"{1}\".", Service, service),
                    nameof(service));
            }
        }

        private OlaresTokenStoreException Failure(string op, string account, string cause, string location, bool write, Exception? inner) =>
            new OlaresTokenStoreException(
                string.Format(CultureInfo.InvariantCulture, "keychain {0} failed for {1}/{2}: {3}", op, Service, account, cause),
                location, write, inner);
    }
}
