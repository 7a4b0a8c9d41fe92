using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading;
using Olares.Errors;
using Olares.Storage;

namespace Olares.Configuration
{
    /// <summary>Per-profile settings that only this PowerShell module uses.</summary>
    public sealed class ModuleProfileSettings
    {
        /// <summary>A URL template for every service of the profile (overrides the derived URLs).</summary>
        [JsonPropertyName("serviceUrlTemplate")]
        [OmitEmpty]
        public string? ServiceUrlTemplate { get; set; }

        /// <summary>Per-service URL overrides; key = service name (files, market, ...).</summary>
        [JsonPropertyName("serviceUrls")]
        [OmitEmpty]
        public Dictionary<string, string>? ServiceUrls { get; set; }

        /// <summary>Keys written by a newer module version, preserved round-trip.</summary>
        [JsonExtensionData]
        public Dictionary<string, JsonElement>? ExtensionData { get; set; }

        internal bool IsEmpty =>
            string.IsNullOrEmpty(ServiceUrlTemplate) && (ServiceUrls == null || ServiceUrls.Count == 0) &&
            (ExtensionData == null || ExtensionData.Count == 0);
    }

    /// <summary>
    /// &lt;home&gt;/olares-powershell.json, <c>{"profiles":{"&lt;olaresId&gt;":{...}}}</c>: settings only this module needs.
    /// They are kept out of config.json because olares-cli rewrites config.json and would drop keys it does not
    /// know. Writes are atomic (0600) and happen under the same &lt;home&gt;/locks/config.lock as config.json updates.
    /// </summary>
    public sealed class ModuleSettingsStore
    {
        public const string FileName = "olares-powershell.json";

        public ModuleSettingsStore(string home)
        {
            if (string.IsNullOrEmpty(home)) throw new ArgumentException("The configuration directory is required.", nameof(home));
            Home = home;
            FilePath = Path.Combine(home, FileName);
        }

        public string Home { get; }

        public string FilePath { get; }

        internal TimeSpan LockTimeout { get; set; } = ConfigLock.DefaultTimeout;

        /// <summary>The settings stored for <paramref name="olaresId"/>, or null.</summary>
        /// <exception cref="OlaresConfigException">The file is not valid JSON of the expected shape.</exception>
        public ModuleProfileSettings? Get(string olaresId)
        {
            if (string.IsNullOrEmpty(olaresId)) throw new ArgumentException("The olaresId is required.", nameof(olaresId));
            var file = Load();
            return file.Profiles != null && file.Profiles.TryGetValue(olaresId, out var settings) ? settings : null;
        }

        /// <summary>Stores (or, for null or empty settings, removes) the settings of <paramref name="olaresId"/>.</summary>
        /// <exception cref="OlaresConfigException">The existing file is corrupt; it is left untouched.</exception>
        public void Set(string olaresId, ModuleProfileSettings? settings, CancellationToken cancellationToken = default)
        {
            if (string.IsNullOrEmpty(olaresId)) throw new ArgumentException("The olaresId is required.", nameof(olaresId));
            ConfigLock.Run(Home, LockTimeout, () =>
            {
                var file = Load();
                bool changed;
                if (settings == null || settings.IsEmpty)
                {
                    changed = file.Profiles != null && file.Profiles.Remove(olaresId);
                }
                else
                {
                    file.Profiles ??= new Dictionary<string, ModuleProfileSettings>(StringComparer.Ordinal);
                    file.Profiles[olaresId] = settings;
                    changed = true;
                }

                if (changed) CliConfigStore.Write(FilePath, OlaresJson.SerializeIndented(file));

                return true;
            }, cancellationToken);
        }

        private SettingsFile Load()
        {
            byte[] data;
            try
            {
                data = File.ReadAllBytes(FilePath);
            }
            catch (FileNotFoundException)
            {
                return new SettingsFile();
            }
            catch (DirectoryNotFoundException)
            {
                return new SettingsFile();
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw new OlaresException("OlaresConfigUnreadable", OlaresErrorKind.ReadError,
                    string.Format(CultureInfo.InvariantCulture, "Cannot read the Olares module settings file {0}: {1}", FilePath, e.Message), e)
                {
                    Target = FilePath,
                };
            }

            var json = OlaresJson.WithoutBom(data);
            if (OlaresJson.IsBlank(json.Span)) return new SettingsFile();
            SettingsFile? file;
            try
            {
                file = JsonSerializer.Deserialize<SettingsFile>(json.Span, OlaresJson.Compact);
            }
            catch (JsonException e)
            {
                throw new OlaresConfigException(FilePath, CliConfigStore.Describe(e), e);
            }

            file ??= new SettingsFile();
            if (file.Profiles != null)
            {
                foreach (var pair in file.Profiles)
                {
                    if (pair.Value == null)
                    {
                        throw new OlaresConfigException(FilePath, "the settings of \"" + pair.Key + "\" are null, not an object");
                    }
                }
            }

            return file;
        }

        internal sealed class SettingsFile
        {
            [JsonPropertyName("profiles")]
            [OmitEmpty]
            public Dictionary<string, ModuleProfileSettings>? Profiles { get; set; }

            [JsonExtensionData]
            public Dictionary<string, JsonElement>? ExtensionData { get; set; }
        }
    }
}
