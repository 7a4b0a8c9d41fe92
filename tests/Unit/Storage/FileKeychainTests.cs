using System.Security.Cryptography;
using System.Text;
using Olares.Errors;
using Olares.Storage;
using Xunit;

namespace Olares.Tests.Storage
{
    public sealed class FileKeychainTests : IDisposable
    {
        private const string Service = "olares-cli";
        private readonly StorageTestDirectory _dir = new StorageTestDirectory();

        public void Dispose() => _dir.Dispose();

        // The vector is built here, independently of FileKeychain: a fixed key and nonce, AES-256-GCM with no AAD,
        // laid out as olares-cli's aesgcm.go writes it (nonce || ciphertext || tag).
        private static readonly byte[] VectorKey = Enumerable.Range(0, 32).Select(i => (byte)(0xA0 + i)).ToArray();
        private static readonly byte[] VectorNonce = Enumerable.Range(0, 12).Select(i => (byte)(i * 7 + 1)).ToArray();

        private static byte[] EncryptLikeOlaresCli(byte[] key, byte[] nonce, string plaintext)
        {
            var data = Encoding.UTF8.GetBytes(plaintext);
            var cipher = new byte[data.Length];
            var tag = new byte[16];
            using (var aes = new AesGcm(key, 16)) aes.Encrypt(nonce, data, cipher, tag);
            return nonce.Concat(cipher).Concat(tag).ToArray();
        }

        private static string DecryptIndependently(byte[] key, byte[] blob)
        {
            var nonce = blob.AsSpan(0, 12);
            var tag = blob.AsSpan(blob.Length - 16, 16);
            var cipher = blob.AsSpan(12, blob.Length - 28);
            var plain = new byte[cipher.Length];
            using (var aes = new AesGcm(key, 16)) aes.Decrypt(nonce, cipher, tag, plain);
            return Encoding.UTF8.GetString(plain);
        }

        [Theory]
        [InlineData("alice@olares.com", "alice_olares.com.enc")]
        [InlineData("a_b.c", "a_b.c.enc")]
        [InlineData("weird/../id x", "weird_.._id_x.enc")]
        [InlineData("Bob-1.x", "Bob-1.x.enc")]
        [InlineData("é", "_.enc")]
        public void SafeFileName_ReplacesEverythingOutsideTheWhitelist(string account, string expected)
        {
            Assert.Equal(expected, FileKeychain.SafeFileName(account));
        }

        [Fact]
        public void SafeFileName_Collision_IsInheritedFromOlaresCli()
        {
            // olares-cli's comment claims '@' is kept, but its regex replaces it: a@b.c and a_b.c share one file.
            Assert.Equal(FileKeychain.SafeFileName("a_b.c"), FileKeychain.SafeFileName("a@b.c"));
            var keychain = new FileKeychain(_dir.Path);
            keychain.Set(Service, "a_b.c", "first");
            Assert.Equal("first", keychain.Get(Service, "a@b.c"));
        }

        [Fact]
        public void Get_ReadsAnEntryWrittenTheWayOlaresCliWritesIt()
        {
            const string json = "{\"olaresId\":\"alice@olares.com\",\"accessToken\":\"eyJ.a.b\",\"refreshToken\":\"rt\"}";
            Directory.CreateDirectory(_dir.Path);
            File.WriteAllBytes(Path.Combine(_dir.Path, "master.key"), VectorKey);
            File.WriteAllBytes(Path.Combine(_dir.Path, "alice_olares.com.enc"), EncryptLikeOlaresCli(VectorKey, VectorNonce, json));

            var keychain = new FileKeychain(_dir.Path);

            Assert.Equal(json, keychain.Get(Service, "alice@olares.com"));
            Assert.Equal("file", keychain.Backend);
        }

        [Fact]
        public void Set_WritesNonceCiphertextTagThatIndependentAesGcmDecrypts()
        {
            const string value = "{\"olaresId\":\"alice@olares.com\",\"accessToken\":\"at\"}";
            var keychain = new FileKeychain(_dir.Path);

            keychain.Set(Service, "alice@olares.com", value);

            var key = File.ReadAllBytes(Path.Combine(_dir.Path, "master.key"));
            Assert.Equal(32, key.Length);
            var blob = File.ReadAllBytes(Path.Combine(_dir.Path, "alice_olares.com.enc"));
            Assert.Equal(12 + Encoding.UTF8.GetByteCount(value) + 16, blob.Length);
            Assert.Equal(value, DecryptIndependently(key, blob));
        }

        [Fact]
        public void Set_UsesAFreshNonceEachTime()
        {
            var keychain = new FileKeychain(_dir.Path);
            keychain.Set(Service, "a", "same");
            var first = File.ReadAllBytes(keychain.EntryPath("a"));
            keychain.Set(Service, "a", "same");
            var second = File.ReadAllBytes(keychain.EntryPath("a"));
            Assert.NotEqual(first.Take(12), second.Take(12));
        }

        [Fact]
        public void Get_NoEntryAndNoMasterKey_ReturnsNull()
        {
            Assert.Null(new FileKeychain(_dir.Path).Get(Service, "alice@olares.com"));
        }

        [Fact]
        public void Get_EntryButNoMasterKey_IsNotInitialized()
        {
            Directory.CreateDirectory(_dir.Path);
            File.WriteAllBytes(Path.Combine(_dir.Path, "alice_olares.com.enc"), EncryptLikeOlaresCli(VectorKey, VectorNonce, "x"));

            var e = Assert.Throws<OlaresTokenStoreException>(() => new FileKeychain(_dir.Path).Get(Service, "alice@olares.com"));
            Assert.Contains("keychain not initialized", e.Message);
            Assert.Equal("OlaresTokenStoreUnreadable", e.ErrorId);
        }

        [Theory]
        [InlineData(0)]
        [InlineData(16)]
        [InlineData(33)]
        public void WrongLengthMasterKey_IsCorrupted_OnGetAndSet(int length)
        {
            Directory.CreateDirectory(_dir.Path);
            File.WriteAllBytes(Path.Combine(_dir.Path, "master.key"), new byte[length]);
            File.WriteAllBytes(Path.Combine(_dir.Path, "alice_olares.com.enc"), EncryptLikeOlaresCli(VectorKey, VectorNonce, "x"));
            var keychain = new FileKeychain(_dir.Path);

            var read = Assert.Throws<OlaresTokenStoreException>(() => keychain.Get(Service, "alice@olares.com"));
            Assert.Contains("keychain is corrupted", read.Message);
            var write = Assert.Throws<OlaresTokenStoreException>(() => keychain.Set(Service, "bob", "y"));
            Assert.Contains("keychain is corrupted", write.Message);
            Assert.Equal(length, File.ReadAllBytes(Path.Combine(_dir.Path, "master.key")).Length);
        }

        [Fact]
        public void Get_TruncatedEntry_IsATypedError()
        {
            var keychain = new FileKeychain(_dir.Path);
            keychain.Set(Service, "a", "value");
            File.WriteAllBytes(keychain.EntryPath("a"), new byte[27]);

            var e = Assert.Throws<OlaresTokenStoreException>(() => keychain.Get(Service, "a"));
            Assert.Contains("truncated", e.Message);
        }

        [Fact]
        public void Get_TamperedEntry_IsATypedError()
        {
            var keychain = new FileKeychain(_dir.Path);
            keychain.Set(Service, "a", "value");
            var blob = File.ReadAllBytes(keychain.EntryPath("a"));
            blob[14] ^= 0x01;
            File.WriteAllBytes(keychain.EntryPath("a"), blob);

            var e = Assert.Throws<OlaresTokenStoreException>(() => keychain.Get(Service, "a"));
            Assert.Contains("cannot be decrypted", e.Message);
            Assert.IsType<AuthenticationTagMismatchException>(e.InnerException);
        }

        [Fact]
        public void Get_EntryFromAnotherMasterKey_IsATypedError()
        {
            Directory.CreateDirectory(_dir.Path);
            File.WriteAllBytes(Path.Combine(_dir.Path, "master.key"), Enumerable.Repeat((byte)1, 32).ToArray());
            File.WriteAllBytes(Path.Combine(_dir.Path, "a.enc"), EncryptLikeOlaresCli(VectorKey, VectorNonce, "x"));

            Assert.Throws<OlaresTokenStoreException>(() => new FileKeychain(_dir.Path).Get(Service, "a"));
        }

        [Fact]
        public void Files_AreOwnerOnly_AndNoTempFilesRemain()
        {
            if (!StorageTestDirectory.IsUnix) return;
            var keychain = new FileKeychain(_dir.Path);
            keychain.Set(Service, "alice@olares.com", "v1");
            keychain.Set(Service, "alice@olares.com", "v2");

            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, StorageTestDirectory.Mode(_dir.Path));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, StorageTestDirectory.Mode(Path.Combine(_dir.Path, "master.key")));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, StorageTestDirectory.Mode(keychain.EntryPath("alice@olares.com")));
            Assert.Equal(new[] { "alice_olares.com.enc", "master.key" },
                Directory.GetFiles(_dir.Path).Select(Path.GetFileName).OrderBy(n => n, StringComparer.Ordinal).ToArray());
        }

        [Fact]
        public async Task MasterKeyCreationRace_EndsWithOneKeyThatDecryptsEverything()
        {
            for (var round = 0; round < 25; round++)
            {
                var dir = Path.Combine(_dir.Root, "race" + round);
                var keychains = Enumerable.Range(0, 4).Select(_ => new FileKeychain(dir)).ToArray();
                using var barrier = new Barrier(keychains.Length);
                var tasks = keychains.Select((k, i) => Task.Run(() =>
                {
                    barrier.SignalAndWait();
                    k.Set(Service, "user" + i, "value" + i);
                })).ToArray();
                await Task.WhenAll(tasks);

                var reader = new FileKeychain(dir);
                for (var i = 0; i < keychains.Length; i++) Assert.Equal("value" + i, reader.Get(Service, "user" + i));
                Assert.Equal(32, File.ReadAllBytes(Path.Combine(dir, "master.key")).Length);
                Assert.DoesNotContain(Directory.GetFiles(dir), f => f.Contains(".tmp", StringComparison.Ordinal));
            }
        }

        [Fact]
        public void Delete_ReportsWhetherAnEntryExisted()
        {
            var keychain = new FileKeychain(_dir.Path);
            Assert.False(keychain.Delete(Service, "a"));
            keychain.Set(Service, "a", "x");
            Assert.True(keychain.Delete(Service, "a"));
            Assert.Null(keychain.Get(Service, "a"));
            Assert.True(File.Exists(Path.Combine(_dir.Path, "master.key")));
        }

        [Fact]
        public void Purge_RemovesTheDirectory_AndTolaratesAMissingOne()
        {
            var keychain = new FileKeychain(_dir.Path);
            keychain.Purge(Service);
            keychain.Set(Service, "a", "x");
            keychain.Purge(Service);
            Assert.False(Directory.Exists(_dir.Path));
            Assert.Null(keychain.Get(Service, "a"));
        }

        [Fact]
        public void OtherService_IsRefused()
        {
            Assert.Throws<ArgumentException>(() => new FileKeychain(_dir.Path).Get("other", "a"));
        }

        [Fact]
        public void SecureFile_TryWriteNewFileAtomic_NeverReplaces()
        {
            var path = Path.Combine(_dir.Path, "once");
            Assert.True(SecureFile.TryWriteNewFileAtomic(path, new byte[] { 1 }));
            Assert.False(SecureFile.TryWriteNewFileAtomic(path, new byte[] { 2 }));
            Assert.Equal(new byte[] { 1 }, File.ReadAllBytes(path));
            Assert.Single(Directory.GetFiles(_dir.Path));
        }
    }
}
