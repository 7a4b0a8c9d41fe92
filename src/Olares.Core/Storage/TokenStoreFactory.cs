using System;
using System.IO;
using Olares.Configuration;
using Olares.Platform;

namespace Olares.Storage
{
    /// <summary>Picks the token-store back-end olares-cli uses on the current OS, at the same location.</summary>
    public static class TokenStoreFactory
    {
        public const string DataDirVariable = "OLARES_CLI_DATA_DIR";
        public const string CacheDirVariable = CacheDirectory.Variable;

        /// <summary>
        /// The directory of the file keychain (service "olares-cli").
        /// Linux: $OLARES_CLI_DATA_DIR/olares-cli (only if absolute), else &lt;cache base&gt;/keychain/olares-cli inside
        /// an app container (the probed $OLARES_CLI_CACHE_DIR or its temp fallback, see <see cref="CacheDirectory"/>;
        /// it moves together with the config dir), else &lt;home&gt;/.local/share/olares-cli, else
        /// &lt;temp&gt;/olares-cli/keychain/olares-cli. macOS: &lt;home&gt;/Library/Application Support/olares-cli (else
        /// the same temp fallback; the variables are not consulted there). Windows has no directory (the registry
        /// is used): PlatformNotSupportedException; see <see cref="StorageLocation"/>.
        /// </summary>
        public static string KeychainDirectory(OlaresEnvironment env)
        {
            if (env == null) throw new ArgumentNullException(nameof(env));
            const string service = KeychainTokenStore.DefaultService;
            switch (env.Os)
            {
                case OsKind.Windows:
                    throw new PlatformNotSupportedException(
                        @"On Windows the token store is the registry key HKCU\" + WindowsKeychain.KeyPathFor(service) + ", not a directory.");
                case OsKind.MacOS:
                    return string.IsNullOrEmpty(env.HomeDirectory)
                        ? TempFallback(env, service)
                        : Path.Combine(env.HomeDirectory!, "Library", "Application Support", service);
                default:
                    var dataDir = CacheDirectory.CleanAbsolute(env.GetVariable(DataDirVariable));
                    if (dataDir != null) return Path.Combine(dataDir, service);
                    var cacheBase = CacheDirectory.Base(env);
                    if (cacheBase != null) return Path.Combine(cacheBase, CacheDirectory.KeychainSubdirectory, service);
                    return string.IsNullOrEmpty(env.HomeDirectory)
                        ? TempFallback(env, service)
                        : Path.Combine(env.HomeDirectory!, ".local", "share", service);
            }
        }

        /// <summary>Where tokens are kept, for messages: the keychain directory, or the registry key on Windows.</summary>
        public static string StorageLocation(OlaresEnvironment env)
        {
            if (env == null) throw new ArgumentNullException(nameof(env));
            return env.Os == OsKind.Windows
                ? @"HKCU\" + WindowsKeychain.KeyPathFor(KeychainTokenStore.DefaultService)
                : KeychainDirectory(env);
        }

        /// <summary>
        /// The token store olares-cli would use on <c>env.Os</c>: registry+DPAPI on Windows, the file keychain with
        /// a login-Keychain master key on macOS, the file keychain with master.key on Linux.
        /// </summary>
        public static ITokenStore CreateDefault(OlaresEnvironment env) => new KeychainTokenStore(CreateKeychain(env));

        /// <summary>The <see cref="IKeychain"/> behind <see cref="CreateDefault"/>.</summary>
        public static IKeychain CreateKeychain(OlaresEnvironment env)
        {
            if (env == null) throw new ArgumentNullException(nameof(env));
            switch (env.Os)
            {
                case OsKind.Windows:
                    return new WindowsKeychain();
                case OsKind.MacOS:
                    var macDir = KeychainDirectory(env);
                    return new FileKeychain(macDir, new MacMasterKeySource(macDir, new SecurityToolKeychain()));
                default:
                    var dir = KeychainDirectory(env);
                    return new FileKeychain(dir, new FileMasterKeySource(dir));
            }
        }

        private static string TempFallback(OlaresEnvironment env, string service) =>
            Path.Combine(env.TempPath, "olares-cli", "keychain", service);
    }
}
