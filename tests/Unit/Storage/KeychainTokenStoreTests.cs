using System.Runtime.CompilerServices;
using Olares.Errors;
using Olares.Storage;
using Xunit;

namespace Olares.Tests.Storage
{
    /// <summary>An in-memory IKeychain that records what was written.</summary>
    internal sealed class MemoryKeychain : IKeychain
    {
        public Dictionary<(string Service, string Account), string> Entries { get; } = new();

        public string Backend => "memory";

        public string Location => "memory:" + RuntimeHelpers.GetHashCode(this);

        public string? Get(string service, string account) => Entries.TryGetValue((service, account), out var v) ? v : null;

        public void Set(string service, string account, string value) => Entries[(service, account)] = value;

        public bool Delete(string service, string account) => Entries.Remove((service, account));

        public void Purge(string service)
        {
            foreach (var key in Entries.Keys.Where(k => k.Service == service).ToList()) Entries.Remove(key);
        }
    }

    public sealed class KeychainTokenStoreTests
    {
        private readonly MemoryKeychain _keychain = new MemoryKeychain();
        private readonly KeychainTokenStore _store;

        public KeychainTokenStoreTests()
        {
            _store = new KeychainTokenStore(_keychain);
        }

        [Fact]
        public void Set_WritesOlaresCliJson_WithExactNamesAndOmitEmpty()
        {
            _store.Set(new StoredToken
            {
                OlaresId = "alice@olares.com",
                AccessToken = "at",
                RefreshToken = "rt",
                SessionId = "sid",
                GrantedAt = 1700000000000,
            });

            Assert.Equal("{\"olaresId\":\"alice@olares.com\",\"accessToken\":\"at\",\"refreshToken\":\"rt\",\"sessionId\":\"sid\",\"grantedAt\":1700000000000}",
                _keychain.Entries[("olares-cli", "alice@olares.com")]);
        }

        [Fact]
        public void Set_MinimalAndManaged_OmitEmptyFields()
        {
            _store.Set(new StoredToken { OlaresId = "a@b.c", AccessToken = "t", RefreshToken = "", Managed = true });
            Assert.Equal("{\"olaresId\":\"a@b.c\",\"accessToken\":\"t\",\"managed\":true}", _keychain.Entries[("olares-cli", "a@b.c")]);
        }

        [Fact]
        public void Set_AlwaysZeroesInvalidatedAt_WithoutTouchingTheCallersObject()
        {
            var token = new StoredToken { OlaresId = "a@b.c", AccessToken = "t", InvalidatedAt = 123 };
            _store.Set(token);

            Assert.DoesNotContain("invalidatedAt", _keychain.Entries[("olares-cli", "a@b.c")]);
            Assert.Equal(0, _store.Get("a@b.c")!.InvalidatedAt);
            Assert.Equal(123, token.InvalidatedAt);
        }

        [Fact]
        public void MarkInvalidated_KeepsTokensAndUnknownKeys()
        {
            _keychain.Set("olares-cli", "a@b.c",
                "{\"olaresId\":\"a@b.c\",\"accessToken\":\"at\",\"refreshToken\":\"rt\",\"sessionId\":\"s\",\"grantedAt\":5,\"futureField\":{\"x\":1}}");

            _store.MarkInvalidated("a@b.c", 1700000000123);

            Assert.Equal("{\"olaresId\":\"a@b.c\",\"accessToken\":\"at\",\"refreshToken\":\"rt\",\"sessionId\":\"s\",\"grantedAt\":5,\"invalidatedAt\":1700000000123,\"futureField\":{\"x\":1}}",
                _keychain.Entries[("olares-cli", "a@b.c")]);
            var token = _store.Get("a@b.c")!;
            Assert.True(token.IsInvalidated);
            Assert.Equal("rt", token.RefreshToken);
        }

        [Fact]
        public void MarkInvalidated_ThenSet_ClearsTheStamp()
        {
            _store.Set(new StoredToken { OlaresId = "a@b.c", AccessToken = "old", RefreshToken = "r1" });
            _store.MarkInvalidated("a@b.c", 99);
            _store.Set(new StoredToken { OlaresId = "a@b.c", AccessToken = "new", RefreshToken = "r2" });
            var token = _store.Get("a@b.c")!;
            Assert.Equal(0, token.InvalidatedAt);
            Assert.Equal("new", token.AccessToken);
        }

        [Fact]
        public void MarkInvalidated_NothingStored_IsNotLoggedIn()
        {
            Assert.Throws<OlaresNotLoggedInException>(() => _store.MarkInvalidated("a@b.c", 1));
        }

        [Fact]
        public void Get_AbsentOrEmptyValue_IsNull()
        {
            Assert.Null(_store.Get("a@b.c"));
            _keychain.Set("olares-cli", "a@b.c", "");
            Assert.Null(_store.Get("a@b.c"));
        }

        [Fact]
        public void Get_BlankOlaresId_IsFilledFromTheAccount()
        {
            _keychain.Set("olares-cli", "a@b.c", "{\"accessToken\":\"t\"}");
            Assert.Equal("a@b.c", _store.Get("a@b.c")!.OlaresId);
        }

        [Fact]
        public void Get_EntryOfAnotherId_IsNotHandedOut()
        {
            // a@b.c and a_b.c share one .enc file on Linux/macOS.
            _keychain.Set("olares-cli", "a@b.c", "{\"olaresId\":\"a_b.c\",\"accessToken\":\"t\"}");
            Assert.Null(_store.Get("a@b.c"));
        }

        [Theory]
        [InlineData("not json")]
        [InlineData("[1,2]")]
        [InlineData("{\"accessToken\":5}")]
        [InlineData("{\"grantedAt\":\"soon\"}")]
        [InlineData("null")]
        public void Get_BadJson_IsATypedError(string raw)
        {
            _keychain.Set("olares-cli", "a@b.c", raw);
            var e = Assert.Throws<OlaresTokenStoreException>(() => _store.Get("a@b.c"));
            Assert.Equal("OlaresTokenStoreUnreadable", e.ErrorId);
        }

        [Fact]
        public void Get_AcceptsGoStyleCaseInsensitiveKeys()
        {
            _keychain.Set("olares-cli", "a@b.c", "{\"OlaresID\":\"a@b.c\",\"AccessToken\":\"t\",\"RefreshToken\":\"r\"}");
            Assert.Equal("r", _store.Get("a@b.c")!.RefreshToken);
        }

        [Fact]
        public void Delete_AndPurge()
        {
            _store.Set(new StoredToken { OlaresId = "a@b.c", AccessToken = "t" });
            _store.Set(new StoredToken { OlaresId = "d@e.f", AccessToken = "t" });
            Assert.True(_store.Delete("a@b.c"));
            Assert.False(_store.Delete("a@b.c"));
            _store.Purge();
            Assert.Empty(_keychain.Entries);
        }

        [Fact]
        public void Delete_RemovesACorruptEntryToo()
        {
            _keychain.Set("olares-cli", "a@b.c", "garbage");
            Assert.True(_store.Delete("a@b.c"));
        }

        [Fact]
        public void BlankOlaresId_IsRejected()
        {
            Assert.Throws<OlaresArgumentException>(() => _store.Get(""));
            Assert.Throws<OlaresArgumentException>(() => _store.Set(new StoredToken { AccessToken = "t" }));
        }

        [Fact]
        public void OverTheFileKeychain_RoundTrips()
        {
            using var dir = new StorageTestDirectory();
            var store = new KeychainTokenStore(new FileKeychain(dir.Path));
            store.Set(new StoredToken { OlaresId = "alice@olares.com", AccessToken = "at", RefreshToken = "rt", GrantedAt = 1 });
            store.MarkInvalidated("alice@olares.com", 2);

            var token = store.Get("alice@olares.com")!;
            Assert.Equal(("at", "rt", 1L, 2L), (token.AccessToken, token.RefreshToken, token.GrantedAt, token.InvalidatedAt));
            Assert.Equal("file", store.Backend);
        }
    }
}
