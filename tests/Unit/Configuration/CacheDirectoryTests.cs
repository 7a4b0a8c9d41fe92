using Olares.Configuration;
using Olares.Platform;
using Olares.Storage;
using Olares.Tests.Storage;
using Xunit;

namespace Olares.Tests.Configuration
{
    /// <summary>
    /// The state base inside an app container (olares-cli's cachedir, PR #4174): probed by a real write, a stable
    /// per-user fallback under the temp dir, and config, keychain and locks moving together.
    /// </summary>
    public sealed class CacheDirectoryTests : IDisposable
    {
        private readonly StorageTestDirectory _dir = new StorageTestDirectory();

        public CacheDirectoryTests()
        {
            Temp = Path.Combine(_dir.Root, "tmp");
            Directory.CreateDirectory(Temp);
        }

        private string Temp { get; }

        public void Dispose() => _dir.Dispose();

        private OlaresEnvironment Env(params (string Name, string Value)[] vars) =>
            new OlaresEnvironment(name => vars.FirstOrDefault(v => v.Name == name).Value, Path.Combine(_dir.Root, "home"), OsKind.Linux, Temp, 4242);

        private string Fallback => Path.Combine(Temp, "olares-cli-4242");

        [Fact]
        public void Unset_means_no_base_and_nothing_is_created()
        {
            Assert.Null(CacheDirectory.Base(Env()));
            Assert.Empty(Directory.GetFileSystemEntries(Temp));
            Assert.Equal(Path.Combine(_dir.Root, "home", ".olares-cli"), ConfigPaths.Home(Env()));
        }

        [Fact]
        public void A_writable_cache_dir_is_used_as_is_and_created_private_without_probe_leftovers()
        {
            var cache = Path.Combine(_dir.Root, "olares", "cache");
            Assert.Equal(cache, CacheDirectory.Base(Env(("OLARES_CLI_CACHE_DIR", cache + "/"))));
            Assert.True(Directory.Exists(cache));
            Assert.Empty(Directory.GetFileSystemEntries(cache));
            if (StorageTestDirectory.IsUnix) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, StorageTestDirectory.Mode(cache));
            Assert.False(Directory.Exists(Fallback));
        }

        [Fact]
        public void A_relative_cache_dir_is_declined()
        {
            Assert.Null(CacheDirectory.Resolve("relative/cache", Temp, 4242));
            Assert.False(Directory.Exists(Fallback));
        }

        [Fact]
        public void A_cache_dir_that_cannot_be_written_falls_back_to_a_stable_per_user_temp_dir()
        {
            // A regular file where a parent directory should be: even root cannot create anything below it.
            var blocker = Path.Combine(_dir.Root, "blocker");
            File.WriteAllText(blocker, "x");
            var cache = Path.Combine(blocker, "cache");
            Assert.Equal(Fallback, CacheDirectory.Resolve(cache, Temp, 4242));
            Assert.True(Directory.Exists(Fallback));
            Assert.Equal(Fallback, CacheDirectory.Resolve(cache, Temp, 4242));
            Assert.Empty(Directory.GetFileSystemEntries(Fallback));
        }

        [Fact]
        public void A_symlinked_cache_dir_is_not_trusted()
        {
            if (!StorageTestDirectory.IsUnix) return;
            var real = Path.Combine(_dir.Root, "real");
            Directory.CreateDirectory(real);
            var link = Path.Combine(_dir.Root, "link");
            Directory.CreateSymbolicLink(link, real);
            Assert.Equal(Fallback, CacheDirectory.Resolve(link, Temp, 4242));
            Assert.Empty(Directory.GetFileSystemEntries(real));
        }

        [Fact]
        public void Neither_usable_means_no_base()
        {
            var blocker = Path.Combine(_dir.Root, "blocker");
            File.WriteAllText(blocker, "x");
            Assert.Null(CacheDirectory.Resolve(Path.Combine(blocker, "cache"), blocker, 4242));
        }

        [Fact]
        public void Windows_has_no_uid_in_the_fallback_name()
        {
            Assert.Equal(Path.Combine(Temp, "olares-cli"), CacheDirectory.Fallback(Temp, null));
        }

        [Fact]
        public void Config_keychain_and_locks_move_together_under_the_base()
        {
            var cache = Path.Combine(_dir.Root, "cache");
            var env = Env(("OLARES_CLI_CACHE_DIR", cache));
            var home = ConfigPaths.Home(env);
            Assert.Equal(Path.Combine(cache, "config"), home);
            Assert.Equal(Path.Combine(cache, "config", "locks", "alice@olares.com.refresh.lock"), ConfigPaths.RefreshLockPath(home, "alice@olares.com"));
            Assert.Equal(Path.Combine(cache, "keychain", "olares-cli"), TokenStoreFactory.KeychainDirectory(env));
        }

        [Fact]
        public void The_fallback_moves_config_and_keychain_together_and_the_keychain_works_there()
        {
            var blocker = Path.Combine(_dir.Root, "blocker");
            File.WriteAllText(blocker, "x");
            var env = Env(("OLARES_CLI_CACHE_DIR", Path.Combine(blocker, "cache")));
            Assert.Equal(Path.Combine(Fallback, "config"), ConfigPaths.Home(env));
            Assert.Equal(Path.Combine(Fallback, "keychain", "olares-cli"), TokenStoreFactory.KeychainDirectory(env));
            var store = TokenStoreFactory.CreateDefault(env);
            store.Set(new StoredToken { OlaresId = "alice@olares.com", AccessToken = "AT", Managed = true });
            Assert.True(File.Exists(Path.Combine(Fallback, "keychain", "olares-cli", "master.key")));
            Assert.Equal("AT", store.Get("alice@olares.com")!.AccessToken);
        }

        [Fact]
        public void Explicit_overrides_beat_the_cache_dir_independently()
        {
            var cache = Path.Combine(_dir.Root, "cache");
            var home = Path.Combine(_dir.Root, "explicit-home");
            var data = Path.Combine(_dir.Root, "explicit-data");
            var homeOnly = Env(("OLARES_CLI_CACHE_DIR", cache), ("OLARES_CLI_HOME", home));
            Assert.Equal(home, ConfigPaths.Home(homeOnly));
            Assert.Equal(Path.Combine(cache, "keychain", "olares-cli"), TokenStoreFactory.KeychainDirectory(homeOnly));
            var dataOnly = Env(("OLARES_CLI_CACHE_DIR", cache), ("OLARES_CLI_DATA_DIR", data));
            Assert.Equal(Path.Combine(cache, "config"), ConfigPaths.Home(dataOnly));
            Assert.Equal(Path.Combine(data, "olares-cli"), TokenStoreFactory.KeychainDirectory(dataOnly));
        }

        [Fact]
        public void The_answer_is_memoized_per_variable_and_temp_dir()
        {
            var cache = Path.Combine(_dir.Root, "cache");
            var env = Env(("OLARES_CLI_CACHE_DIR", cache));
            Assert.Equal(cache, CacheDirectory.Base(env));
            // Made unusable after the probe: the same process keeps its answer (olares-cli memoizes too)...
            Directory.Delete(cache);
            File.WriteAllText(cache, "now a file");
            Assert.Equal(cache, CacheDirectory.Base(env));
            // ...and another variable value is probed afresh.
            var other = Path.Combine(_dir.Root, "other");
            Assert.Equal(other, CacheDirectory.Base(Env(("OLARES_CLI_CACHE_DIR", other))));
            Assert.True(Directory.Exists(other));
        }
    }
}
