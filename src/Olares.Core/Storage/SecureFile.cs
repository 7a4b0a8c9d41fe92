using System;
using System.IO;
using System.Runtime.InteropServices;
using System.Threading;

namespace Olares.Storage
{
    /// <summary>
    /// Private files and directories: directories 0700, files 0600 (owner-only on Unix), written atomically
    /// (temp file in the same directory, flushed to disk, then renamed over the target), so a reader or a crash
    /// sees either the old content or the new, never a torn file.
    /// </summary>
    public static class SecureFile
    {
        private static int _counter;

        public static bool IsUnix => !RuntimeInformation.IsOSPlatform(OSPlatform.Windows);

        /// <summary>
        /// Creates <paramref name="path"/> and every missing parent with mode 0700 from the start (as Go's
        /// os.MkdirAll(dir, 0700) in olares-cli): .NET's CreateDirectory(path, mode) gives the mode to the last
        /// directory only and leaves the parents it creates at the umask default (0755). Existing directories are
        /// left as they are.
        /// </summary>
        public static void EnsurePrivateDirectory(string path)
        {
            if (Directory.Exists(path)) return;
#if NET
            if (!OperatingSystem.IsWindows())
            {
                var missing = new System.Collections.Generic.Stack<string>();
                for (var dir = Path.GetFullPath(path); !string.IsNullOrEmpty(dir) && !Directory.Exists(dir); dir = Path.GetDirectoryName(dir))
                {
                    missing.Push(dir);
                }

                while (missing.Count > 0)
                {
                    Directory.CreateDirectory(missing.Pop(), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
                }

                return;
            }
#endif
            Directory.CreateDirectory(path);
        }

        /// <summary>Writes <paramref name="content"/> to <paramref name="path"/> atomically with mode 0600.</summary>
        public static void WriteAllBytesAtomic(string path, byte[] content)
        {
            var full = Path.GetFullPath(path);
            var dir = Path.GetDirectoryName(full)!;
            EnsurePrivateDirectory(dir);
            var temp = TempNameFor(full);
            try
            {
                using (var stream = CreatePrivate(temp))
                {
                    stream.Write(content, 0, content.Length);
                    stream.Flush(true);
                }

                Replace(temp, full);
            }
            catch
            {
                TryDelete(temp);
                throw;
            }
        }

        /// <summary>
        /// Creates <paramref name="path"/> with <paramref name="content"/> (mode 0600) only if it does not exist yet, and
        /// atomically: the content is written to a temp file first and then linked into place with link(2), which
        /// fails instead of overwriting (rename(2) and .NET's File.Move both replace or check-then-rename). Returns
        /// false, leaving the existing file untouched, when another writer created the file first. Readers never see
        /// a partial file. Used for key files, where two racing creators must end up sharing one key.
        /// </summary>
        public static bool TryWriteNewFileAtomic(string path, byte[] content)
        {
            var full = Path.GetFullPath(path);
            var dir = Path.GetDirectoryName(full)!;
            EnsurePrivateDirectory(dir);
            if (File.Exists(full)) return false;
            var temp = TempNameFor(full);
            try
            {
                using (var stream = CreatePrivate(temp))
                {
                    stream.Write(content, 0, content.Length);
                    stream.Flush(true);
                }

                if (IsUnix)
                {
                    if (NativeMethods.link(temp, full) == 0) return true;
                    var errno = Marshal.GetLastWin32Error();
                    if (errno == 17 /* EEXIST, same on Linux and macOS */) return false;
                    // File systems without hard links (some FUSE/SMB mounts): fall back to O_CREAT|O_EXCL, which is
                    // still exclusive, though a concurrent reader may briefly see a short file.
                    return TryCreateExclusive(full, content);
                }

                try
                {
                    // MoveFileEx without MOVEFILE_REPLACE_EXISTING fails atomically when the target exists.
                    File.Move(temp, full);
                    return true;
                }
                catch (IOException) when (File.Exists(full))
                {
                    return false;
                }
            }
            finally
            {
                TryDelete(temp);
            }
        }

        private static bool TryCreateExclusive(string full, byte[] content)
        {
            FileStream stream;
            try
            {
                stream = CreatePrivate(full);
            }
            catch (IOException) when (File.Exists(full))
            {
                return false;
            }

            var written = false;
            try
            {
                using (stream)
                {
                    stream.Write(content, 0, content.Length);
                    stream.Flush(true);
                }

                written = true;
                return true;
            }
            finally
            {
                if (!written) TryDelete(full);
            }
        }

        private static string TempNameFor(string full) =>
            Path.Combine(Path.GetDirectoryName(full)!, "." + Path.GetFileName(full) + ".tmp-" +
                System.Diagnostics.Process.GetCurrentProcess().Id + "-" + Interlocked.Increment(ref _counter) + "-" + Guid.NewGuid().ToString("N").Substring(0, 8));

        /// <summary>Creates a new file readable and writable by the owner only (fails if it exists).</summary>
        public static FileStream CreatePrivate(string path)
        {
#if NET
            if (!OperatingSystem.IsWindows())
            {
                return new FileStream(path, new FileStreamOptions
                {
                    Mode = FileMode.CreateNew,
                    Access = FileAccess.Write,
                    Share = FileShare.None,
                    UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
                });
            }
#endif
            return new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None);
        }

        /// <summary>Renames <paramref name="source"/> over <paramref name="destination"/> (rename(2) / MoveFileEx replace).</summary>
        public static void Replace(string source, string destination)
        {
#if NET
            File.Move(source, destination, overwrite: true);
#else
            if (File.Exists(destination))
            {
                // ReplaceFile keeps the operation atomic on NTFS; readers that opened without FileShare.Delete
                // make it fail, so retry briefly (antivirus and indexers hold files for a moment too).
                for (var attempt = 0; ; attempt++)
                {
                    try
                    {
                        File.Replace(source, destination, null, ignoreMetadataErrors: true);
                        return;
                    }
                    catch (IOException) when (attempt < 20)
                    {
                        Thread.Sleep(50);
                    }
                    catch (UnauthorizedAccessException) when (attempt < 20)
                    {
                        Thread.Sleep(50);
                    }
                }
            }

            File.Move(source, destination);
#endif
        }

        public static void TryDelete(string path)
        {
            try
            {
                if (File.Exists(path)) File.Delete(path);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        private static class NativeMethods
        {
            [DllImport("libc", SetLastError = true)]
            public static extern int link([MarshalAs(UnmanagedType.LPUTF8Str)] string oldPath, [MarshalAs(UnmanagedType.LPUTF8Str)] string newPath);
        }
    }
}
