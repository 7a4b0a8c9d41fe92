using System.Text;
using Olares.Configuration;
using Olares.Errors;
using Olares.Tests.Storage;
using Xunit;

namespace Olares.Tests.Configuration
{
    public sealed class ModuleSettingsStoreTests : IDisposable
    {
        private readonly StorageTestDirectory _dir = new StorageTestDirectory();
        private readonly ModuleSettingsStore _store;

        public ModuleSettingsStoreTests()
        {
            _store = new ModuleSettingsStore(_dir.Path);
        }

        public void Dispose() => _dir.Dispose();

        [Fact]
        public void SetGet_RoundTrip_InItsOwnFile()
        {
            _store.Set("alice@olares.com", new ModuleProfileSettings
            {
                ServiceUrlTemplate = "https://{service}.alice.example",
                ServiceUrls = new Dictionary<string, string> { ["files"] = "https://files.local" },
            });

            Assert.Equal(Path.Combine(_dir.Path, "olares-powershell.json"), _store.FilePath);
            Assert.Equal("{\n  \"profiles\": {\n    \"alice@olares.com\": {\n      \"serviceUrlTemplate\": \"https://{service}.alice.example\",\n" +
                "      \"serviceUrls\": {\n        \"files\": \"https://files.local\"\n      }\n    }\n  }\n}", File.ReadAllText(_store.FilePath));
            var back = _store.Get("alice@olares.com")!;
            Assert.Equal("https://files.local", back.ServiceUrls!["files"]);
            Assert.Null(_store.Get("bob@olares.com"));
            Assert.False(File.Exists(Path.Combine(_dir.Path, "config.json")));
            if (StorageTestDirectory.IsUnix)
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, StorageTestDirectory.Mode(_store.FilePath));
            }
        }

        [Fact]
        public void SetNull_Removes_AndKeepsOtherProfilesAndUnknownKeys()
        {
            Directory.CreateDirectory(_dir.Path);
            File.WriteAllText(_store.FilePath,
                "{\"profiles\":{\"a\":{\"serviceUrlTemplate\":\"t\",\"future\":1},\"b\":{\"serviceUrlTemplate\":\"u\"}},\"version\":2}");

            _store.Set("b", null);

            Assert.Null(_store.Get("b"));
            Assert.Equal("t", _store.Get("a")!.ServiceUrlTemplate);
            var text = File.ReadAllText(_store.FilePath);
            Assert.Contains("\"future\": 1", text);
            Assert.Contains("\"version\": 2", text);
        }

        [Fact]
        public void Get_MissingFile_IsNull()
        {
            Assert.Null(_store.Get("a"));
            _store.Set("a", null);
            Assert.False(File.Exists(_store.FilePath));
        }

        [Theory]
        [InlineData("{oops")]
        [InlineData("{\"profiles\":[]}")]
        [InlineData("{\"profiles\":{\"a\":{\"serviceUrls\":{\"files\":5}}}}")]
        public void Corrupt_IsATypedError_AndUntouched(string text)
        {
            Directory.CreateDirectory(_dir.Path);
            File.WriteAllText(_store.FilePath, text, new UTF8Encoding(false));

            Assert.Throws<OlaresConfigException>(() => _store.Get("a"));
            Assert.Throws<OlaresConfigException>(() => _store.Set("a", new ModuleProfileSettings { ServiceUrlTemplate = "x" }));
            Assert.Equal(text, File.ReadAllText(_store.FilePath));
        }
    }
}
