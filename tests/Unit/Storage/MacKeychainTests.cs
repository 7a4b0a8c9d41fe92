using System.Security.Cryptography;
using System.Text;
using Olares.Errors;
using Olares.Storage;
using Xunit;

namespace Olares.Tests.Storage
{
    internal sealed class FakeSystemKeychain : ISystemKeychain
    {
        public Dictionary<(string, string), string> Items { get; } = new();

        public bool Denied { get; set; }

        public int Finds { get; private set; }

        public int Adds { get; private set; }

        public string? Find(string service, string account)
        {
            Finds++;
            if (Denied) throw new SystemKeychainUnavailableException("User interaction is not allowed.");
            return Items.TryGetValue((service, account), out var v) ? v : null;
        }

        public void Add(string service, string account, string password)
        {
            Adds++;
            if (Denied) throw new SystemKeychainUnavailableException("User interaction is not allowed.");
            Items[(service, account)] = password;
        }

        public bool Delete(string service, string account)
        {
            if (Denied) throw new SystemKeychainUnavailableException("User interaction is not allowed.");
            return Items.Remove((service, account));
        }
    }

    public sealed class MacKeychainTests : IDisposable
    {
        private readonly StorageTestDirectory _dir = new StorageTestDirectory();
        private readonly FakeSystemKeychain _system = new FakeSystemKeychain();

        public void Dispose() => _dir.Dispose();

        private FileKeychain Create() => new FileKeychain(_dir.Path, new MacMasterKeySource(_dir.Path, _system));

        private string FallbackPath => Path.Combine(_dir.Path, "master.key.file");

        [Fact]
        public void Set_CreatesTheMasterKeyInTheSystemKeychainAsBase64()
        {
            var keychain = Create();
            keychain.Set("olares-cli", "alice@olares.com", "secret");

            var stored = _system.Items[("olares-cli", "master.key")];
            var key = Convert.FromBase64String(stored);
            Assert.Equal(32, key.Length);
            Assert.False(File.Exists(FallbackPath));
            Assert.Equal("system-keychain", keychain.Backend);
            // The .enc file is the same format as on Linux, under the system key.
            var blob = File.ReadAllBytes(Path.Combine(_dir.Path, "alice_olares.com.enc"));
            var plain = new byte[blob.Length - 28];
            using (var aes = new AesGcm(key, 16)) aes.Decrypt(blob.AsSpan(0, 12), blob.AsSpan(12, plain.Length), blob.AsSpan(blob.Length - 16), plain);
            Assert.Equal("secret", Encoding.UTF8.GetString(plain));
            Assert.Equal("secret", keychain.Get("olares-cli", "alice@olares.com"));
        }

        [Fact]
        public void Set_ReusesAnExistingSystemKey()
        {
            var key = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
            _system.Items[("olares-cli", "master.key")] = Convert.ToBase64String(key);
            Create().Set("olares-cli", "a", "v");
            Assert.Equal(0, _system.Adds);
            Assert.Equal(Convert.ToBase64String(key), _system.Items[("olares-cli", "master.key")]);
        }

        [Fact]
        public void DeniedSystemKeychain_FallsBackToAFileKey_AndReadsItWithoutAskingTheSystem()
        {
            _system.Denied = true;
            var keychain = Create();

            keychain.Set("olares-cli", "a", "v");

            Assert.Equal(32, File.ReadAllBytes(FallbackPath).Length);
            if (StorageTestDirectory.IsUnix) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, StorageTestDirectory.Mode(FallbackPath));
            Assert.Equal("file-fallback", keychain.Backend);
            var findsBefore = _system.Finds;
            Assert.Equal("v", keychain.Get("olares-cli", "a"));
            Assert.Equal(findsBefore, _system.Finds);

            // Once the fallback exists it is preferred for writes even when the system keychain works again.
            _system.Denied = false;
            keychain.Set("olares-cli", "b", "w");
            Assert.Empty(_system.Items);
            Assert.Equal("w", keychain.Get("olares-cli", "b"));
        }

        [Fact]
        public void Get_TriesTheFileKeyFirst_ThenTheSystemKey()
        {
            // Entry written under the system key, then a fallback file key appears (another process was denied).
            var keychain = Create();
            keychain.Set("olares-cli", "a", "under-system-key");
            File.WriteAllBytes(FallbackPath, Enumerable.Repeat((byte)7, 32).ToArray());

            Assert.Equal("file-fallback", keychain.Backend);
            Assert.Equal("under-system-key", keychain.Get("olares-cli", "a"));
        }

        [Fact]
        public void Get_CorruptSystemKey_IsATypedError()
        {
            var keychain = Create();
            keychain.Set("olares-cli", "a", "v");
            _system.Items[("olares-cli", "master.key")] = Convert.ToBase64String(new byte[16]);
            Assert.Contains("keychain is corrupted", Assert.Throws<OlaresTokenStoreException>(() => keychain.Get("olares-cli", "a")).Message);

            _system.Items[("olares-cli", "master.key")] = "***";
            Assert.Contains("keychain is corrupted", Assert.Throws<OlaresTokenStoreException>(() => keychain.Get("olares-cli", "a")).Message);
        }

        [Fact]
        public void Get_EntryWithoutAnyKey_IsNotInitialized_AndNoEntryIsNull()
        {
            var keychain = Create();
            Assert.Null(keychain.Get("olares-cli", "a"));
            keychain.Set("olares-cli", "a", "v");
            _system.Items.Clear();
            Assert.Contains("keychain not initialized", Assert.Throws<OlaresTokenStoreException>(() => keychain.Get("olares-cli", "a")).Message);
        }

        [Fact]
        public void Get_BlockedSystemKeychainWithoutFileKey_IsATypedError()
        {
            var keychain = Create();
            keychain.Set("olares-cli", "a", "v");
            _system.Denied = true;
            Assert.Contains("keychain access blocked", Assert.Throws<OlaresTokenStoreException>(() => keychain.Get("olares-cli", "a")).Message);
        }

        [Fact]
        public void Purge_RemovesTheSystemKeyAndTheDirectory()
        {
            var keychain = Create();
            keychain.Set("olares-cli", "a", "v");
            keychain.Purge("olares-cli");
            Assert.Empty(_system.Items);
            Assert.False(Directory.Exists(_dir.Path));
        }

        [Theory]
        [InlineData("go-keyring-base64:c2VjcmV0", "secret")]
        [InlineData("go-keyring-encoded:736563726574\n", "secret")]
        [InlineData("  plainvalue\n", "plainvalue")]
        public void SecurityTool_DecodesGoKeyringValues(string raw, string expected)
        {
            Assert.Equal(expected, SecurityToolKeychain.DecodeGoKeyringValue(raw));
        }

        [Fact]
        public void SecurityTool_EncodesLikeGoKeyring_AndRoundTrips()
        {
            var key = Convert.ToBase64String(Enumerable.Range(0, 32).Select(i => (byte)i).ToArray());
            var encoded = SecurityToolKeychain.EncodeGoKeyringValue(key);
            Assert.Equal("go-keyring-base64:" + Convert.ToBase64String(Encoding.UTF8.GetBytes(key)), encoded);
            Assert.Equal(key, SecurityToolKeychain.DecodeGoKeyringValue(encoded + "\n"));
        }

        [Fact]
        public void SecurityTool_QuotesArgumentsForInteractiveMode()
        {
            Assert.Equal("'olares-cli'", SecurityToolKeychain.Quote("olares-cli"));
            Assert.Equal("'it'\"'\"'s'", SecurityToolKeychain.Quote("it's"));
            Assert.Throws<ArgumentException>(() => SecurityToolKeychain.Quote("a\nb"));
        }
    }
}
