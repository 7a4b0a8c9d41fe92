using System.Text;
using System.Text.Json;
using Olares.Configuration;
using Olares.Errors;
using Olares.Locking;
using Olares.Tests.Storage;
using Xunit;

namespace Olares.Tests.Configuration
{
    public sealed class CliConfigStoreTests : IDisposable
    {
        private readonly StorageTestDirectory _dir = new StorageTestDirectory();
        private readonly CliConfigStore _store;

        public CliConfigStoreTests()
        {
            _store = new CliConfigStore(_dir.Path);
        }

        public void Dispose() => _dir.Dispose();

        private void WriteRaw(string text)
        {
            Directory.CreateDirectory(_dir.Path);
            File.WriteAllText(_store.FilePath, text, new UTF8Encoding(false));
        }

        [Fact]
        public void Load_MissingEmptyOrBlankFile_IsAnEmptyConfig()
        {
            Assert.Empty(_store.Load().Profiles);
            WriteRaw("");
            Assert.Empty(_store.Load().Profiles);
            WriteRaw(" \n");
            Assert.Null(_store.Load().CurrentProfile);
            WriteRaw("null");
            Assert.Empty(_store.Load().Profiles);
        }

        [Fact]
        public void RoundTrip_KeepsUnknownKeys_AndWritesTwoSpaceIndentedOlaresCliLayout()
        {
            const string original = "{\n" +
                "  \"currentProfile\": \"home\",\n" +
                "  \"profiles\": [\n" +
                "    {\n" +
                "      \"name\": \"home\",\n" +
                "      \"olaresId\": \"alice@olares.com\",\n" +
                "      \"insecureSkipVerify\": true,\n" +
                "      \"whoamiRefreshedAt\": 1700000000,\n" +
                "      \"clusterContext\": {\n" +
                "        \"username\": \"alice\",\n" +
                "        \"workspaces\": [\n" +
                "          \"w1\"\n" +
                "        ]\n" +
                "      },\n" +
                "      \"managed\": true,\n" +
                "      \"futureProfileField\": {\n" +
                "        \"nested\": [\n" +
                "          1,\n" +
                "          2\n" +
                "        ]\n" +
                "      }\n" +
                "    }\n" +
                "  ],\n" +
                "  \"futureTopLevel\": \"keep me\"\n" +
                "}";
            WriteRaw(original);

            var config = _store.Load();
            Assert.Equal("alice", config.Profiles[0].ClusterContext!.Value.GetProperty("username").GetString());
            _store.Save(config);

            Assert.Equal(original, File.ReadAllText(_store.FilePath));
        }

        [Fact]
        public void Save_OmitsEmptyFields_ButAlwaysWritesOlaresId()
        {
            var config = new CliConfig();
            config.Profiles.Add(new ProfileConfig { OlaresId = "", Name = "", UserUid = "" });
            _store.Save(config);
            Assert.Equal("{\n  \"profiles\": [\n    {\n      \"olaresId\": \"\"\n    }\n  ]\n}", File.ReadAllText(_store.FilePath));

            _store.Save(new CliConfig());
            Assert.Equal("{}", File.ReadAllText(_store.FilePath));
        }

        [Fact]
        public void Save_WritesEveryKnownFieldWithOlaresCliNames()
        {
            var profile = new ProfileConfig
            {
                Name = "n", OlaresId = "i", UserUid = "u", AuthUrlOverride = "a", LocalUrlPrefix = "l", InsecureSkipVerify = true,
                OwnerRole = "owner", WhoamiRefreshedAt = 1, ClusterContext = JsonDocument.Parse("{}").RootElement.Clone(),
                ClusterContextRefreshedAt = 2, BackendVersion = "v", BackendVersionRefreshedAt = 3, Location = "lan",
                LocationProbedAt = 4, LocationUnreachableAt = 5, Managed = true, AppName = "app",
            };
            var json = Encoding.UTF8.GetString(Olares.Storage.OlaresJson.SerializeIndented(profile));
            var names = JsonDocument.Parse(json).RootElement.EnumerateObject().Select(p => p.Name).ToArray();
            Assert.Equal(new[]
            {
                "name", "olaresId", "userUid", "authUrlOverride", "localUrlPrefix", "insecureSkipVerify", "ownerRole", "whoamiRefreshedAt",
                "clusterContext", "clusterContextRefreshedAt", "backendVersion", "backendVersionRefreshedAt", "location", "locationProbedAt",
                "locationUnreachableAt", "managed", "appName",
            }, names);
            Assert.DoesNotContain("displayName", json, StringComparison.OrdinalIgnoreCase);
        }

        [Theory]
        [InlineData("{not json")]
        [InlineData("[]")]
        [InlineData("{\"profiles\": {\"olaresId\": \"a\"}}")]
        [InlineData("{\"profiles\": [{\"olaresId\": \"a\", \"whoamiRefreshedAt\": \"yesterday\"}]}")]
        [InlineData("{\"currentProfile\": 5}")]
        [InlineData("{\"profiles\": [null]}")]
        public void Corrupt_IsATypedError_AndTheFileIsUntouched(string text)
        {
            WriteRaw(text);
            var before = File.ReadAllBytes(_store.FilePath);

            var e = Assert.Throws<OlaresConfigException>(() => _store.Load());
            Assert.Equal(_store.FilePath, e.Path);
            Assert.Throws<OlaresConfigException>(() => _store.Update(c => c.Upsert(new ProfileConfig { OlaresId = "x@y.z" }, true)));

            Assert.Equal(before, File.ReadAllBytes(_store.FilePath));
        }

        [Fact]
        public void Load_ToleratesABom_AndGoStyleKeyCase()
        {
            Directory.CreateDirectory(_dir.Path);
            File.WriteAllText(_store.FilePath, "{\"CurrentProfile\":\"a\",\"profiles\":[{\"OlaresID\":\"a\"}]}", new UTF8Encoding(true));
            var config = _store.Load();
            Assert.Equal("a", config.Current()!.OlaresId);
        }

        [Fact]
        public void Save_IsAtomic_LeavesNoTempFiles_AndUsesPrivateModes()
        {
            for (var i = 0; i < 5; i++)
            {
                var config = new CliConfig();
                config.Upsert(new ProfileConfig { OlaresId = "u" + i + "@o.com" }, true);
                _store.Save(config);
            }

            Assert.Equal(new[] { "config.json" }, Directory.GetFiles(_dir.Path).Select(Path.GetFileName).ToArray());
            if (StorageTestDirectory.IsUnix)
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, StorageTestDirectory.Mode(_store.FilePath));
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, StorageTestDirectory.Mode(_dir.Path));
            }
        }

        [Fact]
        public void Update_ReReadsUnderTheLock()
        {
            var stale = _store.Load();
            var other = new CliConfigStore(_dir.Path);
            var otherConfig = other.Load();
            otherConfig.Upsert(new ProfileConfig { OlaresId = "other@o.com" }, true);
            other.Save(otherConfig);

            var count = _store.Update(c =>
            {
                c.Upsert(new ProfileConfig { OlaresId = "mine@o.com" }, false);
                return c.Profiles.Count;
            });

            Assert.Empty(stale.Profiles);
            Assert.Equal(2, count);
            Assert.Equal(new[] { "other@o.com", "mine@o.com" }, _store.Load().Profiles.Select(p => p.OlaresId));
            Assert.True(File.Exists(Path.Combine(_dir.Path, "locks", "config.lock")));
        }

        [Fact]
        public async Task Update_ConcurrentWriters_LoseNothing()
        {
            var tasks = Enumerable.Range(0, 4).Select(t => Task.Run(() =>
            {
                var store = new CliConfigStore(_dir.Path);
                for (var i = 0; i < 8; i++) store.Update(c => c.Upsert(new ProfileConfig { OlaresId = $"u{t}-{i}@o.com" }, false));
            })).ToArray();
            await Task.WhenAll(tasks);

            Assert.Equal(32, _store.Load().Profiles.Count);
        }

        [Fact]
        public void Update_WhenMutateThrows_WritesNothing()
        {
            WriteRaw("{\"profiles\":[{\"olaresId\":\"a\"}]}");
            var before = File.ReadAllBytes(_store.FilePath);
            Assert.Throws<InvalidOperationException>(() => _store.Update<int>(c =>
            {
                c.Profiles.Clear();
                throw new InvalidOperationException("boom");
            }));
            Assert.Equal(before, File.ReadAllBytes(_store.FilePath));
        }

        [Fact]
        public void Update_IsReentrantOnOneThread()
        {
            var settings = new ModuleSettingsStore(_dir.Path) { LockTimeout = TimeSpan.FromMilliseconds(300) };
            _store.Update(c =>
            {
                settings.Set("a@o.com", new ModuleProfileSettings { ServiceUrlTemplate = "https://{0}.x" });
                return c.Upsert(new ProfileConfig { OlaresId = "a@o.com" }, true);
            });
            Assert.Equal("https://{0}.x", settings.Get("a@o.com")!.ServiceUrlTemplate);
        }

        [Fact]
        public void Update_LockHeldElsewhere_TimesOutWithATypedError()
        {
            _store.LockTimeout = TimeSpan.FromMilliseconds(300);
            using var held = FileLock.TryAcquire(ConfigPaths.ConfigLockPath(_dir.Path));
            Assert.NotNull(held);
            var started = DateTime.UtcNow;

            var e = Assert.Throws<OlaresException>(() => _store.Update(c => c.Profiles.Count));

            Assert.Equal("OlaresConfigLockTimeout", e.ErrorId);
            Assert.Equal(OlaresErrorKind.ResourceBusy, e.Kind);
            Assert.True(DateTime.UtcNow - started >= TimeSpan.FromMilliseconds(250));
            Assert.False(File.Exists(_store.FilePath));
        }

        [Fact]
        public void Update_Cancelled_Throws()
        {
            using var held = FileLock.TryAcquire(ConfigPaths.ConfigLockPath(_dir.Path));
            using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(150));
            Assert.ThrowsAny<OperationCanceledException>(() => _store.Update(c => 0, cts.Token));
        }
    }
}
