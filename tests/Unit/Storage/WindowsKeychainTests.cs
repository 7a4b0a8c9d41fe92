using System.Security.Cryptography;
using System.Text;
using Olares.Errors;
using Olares.Storage;
using Xunit;

namespace Olares.Tests.Storage
{
    internal sealed class FakeRegistry : IRegistryStore
    {
        public Dictionary<string, Dictionary<string, string>> Keys { get; } = new(StringComparer.OrdinalIgnoreCase);

        public string? GetString(string keyPath, string valueName) =>
            Keys.TryGetValue(keyPath, out var values) && values.TryGetValue(valueName, out var v) ? v : null;

        public void SetString(string keyPath, string valueName, string value)
        {
            if (!Keys.TryGetValue(keyPath, out var values)) Keys[keyPath] = values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            values[valueName] = value;
        }

        public bool DeleteValue(string keyPath, string valueName) => Keys.TryGetValue(keyPath, out var values) && values.Remove(valueName);

        public bool DeleteKey(string keyPath) => Keys.Remove(keyPath);
    }

    /// <summary>A stand-in for DPAPI: the blob is a marker, the entropy and the reversed plaintext; Unprotect checks the entropy.</summary>
    internal sealed class FakeDpapi : IDataProtector
    {
        public List<(byte[] Data, byte[] Entropy)> Protected { get; } = new();

        public List<byte[]> UnprotectEntropies { get; } = new();

        public byte[] Protect(byte[] plaintext, byte[] entropy)
        {
            Protected.Add((plaintext, entropy));
            return new byte[] { 0xD7, (byte)entropy.Length }.Concat(entropy).Concat(plaintext.Reverse()).ToArray();
        }

        public byte[] Unprotect(byte[] protectedData, byte[] entropy)
        {
            UnprotectEntropies.Add(entropy);
            if (protectedData.Length < 2 || protectedData[0] != 0xD7 || protectedData[1] != entropy.Length ||
                !protectedData.Skip(2).Take(entropy.Length).SequenceEqual(entropy))
            {
                throw new CryptographicException("The parameter is incorrect.");
            }

            return protectedData.Skip(2 + entropy.Length).Reverse().ToArray();
        }
    }

    public sealed class WindowsKeychainTests
    {
        private readonly FakeRegistry _registry = new FakeRegistry();
        private readonly FakeDpapi _dpapi = new FakeDpapi();

        [Fact]
        public void Set_UsesOlaresCliKeyValueNameEntropyAndBase64()
        {
            var keychain = new WindowsKeychain(_registry, _dpapi);
            const string json = "{\"olaresId\":\"alice@olares.com\",\"accessToken\":\"at\"}";

            keychain.Set("olares-cli", "alice@olares.com", json);

            var values = _registry.Keys[@"Software\OlaresCli\keychain\olares-cli"];
            var (name, data) = Assert.Single(values);
            Assert.Equal("YWxpY2VAb2xhcmVzLmNvbQ", name);
            var (plain, entropy) = Assert.Single(_dpapi.Protected);
            Assert.Equal(Encoding.UTF8.GetBytes("olares-cli\0alice@olares.com"), entropy);
            Assert.Equal(json, Encoding.UTF8.GetString(plain));
            Assert.Equal(Convert.ToBase64String(_dpapi.Protect(plain, entropy)), data);
            Assert.Equal("registry+dpapi", keychain.Backend);
        }

        [Theory]
        [InlineData("alice@olares.com", "YWxpY2VAb2xhcmVzLmNvbQ")]
        [InlineData("a", "YQ")]
        [InlineData("ab", "YWI")]
        [InlineData("\u00ff\u00fe>?", "w7_Dvj4_")]
        public void ValueName_IsBase64UrlWithoutPadding(string account, string expected)
        {
            Assert.Equal(expected, WindowsKeychain.ValueNameFor(account));
        }

        [Fact]
        public void ServiceIsSanitizedInTheKeyButNotInTheEntropy()
        {
            var keychain = new WindowsKeychain(_registry, _dpapi);
            keychain.Set(@"my svc\x", "a", "v");
            Assert.True(_registry.Keys.ContainsKey(@"Software\OlaresCli\keychain\my_svc_x"));
            Assert.Equal(Encoding.UTF8.GetBytes("my svc\\x\0a"), _dpapi.Protected.Single().Entropy);
        }

        [Fact]
        public void Get_ReadsAValueStoredTheOlaresCliWay()
        {
            var entropy = Encoding.UTF8.GetBytes("olares-cli\0bob@olares.com");
            var blob = _dpapi.Protect(Encoding.UTF8.GetBytes("{\"accessToken\":\"x\"}"), entropy);
            _registry.SetString(@"Software\OlaresCli\keychain\olares-cli", "Ym9iQG9sYXJlcy5jb20", Convert.ToBase64String(blob));

            var value = new WindowsKeychain(_registry, _dpapi).Get("olares-cli", "bob@olares.com");

            Assert.Equal("{\"accessToken\":\"x\"}", value);
            Assert.Equal(entropy, _dpapi.UnprotectEntropies.Last());
        }

        [Fact]
        public void Get_Missing_IsNull()
        {
            Assert.Null(new WindowsKeychain(_registry, _dpapi).Get("olares-cli", "a"));
            _registry.SetString(@"Software\OlaresCli\keychain\olares-cli", "YQ", "");
            Assert.Null(new WindowsKeychain(_registry, _dpapi).Get("olares-cli", "a"));
        }

        [Fact]
        public void Get_Undecryptable_ReadsAsAbsentByDefault_LikeOlaresCli()
        {
            var keychain = new WindowsKeychain(_registry, _dpapi);
            keychain.Set("olares-cli", "a", "v");
            // Move the blob to another account: the entropy no longer matches.
            var data = _registry.GetString(@"Software\OlaresCli\keychain\olares-cli", "YQ")!;
            _registry.SetString(@"Software\OlaresCli\keychain\olares-cli", "Yg", data);
            _registry.SetString(@"Software\OlaresCli\keychain\olares-cli", "Yw", "%%not base64%%");

            Assert.Null(keychain.Get("olares-cli", "b"));
            Assert.Null(keychain.Get("olares-cli", "c"));
        }

        [Fact]
        public void Get_Undecryptable_CanBeSurfaced()
        {
            var strict = new WindowsKeychain(_registry, _dpapi, surfaceUndecryptable: true);
            _registry.SetString(@"Software\OlaresCli\keychain\olares-cli", "Yg", Convert.ToBase64String(new byte[] { 1, 2, 3 }));
            _registry.SetString(@"Software\OlaresCli\keychain\olares-cli", "Yw", "%%not base64%%");

            Assert.Throws<OlaresTokenStoreException>(() => strict.Get("olares-cli", "b"));
            Assert.Throws<OlaresTokenStoreException>(() => strict.Get("olares-cli", "c"));
        }

        [Fact]
        public void Delete_AndPurge()
        {
            var keychain = new WindowsKeychain(_registry, _dpapi);
            keychain.Set("olares-cli", "a", "1");
            keychain.Set("olares-cli", "b", "2");
            Assert.True(keychain.Delete("olares-cli", "a"));
            Assert.False(keychain.Delete("olares-cli", "a"));
            Assert.Equal("2", keychain.Get("olares-cli", "b"));

            keychain.Purge("olares-cli");
            Assert.False(_registry.Keys.ContainsKey(@"Software\OlaresCli\keychain\olares-cli"));
            keychain.Purge("olares-cli");
        }

        [Fact]
        public void RegistryFailure_IsATypedError()
        {
            var keychain = new WindowsKeychain(new ThrowingRegistry(), _dpapi);
            Assert.Throws<OlaresTokenStoreException>(() => keychain.Get("olares-cli", "a"));
            var e = Assert.Throws<OlaresTokenStoreException>(() => keychain.Set("olares-cli", "a", "v"));
            Assert.Equal("OlaresTokenStoreWriteFailed", e.ErrorId);
        }

        [Fact]
        public void TokenStoreOverWindowsKeychain_RoundTrips()
        {
            var store = new KeychainTokenStore(new WindowsKeychain(_registry, _dpapi));
            store.Set(new StoredToken { OlaresId = "alice@olares.com", AccessToken = "at", RefreshToken = "rt" });
            Assert.Equal("rt", store.Get("alice@olares.com")!.RefreshToken);
            Assert.Equal("registry+dpapi", store.Backend);
        }

        private sealed class ThrowingRegistry : IRegistryStore
        {
            public string? GetString(string keyPath, string valueName) => throw new UnauthorizedAccessException("denied");

            public void SetString(string keyPath, string valueName, string value) => throw new UnauthorizedAccessException("denied");

            public bool DeleteValue(string keyPath, string valueName) => throw new UnauthorizedAccessException("denied");

            public bool DeleteKey(string keyPath) => throw new UnauthorizedAccessException("denied");
        }
    }
}
