using System;
using System.Globalization;
using Olares.Market;

namespace Olares.PowerShell.Output
{
    /// <summary>An app of the market catalog (Get-OlaresApp); with -Installed, also its installed state.</summary>
    public sealed class OlaresApp
    {
        public string Name { get; set; } = string.Empty;

        /// <summary>The title in the current UI language (from the i18n map), else the plain title.</summary>
        public string? Title { get; set; }

        /// <summary>The latest version the source offers.</summary>
        public string? Version { get; set; }

        public string Source { get; set; } = string.Empty;

        public string? SourceType { get; set; }

        public string[] Categories { get; set; } = Array.Empty<string>();

        public string? Type { get; set; }

        /// <summary>With -Installed: the app's state (running, stopped, ...); otherwise null.</summary>
        public string? State { get; set; }

        /// <summary>With -Installed: the version last requested for the installed app.</summary>
        public string? InstalledVersion { get; set; }

        /// <summary>With -Installed: the catalog app a clone was made from.</summary>
        public string? RawAppName { get; set; }

        /// <summary>
        /// The profile (olaresId) this object belongs to. -Profile of every server cmdlet binds to it from the pipeline,
        /// so piped objects go back to the account they came from.
        /// </summary>
        public string Profile { get; set; } = string.Empty;

        internal static OlaresApp From(CatalogApp app, CultureInfo culture, string profile) => new OlaresApp
        {
            Profile = profile,
            Name = app.Name,
            Title = app.Title.Resolve(culture),
            Version = app.Version,
            Source = app.Source,
            SourceType = app.SourceType,
            Categories = new System.Collections.Generic.List<string>(app.Categories).ToArray(),
            Type = app.Type,
        };

        internal static OlaresApp From(AppStateRow row, CatalogApp? app, CultureInfo culture, string profile)
        {
            var result = app == null ? new OlaresApp { Name = row.Name, Source = row.Source, SourceType = row.SourceType, Profile = profile } : From(app, culture, profile);
            result.Name = row.Name;
            result.Source = row.Source;
            result.Title = row.Title.Resolve(culture) ?? result.Title;
            result.State = row.State;
            result.InstalledVersion = row.Version;
            result.RawAppName = row.RawAppName;
            return result;
        }
    }
}
