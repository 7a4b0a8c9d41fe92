using System;
using System.Globalization;
using System.IO;
using System.Text.Json;
using System.Threading;
using Olares.Errors;
using Olares.Storage;

namespace Olares.Configuration
{
    /// <summary>
    /// Reads and writes &lt;home&gt;/config.json in olares-cli's format: pretty-printed with a 2-space indent, written
    /// atomically (temp file in the same directory, then rename) with mode 0600 in a 0700 directory. A file that is
    /// not valid JSON of the expected shape is an error, never "no profiles": saving over it would destroy what
    /// olares-cli (or the user) wrote.
    /// </summary>
    public sealed class CliConfigStore
    {
        public CliConfigStore(string home)
        {
            if (string.IsNullOrEmpty(home)) throw new ArgumentException("The configuration directory is required.", nameof(home));
            Home = home;
            FilePath = ConfigPaths.ConfigFile(home);
        }

        public string Home { get; }

        public string FilePath { get; }

        /// <summary>How long <see cref="Update{T}"/> waits for config.lock (olares-cli: 10 s). Settable for tests.</summary>
        internal TimeSpan LockTimeout { get; set; } = ConfigLock.DefaultTimeout;

        /// <summary>Reads config.json. A missing or empty file is an empty configuration.</summary>
        /// <exception cref="OlaresConfigException">Not JSON, or not the shape of config.json.</exception>
        /// <exception cref="OlaresException">ErrorId "OlaresConfigUnreadable": the file exists but cannot be read.</exception>
        public CliConfig Load()
        {
            byte[] data;
            try
            {
                data = File.ReadAllBytes(FilePath);
            }
            catch (FileNotFoundException)
            {
                return new CliConfig();
            }
            catch (DirectoryNotFoundException)
            {
                return new CliConfig();
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw new OlaresException("OlaresConfigUnreadable", OlaresErrorKind.ReadError,
                    string.Format(CultureInfo.InvariantCulture, "Cannot read the Olares configuration file {0}: {1}", FilePath, e.Message), e)
                {
                    Target = FilePath,
                };
            }

            return Parse(data, FilePath);
        }

        /// <summary>Writes config.json atomically (0600, directory 0700), pretty-printed with a 2-space indent.</summary>
        /// <exception cref="OlaresException">ErrorId "OlaresConfigWriteFailed".</exception>
        public void Save(CliConfig config)
        {
            if (config == null) throw new ArgumentNullException(nameof(config));
            Write(FilePath, OlaresJson.SerializeIndented(config));
        }

        /// <summary>
        /// Read-modify-write under &lt;home&gt;/locks/config.lock (shared with olares-cli): takes the lock (100 ms poll,
        /// 10 s timeout), re-reads config.json, applies <paramref name="mutate"/> to that fresh copy, saves it (only if
        /// something changed) and releases the lock. If <paramref name="mutate"/> throws, nothing is written.
        /// </summary>
        /// <exception cref="OlaresException">ErrorId "OlaresConfigLockTimeout" (kind ResourceBusy) when the lock stays taken.</exception>
        public T Update<T>(Func<CliConfig, T> mutate, CancellationToken cancellationToken = default)
        {
            if (mutate == null) throw new ArgumentNullException(nameof(mutate));
            return ConfigLock.Run(Home, LockTimeout, () =>
            {
                var config = Load();
                var before = OlaresJson.SerializeIndented(config);
                var result = mutate(config);
                var after = OlaresJson.SerializeIndented(config);
                if (!before.AsSpan().SequenceEqual(after)) Write(FilePath, after);
                return result;
            }, cancellationToken);
        }

        internal static CliConfig Parse(byte[] data, string path)
        {
            var json = OlaresJson.WithoutBom(data);
            if (OlaresJson.IsBlank(json.Span)) return new CliConfig();
            CliConfig? config;
            try
            {
                config = JsonSerializer.Deserialize<CliConfig>(json.Span, OlaresJson.Compact);
            }
            catch (JsonException e)
            {
                throw new OlaresConfigException(path, Describe(e), e);
            }

            // A literal null decodes to an empty configuration, as in Go.
            config ??= new CliConfig();
            for (var i = 0; i < config.Profiles.Count; i++)
            {
                if (config.Profiles[i] == null)
                {
                    throw new OlaresConfigException(path, string.Format(CultureInfo.InvariantCulture, "profiles[{0}] is null, not a profile object", i));
                }
            }

            return config;
        }

        internal static void Write(string path, byte[] content)
        {
            try
            {
                SecureFile.WriteAllBytesAtomic(path, content);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw new OlaresException("OlaresConfigWriteFailed", OlaresErrorKind.WriteError,
                    string.Format(CultureInfo.InvariantCulture, "Cannot write the Olares configuration file {0}: {1}", path, e.Message), e)
                {
                    Target = path,
                    RecommendedAction = "Check the permissions and free space of " + Path.GetDirectoryName(path) + ".",
                };
            }
        }

        internal static string Describe(JsonException e)
        {
            // JsonException.Message already names the JSON path and line; keep it, it is what the user needs.
            return "it is not valid JSON of the expected shape (" + e.Message + ")";
        }
    }
}
