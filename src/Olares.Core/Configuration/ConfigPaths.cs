using System;
using System.IO;
using System.Text;
using Olares.Errors;
using Olares.Platform;

namespace Olares.Configuration
{
    /// <summary>
    /// Where olares-cli (and therefore this module) keeps its configuration: the directory rules of
    /// cli/pkg/cliconfig/paths.go and the lock-name sanitising of cli/internal/lockfile, so both tools share one
    /// config.json and exclude each other through the same lock files.
    /// </summary>
    public static class ConfigPaths
    {
        public const string HomeVariable = "OLARES_CLI_HOME";
        public const string CacheDirVariable = CacheDirectory.Variable;
        public const string DefaultDirectoryName = ".olares-cli";
        public const string ConfigFileName = "config.json";
        public const string LocksDirectoryName = "locks";
        public const string ConfigLockFileName = "config.lock";

        /// <summary>
        /// The config directory: $OLARES_CLI_HOME verbatim, else &lt;cache base&gt;/config inside an app container
        /// (see <see cref="CacheDirectory"/>: $OLARES_CLI_CACHE_DIR once a real write there succeeded, else
        /// &lt;temp&gt;/olares-cli-&lt;uid&gt;), else &lt;home&gt;/.olares-cli. Only the cache probe creates anything.
        /// </summary>
        /// <exception cref="OlaresConfigException">None of the three can be resolved.</exception>
        public static string Home(OlaresEnvironment env)
        {
            if (env == null) throw new ArgumentNullException(nameof(env));
            var explicitHome = env.GetVariable(HomeVariable);
            if (explicitHome != null) return explicitHome;
            var cacheBase = CacheDirectory.Base(env);
            if (cacheBase != null) return Path.Combine(cacheBase, CacheDirectory.ConfigSubdirectory);
            if (!string.IsNullOrEmpty(env.HomeDirectory)) return Path.Combine(env.HomeDirectory!, DefaultDirectoryName);
            throw new OlaresConfigException("~/" + DefaultDirectoryName,
                "the user's home directory cannot be determined; set OLARES_CLI_HOME to the configuration directory");
        }

        public static string ConfigFile(string home) => Path.Combine(RequireHome(home), ConfigFileName);

        public static string LocksDirectory(string home) => Path.Combine(RequireHome(home), LocksDirectoryName);

        /// <summary>&lt;home&gt;/locks/&lt;SanitizeLockName(olaresId)&gt;.refresh.lock (the lock olares-cli's refresher takes).</summary>
        public static string RefreshLockPath(string home, string olaresId) =>
            Path.Combine(LocksDirectory(home), SanitizeLockName(olaresId) + ".refresh.lock");

        /// <summary>&lt;home&gt;/locks/config.lock, which serialises read-modify-write cycles on config.json.</summary>
        public static string ConfigLockPath(string home) => Path.Combine(LocksDirectory(home), ConfigLockFileName);

        /// <summary>
        /// Makes an id usable as a file name exactly as olares-cli does: an empty id becomes "_"; every character
        /// below U+0020 and each of / \ : * ? " &lt; &gt; | becomes "_"; everything else, '@' and '.' included, is
        /// kept. "alice@olares.com" stays as is, "weird/id" becomes "weird_id", "../../escape" becomes
        /// ".._.._escape" (no separator survives, so the result never leaves the locks directory).
        /// </summary>
        public static string SanitizeLockName(string id)
        {
            if (string.IsNullOrEmpty(id)) return "_";
            var builder = new StringBuilder(id.Length);
            foreach (var c in id)
            {
                switch (c)
                {
                    case '/':
                    case '\\':
                    case ':':
                    case '*':
                    case '?':
                    case '"':
                    case '<':
                    case '>':
                    case '|':
                        builder.Append('_');
                        break;
                    default:
                        builder.Append(c < (char)0x20 ? '_' : c);
                        break;
                }
            }

            return builder.ToString();
        }

        private static string RequireHome(string home)
        {
            if (string.IsNullOrEmpty(home)) throw new ArgumentException("The configuration directory is required.", nameof(home));
            return home;
        }
    }
}
