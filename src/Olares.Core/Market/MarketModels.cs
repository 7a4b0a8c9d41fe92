using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;

namespace Olares.Market
{
    /// <summary>A title that is either a plain string or an i18n map (en-US, en, zh-CN, ...).</summary>
    public sealed class LocalizedText
    {
        public LocalizedText(string? plain, IReadOnlyDictionary<string, string>? translations)
        {
            Plain = plain;
            Translations = translations ?? new Dictionary<string, string>();
        }

        public string? Plain { get; }

        public IReadOnlyDictionary<string, string> Translations { get; }

        /// <summary>
        /// The text for <paramref name="culture"/>: the plain string if there is one; else the exact culture, its
        /// language, the language in another region, en-US, en, then the first translation.
        /// </summary>
        public string? Resolve(CultureInfo? culture)
        {
            if (!string.IsNullOrEmpty(Plain)) return Plain;
            if (Translations.Count == 0) return null;
            var language = culture?.TwoLetterISOLanguageName;
            return Lookup(culture?.Name)
                ?? Lookup(language)
                // The language in another region (zh-TW asked, zh-CN offered).
                ?? (string.IsNullOrEmpty(language) || language == "iv" ? null : Translations.FirstOrDefault(p =>
                    p.Key.StartsWith(language + "-", StringComparison.OrdinalIgnoreCase) && !string.IsNullOrEmpty(p.Value)).Value)
                ?? Lookup("en-US")
                ?? Lookup("en")
                ?? Translations.Values.FirstOrDefault(v => !string.IsNullOrEmpty(v));
        }

        private string? Lookup(string? key)
        {
            if (string.IsNullOrEmpty(key)) return null;
            foreach (var pair in Translations)
            {
                if (string.Equals(pair.Key, key, StringComparison.OrdinalIgnoreCase) && !string.IsNullOrEmpty(pair.Value)) return pair.Value;
            }

            return null;
        }

        public override string ToString() => Resolve(CultureInfo.CurrentUICulture) ?? string.Empty;
    }

    /// <summary>One app of the catalog (GET /market/data), in one source.</summary>
    public sealed class CatalogApp
    {
        public string Name { get; set; } = string.Empty;

        public LocalizedText Title { get; set; } = new LocalizedText(null, null);

        /// <summary>The latest version the source offers.</summary>
        public string? Version { get; set; }

        public IReadOnlyList<string> Categories { get; set; } = Array.Empty<string>();

        /// <summary>The source id (market.olares, upload, ...).</summary>
        public string Source { get; set; } = string.Empty;

        /// <summary>The source's type as the market reports it.</summary>
        public string? SourceType { get; set; }

        /// <summary>The entry's type (app, middleware, ...).</summary>
        public string? Type { get; set; }
    }

    /// <summary>One row of the user's app state (GET /market/state).</summary>
    public sealed class AppStateRow
    {
        /// <summary>status.name, falling back to rawAppName.</summary>
        public string Name { get; set; } = string.Empty;

        public string? RawAppName { get; set; }

        public LocalizedText Title { get; set; } = new LocalizedText(null, null);

        public string State { get; set; } = string.Empty;

        public string? OpType { get; set; }

        public string? CfgType { get; set; }

        /// <summary>The progress as the server sends it ("45.20", "" ...).</summary>
        public string? Progress { get; set; }

        public string? Message { get; set; }

        public string? Reason { get; set; }

        /// <summary>statusTime as sent (RFC 3339).</summary>
        public string? StatusTime { get; set; }

        /// <summary>The last requested version (e.g. the target of a failed upgrade).</summary>
        public string? Version { get; set; }

        public string Source { get; set; } = string.Empty;

        public string? SourceType { get; set; }

        /// <summary>The progress as a number, or null when empty, "0.00" or unparseable (shown as "-").</summary>
        public double? ProgressValue => MarketText.ParseProgress(Progress);

        public DateTimeOffset? StatusTimeValue => MarketText.ParseTime(StatusTime);
    }

    /// <summary>The user's app state across sources, with the lookup the watch uses.</summary>
    public sealed class AppStateSnapshot
    {
        public AppStateSnapshot(IReadOnlyList<AppStateRow> rows)
        {
            Rows = rows;
        }

        public IReadOnlyList<AppStateRow> Rows { get; }

        /// <summary>The row of <paramref name="name"/>: in the pinned source first, then in any source.</summary>
        public AppStateRow? Find(string name, string? pinnedSource)
        {
            if (!string.IsNullOrEmpty(pinnedSource))
            {
                var pinned = Rows.FirstOrDefault(r => string.Equals(r.Name, name, StringComparison.Ordinal) && string.Equals(r.Source, pinnedSource, StringComparison.Ordinal));
                if (pinned != null) return pinned;
            }

            return Rows.FirstOrDefault(r => string.Equals(r.Name, name, StringComparison.Ordinal));
        }
    }

    /// <summary>The detail of one app (POST /apps), reduced to what the operations need.</summary>
    public sealed class AppDetail
    {
        public string Name { get; set; } = string.Empty;

        public string Source { get; set; } = string.Empty;

        /// <summary>The latest version (used when -Version is omitted).</summary>
        public string? Version { get; set; }

        /// <summary>Whether the app can be cloned.</summary>
        public bool AllowMultipleInstall { get; set; }

        /// <summary>A v2 app with sub-charts (a "cluster-scoped" app shared by users).</summary>
        public bool IsClusterScopedV2 { get; set; }

        /// <summary>simpleInfo.shared.</summary>
        public bool Shared { get; set; }
    }

    /// <summary>An environment variable to pass to install or clone.</summary>
    public sealed class AppEnvVar
    {
        public AppEnvVar(string name, string value)
        {
            Name = name;
            Value = value;
        }

        public string Name { get; }

        public string Value { get; }
    }

    /// <summary>What an operation request returned, before or after waiting.</summary>
    public sealed class AppOperationOutcome
    {
        public string App { get; set; } = string.Empty;

        /// <summary>The new app a clone created.</summary>
        public string? TargetApp { get; set; }

        public string Operation { get; set; } = string.Empty;

        /// <summary>accepted (sent, not waited for) or success (a terminal success state was seen).</summary>
        public string Status { get; set; } = "accepted";

        public string? Message { get; set; }

        public string? Source { get; set; }

        public string? Version { get; set; }

        /// <summary>The final row seen by the watch (null without -Wait, or when the row is gone).</summary>
        public AppStateRow? Final { get; set; }

        /// <summary>The terminal rule -Wait applies; null when there is nothing to wait for.</summary>
        public WatchRule? Rule { get; set; }

        /// <summary>The app whose row -Wait follows (the new app of a clone).</summary>
        public string? WatchApp { get; set; }

        /// <summary>The row's statusTime before the request (restart only counts newer rows).</summary>
        public DateTimeOffset? Baseline { get; set; }
    }

    internal static class MarketText
    {
        private static readonly Regex FractionTooLong = new Regex(@"^(.*T\d{2}:\d{2}:\d{2}\.)(\d{8,})(.*)$", RegexOptions.CultureInvariant);

        public static double? ParseProgress(string? progress)
        {
            if (string.IsNullOrWhiteSpace(progress)) return null;
            if (!double.TryParse(progress!.Trim().TrimEnd('%'), NumberStyles.Float, CultureInfo.InvariantCulture, out var value)) return null;
            return value == 0 ? (double?)null : value;
        }

        public static DateTimeOffset? ParseTime(string? text)
        {
            if (string.IsNullOrWhiteSpace(text)) return null;
            var t = text!.Trim();
            // Go writes up to 9 fractional digits (RFC3339Nano); .NET parses at most 7.
            var m = FractionTooLong.Match(t);
            if (m.Success) t = m.Groups[1].Value + m.Groups[2].Value.Substring(0, 7) + m.Groups[3].Value;
            return DateTimeOffset.TryParse(t, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed) ? parsed : (DateTimeOffset?)null;
        }
    }
}
