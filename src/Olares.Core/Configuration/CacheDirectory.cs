using System;
using System.Collections.Concurrent;
using System.IO;
using Olares.Platform;
using Olares.Storage;

namespace Olares.Configuration
{
    /// <summary>
    /// The writable state base inside an Olares app container (olares-cli's cli/internal/cachedir): the platform
    /// sets $OLARES_CLI_CACHE_DIR (an emptyDir at /olares/cache), and config.json, the token store and the locks
    /// all move under it, so the module and olares-cli in one container share them. The directory is trusted only
    /// after a real write succeeds in it (sandboxes leave it looking writable and refuse every write); otherwise
    /// the stable per-user fallback &lt;temp&gt;/olares-cli-&lt;uid&gt; is used, and when neither works the host
    /// locations apply. On a host (variable unset) nothing is probed or created.
    /// </summary>
    public static class CacheDirectory
    {
        public const string Variable = "OLARES_CLI_CACHE_DIR";
        public const string ConfigSubdirectory = "config";
        public const string KeychainSubdirectory = "keychain";

        private static readonly ConcurrentDictionary<string, Lazy<string?>> Memo = new ConcurrentDictionary<string, Lazy<string?>>(StringComparer.Ordinal);

        /// <summary>
        /// The probed base directory, or null when the variable is unset, not absolute, or neither it nor the
        /// fallback can be written. Memoized per (variable, temp dir, uid), as olares-cli does, so the probe runs
        /// once per process and not before every command (and a command never sees two answers).
        /// </summary>
        public static string? Base(OlaresEnvironment env)
        {
            if (env == null) throw new ArgumentNullException(nameof(env));
            var configured = env.GetVariable(Variable);
            if (configured == null) return null;
            var key = configured + "\0" + env.TempPath + "\0" + env.UserId;
            return Memo.GetOrAdd(key, _ => new Lazy<string?>(() => Resolve(configured, env.TempPath, env.UserId))).Value;
        }

        /// <summary>The stable fallback: &lt;temp&gt;/olares-cli-&lt;uid&gt; (no uid on Windows: &lt;temp&gt;/olares-cli).</summary>
        public static string Fallback(string tempPath, int? userId) =>
            Path.Combine(tempPath, userId.HasValue ? "olares-cli-" + userId.Value.ToString(System.Globalization.CultureInfo.InvariantCulture) : "olares-cli");

        /// <summary>The resolution itself, without the memo (tests).</summary>
        internal static string? Resolve(string configured, string tempPath, int? userId)
        {
            var cleaned = CleanAbsolute(configured);
            if (cleaned == null)
            {
                OlaresLog.Debug("[cachedir] ignoring relative " + Variable + "=\"" + configured + "\"");
                return null;
            }

            if (IsUsable(cleaned)) return cleaned;
            var fallback = Fallback(tempPath, userId);
            if (IsUsable(fallback))
            {
                OlaresLog.Debug("[cachedir] " + Variable + "=\"" + cleaned + "\" is not writable; using \"" + fallback + "\" instead");
                return fallback;
            }

            OlaresLog.Debug("[cachedir] neither \"" + cleaned + "\" nor \"" + fallback + "\" is writable");
            return null;
        }

        /// <summary>
        /// The writability probe: not a symlink, created (0700) if missing, and a temp file really created and
        /// removed in it. Mode bits and access(2) are not trusted: a Landlock or seccomp sandbox shows 0777 and refuses.
        /// </summary>
        internal static bool IsUsable(string dir)
        {
            try
            {
                if (IsSymlink(dir)) return false;
                SecureFile.EnsurePrivateDirectory(dir);
                var probe = Path.Combine(dir, ".writable-" + Guid.NewGuid().ToString("N"));
                using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None))
                {
                }

                File.Delete(probe);
                return true;
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is NotSupportedException || e is ArgumentException)
            {
                return false;
            }
        }

        /// <summary>Go's filepath.Clean + IsAbs: only an absolute path counts (a relative one would float with the cwd).</summary>
        internal static string? CleanAbsolute(string? path)
        {
            if (string.IsNullOrEmpty(path)) return null;
#if NET
            if (!Path.IsPathFullyQualified(path)) return null;
#else
            if (!Path.IsPathRooted(path) || path!.StartsWith(@"\", StringComparison.Ordinal) && !path.StartsWith(@"\\", StringComparison.Ordinal)) return null;
#endif
            string full;
            try
            {
                full = Path.GetFullPath(path);
            }
            catch (Exception e) when (e is ArgumentException || e is NotSupportedException || e is PathTooLongException)
            {
                return null;
            }

            var trimmed = full.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
            return trimmed.Length == 0 || trimmed.EndsWith(":", StringComparison.Ordinal) ? full : trimmed;
        }

        private static bool IsSymlink(string path)
        {
#if NET
            // lstat: a link (dangling or not) is reported as such, whatever it points at.
            return new FileInfo(path).LinkTarget != null;
#else
            return (File.Exists(path) || Directory.Exists(path)) && (File.GetAttributes(path) & FileAttributes.ReparsePoint) != 0;
#endif
        }
    }
}
