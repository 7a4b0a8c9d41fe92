using Olares.Configuration;
using Olares.Errors;
using Olares.Platform;
using Xunit;

namespace Olares.Tests.Configuration
{
    public sealed class ConfigPathsTests
    {
        private static readonly string Root = OperatingSystem.IsWindows() ? @"C:\r" : "/r";

        private static OlaresEnvironment Env(string? home, params (string Name, string Value)[] vars) =>
            OlaresEnvironment.FromVariables(vars.ToDictionary(v => v.Name, v => v.Value), home, OsKind.Linux, Path.Combine(Root, "tmp"));

        [Fact]
        public void Home_ExplicitVariableWins_Verbatim()
        {
            var env = Env(Path.Combine(Root, "home"), ("OLARES_CLI_HOME", "relative/dir/"), ("OLARES_CLI_CACHE_DIR", Path.Combine(Root, "cache")));
            Assert.Equal("relative/dir/", ConfigPaths.Home(env));
        }

        [Fact]
        public void Home_CacheDirIsNext()
        {
            // The cache dir is probed with a real write, so it must exist somewhere writable.
            using var dir = new Olares.Tests.Storage.StorageTestDirectory();
            var cache = Path.Combine(dir.Root, "cache");
            var env = Env(Path.Combine(Root, "home"), ("OLARES_CLI_HOME", ""), ("OLARES_CLI_CACHE_DIR", cache));
            Assert.Equal(Path.Combine(cache, "config"), ConfigPaths.Home(env));
        }

        [Fact]
        public void Home_ThenUserHome()
        {
            Assert.Equal(Path.Combine(Root, "home", ".olares-cli"), ConfigPaths.Home(Env(Path.Combine(Root, "home"))));
        }

        [Fact]
        public void Home_NothingResolvable_IsAConfigError()
        {
            Assert.Throws<OlaresConfigException>(() => ConfigPaths.Home(Env(null)));
        }

        [Theory]
        [InlineData("alice@olares.com", "alice@olares.com")]
        [InlineData("weird/id", "weird_id")]
        [InlineData("../../escape", ".._.._escape")]
        [InlineData("", "_")]
        [InlineData("a\\b:c*d?e\"f<g>h|i", "a_b_c_d_e_f_g_h_i")]
        [InlineData("tab\there\0nul\u001f", "tab_here_nul_")]
        [InlineData("sp ace~é", "sp ace~é")]
        public void SanitizeLockName_FollowsOlaresCli(string id, string expected)
        {
            Assert.Equal(expected, ConfigPaths.SanitizeLockName(id));
        }

        [Fact]
        public void LockPaths()
        {
            var home = Path.Combine(Root, "h");
            Assert.Equal(Path.Combine(home, "config.json"), ConfigPaths.ConfigFile(home));
            Assert.Equal(Path.Combine(home, "locks"), ConfigPaths.LocksDirectory(home));
            Assert.Equal(Path.Combine(home, "locks", "config.lock"), ConfigPaths.ConfigLockPath(home));
            Assert.Equal(Path.Combine(home, "locks", "alice@olares.com.refresh.lock"), ConfigPaths.RefreshLockPath(home, "alice@olares.com"));
            Assert.Equal(Path.Combine(home, "locks", ".._x.refresh.lock"), ConfigPaths.RefreshLockPath(home, "../x"));
        }
    }
}
