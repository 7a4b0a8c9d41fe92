using System;
using System.ComponentModel;
using System.Diagnostics;
using System.IO;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;

namespace Olares.Locking
{
    /// <summary>
    /// An exclusive, advisory, cross-process lock on a file, using the same primitive as gofrs/flock so that
    /// olares-cli and this module exclude each other: flock(2) LOCK_EX on Unix, a 1-byte LockFileEx range at
    /// offset 0 on Windows. The kernel drops the lock when the holder dies, so there is no stale-lock logic,
    /// and the file is never deleted (deleting a lock file lets two holders lock different inodes).
    /// On Unix we call flock ourselves rather than relying on FileShare.None, which
    /// DOTNET_SYSTEM_IO_DISABLEFILELOCKING silently turns off.
    /// </summary>
    public sealed class FileLock : IDisposable
    {
        public static readonly TimeSpan DefaultPollInterval = TimeSpan.FromMilliseconds(100);

        private readonly UnixLockHandle? _unix;
        private readonly FileStream? _windows;
        private int _disposed;

        private FileLock(string path, UnixLockHandle? unix, FileStream? windows)
        {
            Path = path;
            _unix = unix;
            _windows = windows;
        }

        public string Path { get; }

        /// <summary>One non-blocking attempt. Returns null when another holder has the lock.</summary>
        public static FileLock? TryAcquire(string path)
        {
            EnsureDirectory(path);
            return RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? TryAcquireWindows(path) : TryAcquireUnix(path);
        }

        /// <summary>
        /// Polls <see cref="TryAcquire"/> until it succeeds, <paramref name="timeout"/> passes (returns null) or
        /// <paramref name="cancellationToken"/> is cancelled (throws OperationCanceledException).
        /// </summary>
        public static async Task<FileLock?> AcquireAsync(string path, TimeSpan timeout, TimeSpan pollInterval, CancellationToken cancellationToken)
        {
            var watch = Stopwatch.StartNew();
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var held = TryAcquire(path);
                if (held != null) return held;
                var left = timeout - watch.Elapsed;
                if (left <= TimeSpan.Zero) return null;
                await Task.Delay(left < pollInterval ? left : pollInterval, cancellationToken).ConfigureAwait(false);
            }
        }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
            if (_unix != null)
            {
                // Closing the descriptor releases the flock.
                _unix.Dispose();
            }

            if (_windows != null)
            {
                try
                {
                    _windows.Unlock(0, 1);
                }
                catch (IOException)
                {
                    // Closing the handle releases the range anyway.
                }

                _windows.Dispose();
            }
        }

        private static void EnsureDirectory(string path)
        {
            var dir = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
            if (!string.IsNullOrEmpty(dir)) Olares.Storage.SecureFile.EnsurePrivateDirectory(dir!);
        }

        private static FileLock? TryAcquireWindows(string path)
        {
            // ReadWrite sharing so that olares-cli's own open of the same file still succeeds; the exclusion
            // comes from the byte-range lock, exactly as gofrs/flock does it.
            // No FileShare.Delete: a lock file deleted while held would let the next opener lock a new file.
            var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite);
            try
            {
                stream.Lock(0, 1);
                return new FileLock(path, null, stream);
            }
            catch (IOException)
            {
                stream.Dispose();
                return null;
            }
        }

        private static FileLock? TryAcquireUnix(string path)
        {
            var handle = UnixLockHandle.Open(path);
            try
            {
                if (handle.TryLockExclusive()) return new FileLock(path, handle, null);
            }
            catch
            {
                handle.Dispose();
                throw;
            }

            handle.Dispose();
            return null;
        }

        /// <summary>A raw descriptor from open(2), locked with flock(2).</summary>
        private sealed class UnixLockHandle : IDisposable
        {
            private const int LOCK_EX = 2;
            private const int LOCK_NB = 4;
            private int _fd;

            private UnixLockHandle(int fd)
            {
                _fd = fd;
            }

            public static UnixLockHandle Open(string path)
            {
                // O_RDWR | O_CLOEXEC | O_NOFOLLOW: never follow a planted symlink; children must not inherit it.
                // open(2) is variadic, and a variadic mode argument is not passed correctly by P/Invoke on every
                // ABI (Apple silicon), so a missing file is created separately (exclusively, 0600).
                var flags = UnixOpenFlags.ReadWriteCloseOnExecNoFollow(
                    RuntimeInformation.IsOSPlatform(OSPlatform.OSX), RuntimeInformation.ProcessArchitecture);
                for (var attempt = 0; ; attempt++)
                {
                    var fd = NativeMethods.open(path, flags);
                    if (fd >= 0) return new UnixLockHandle(fd);
                    var errno = Marshal.GetLastWin32Error();
                    if (errno == Eintr) continue;
                    if (errno == Enoent && attempt < 3)
                    {
                        CreateExclusive(path);
                        continue;
                    }

                    throw new IOException("Cannot open lock file " + path + ": " + new Win32Exception(errno).Message, errno);
                }
            }

            /// <summary>
            /// O_CREAT|O_EXCL with mode 0600: fails rather than follow a symlink planted at the path (creat(2) would
            /// follow it and truncate its target). Losing the race to another creator is fine.
            /// </summary>
            private static void CreateExclusive(string path)
            {
                try
                {
#if NET
                    new FileStream(path, new FileStreamOptions
                    {
                        Mode = FileMode.CreateNew,
                        Access = FileAccess.ReadWrite,
                        Share = FileShare.ReadWrite,
                        UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
                    }).Dispose();
#else
                    new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.ReadWrite).Dispose();
#endif
                }
                catch (IOException)
                {
                    // It exists now (another process created it, or something was planted): open(2) decides.
                }
            }

            private static int Enoent => 2;

            private static int Eintr => 4;

            private static bool IsWouldBlock(int errno) =>
                errno == (RuntimeInformation.IsOSPlatform(OSPlatform.OSX) ? 35 : 11);

            public bool TryLockExclusive()
            {
                while (true)
                {
                    if (NativeMethods.flock(_fd, LOCK_EX | LOCK_NB) == 0) return true;
                    var errno = Marshal.GetLastWin32Error();
                    if (errno == Eintr) continue;
                    if (IsWouldBlock(errno)) return false;
                    // A file system that cannot lock must not pass for a lock that is held.
                    throw new IOException("flock failed: " + new Win32Exception(errno).Message, errno);
                }
            }

            public void Dispose()
            {
                var fd = Interlocked.Exchange(ref _fd, -1);
                if (fd >= 0) NativeMethods.close(fd);
            }
        }

        private static class NativeMethods
        {
            [DllImport("libc", SetLastError = true)]
            public static extern int open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

            [DllImport("libc", SetLastError = true)]
            public static extern int flock(int fd, int operation);

            [DllImport("libc", SetLastError = true)]
            public static extern int close(int fd);
        }
    }
}
