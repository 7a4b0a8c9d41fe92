using Olares.Platform;
using Olares.Storage;
using Xunit;

namespace Olares.Tests.Storage
{
    public sealed class TokenStoreFactoryTests
    {
        private static readonly string Root = OperatingSystem.IsWindows() ? @"C:\r" : "/r";

        private static OlaresEnvironment Env(OsKind os, string? home, params (string Name, string Value)[] vars) =>
            OlaresEnvironment.FromVariables(vars.ToDictionary(v => v.Name, v => v.Value), home, os, Path.Combine(Root, "tmp"));

        [Fact]
        public void Linux_DataDirWinsWhenAbsolute()
        {
            var env = Env(OsKind.Linux, Path.Combine(Root, "home"), ("OLARES_CLI_DATA_DIR", Path.Combine(Root, "data")), ("OLARES_CLI_CACHE_DIR", Path.Combine(Root, "cache")));
            Assert.Equal(Path.Combine(Root, "data", "olares-cli"), TokenStoreFactory.KeychainDirectory(env));
        }

        [Fact]
        public void Linux_RelativeDataDirIsIgnored_CacheDirIsNext()
        {
            // The cache dir is probed with a real write, so it must exist somewhere writable.
            using var dir = new StorageTestDirectory();
            var cache = Path.Combine(dir.Root, "cache");
            var env = Env(OsKind.Linux, Path.Combine(Root, "home"), ("OLARES_CLI_DATA_DIR", "rel/data"), ("OLARES_CLI_CACHE_DIR", cache));
            Assert.Equal(Path.Combine(cache, "keychain", "olares-cli"), TokenStoreFactory.KeychainDirectory(env));
        }

        [Fact]
        public void Linux_DataDirIsCleaned()
        {
            var env = Env(OsKind.Linux, null, ("OLARES_CLI_DATA_DIR", Path.Combine(Root, "a", "..", "data") + Path.DirectorySeparatorChar));
            Assert.Equal(Path.Combine(Root, "data", "olares-cli"), TokenStoreFactory.KeychainDirectory(env));
        }

        [Fact]
        public void Linux_HomeThenTemp()
        {
            Assert.Equal(Path.Combine(Root, "home", ".local", "share", "olares-cli"),
                TokenStoreFactory.KeychainDirectory(Env(OsKind.Linux, Path.Combine(Root, "home"), ("OLARES_CLI_CACHE_DIR", "relative"))));
            Assert.Equal(Path.Combine(Root, "tmp", "olares-cli", "keychain", "olares-cli"),
                TokenStoreFactory.KeychainDirectory(Env(OsKind.Linux, null)));
        }

        [Fact]
        public void MacOS_ApplicationSupport()
        {
            var env = Env(OsKind.MacOS, Path.Combine(Root, "Users", "a"), ("OLARES_CLI_DATA_DIR", Path.Combine(Root, "data")));
            Assert.Equal(Path.Combine(Root, "Users", "a", "Library", "Application Support", "olares-cli"), TokenStoreFactory.KeychainDirectory(env));
        }

        [Fact]
        public void Windows_HasNoDirectory_ButALocation()
        {
            var env = Env(OsKind.Windows, Path.Combine(Root, "home"));
            Assert.Throws<PlatformNotSupportedException>(() => TokenStoreFactory.KeychainDirectory(env));
            Assert.Equal(@"HKCU\Software\OlaresCli\keychain\olares-cli", TokenStoreFactory.StorageLocation(env));
        }

        [Fact]
        public void CreateDefault_PicksTheBackEndByOs()
        {
            using var dir = new StorageTestDirectory();
            var linux = TokenStoreFactory.CreateDefault(Env(OsKind.Linux, dir.Path));
            Assert.Equal("file", linux.Backend);
            var mac = (FileKeychain)TokenStoreFactory.CreateKeychain(Env(OsKind.MacOS, dir.Path));
            Assert.IsType<MacMasterKeySource>(mac.MasterKey);
            Assert.Equal("system-keychain", mac.Backend);
            if (!OperatingSystem.IsWindows())
            {
                Assert.Throws<PlatformNotSupportedException>(() => TokenStoreFactory.CreateDefault(Env(OsKind.Windows, dir.Path)));
            }

            Assert.False(Directory.Exists(dir.Path));
        }
    }
}
