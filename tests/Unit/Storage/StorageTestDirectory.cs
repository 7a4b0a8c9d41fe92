using System.Runtime.InteropServices;

namespace Olares.Tests.Storage
{
    /// <summary>A unique temp directory, deleted on dispose. <see cref="Path"/> itself is not created (tests check modes).</summary>
    internal sealed class StorageTestDirectory : IDisposable
    {
        private readonly string _root;

        public StorageTestDirectory()
        {
            _root = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "olares-tests-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(_root);
            Path = System.IO.Path.Combine(_root, "home");
        }

        /// <summary>A path inside the temp root that does not exist yet.</summary>
        public string Path { get; }

        public string Root => _root;

        public static bool IsUnix => !RuntimeInformation.IsOSPlatform(OSPlatform.Windows);

        public string Combine(params string[] parts) => System.IO.Path.Combine(new[] { Path }.Concat(parts).ToArray());

        public void Dispose()
        {
            try
            {
                if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        public static UnixFileMode Mode(string path)
        {
            if (OperatingSystem.IsWindows()) throw new PlatformNotSupportedException("Unix modes only.");
            return File.GetUnixFileMode(path);
        }
    }
}
