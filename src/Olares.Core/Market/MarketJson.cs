using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using Olares.Errors;
using Olares.Http;

namespace Olares.Market
{
    /// <summary>Lenient readers for the market's JSON shapes (protocol §7.2): missing parts read as empty, wrong types as absent.</summary>
    internal static class MarketJson
    {
        public static string? Str(JsonElement obj, string name)
        {
            if (obj.ValueKind != JsonValueKind.Object || !obj.TryGetProperty(name, out var v)) return null;
            switch (v.ValueKind)
            {
                case JsonValueKind.String: return v.GetString();
                case JsonValueKind.Number: return v.GetRawText();
                case JsonValueKind.True: return "true";
                case JsonValueKind.False: return "false";
                default: return null;
            }
        }

        public static string? FirstStr(JsonElement obj, params string[] names)
        {
            foreach (var n in names)
            {
                var s = Str(obj, n);
                if (!string.IsNullOrEmpty(s)) return s;
            }

            return null;
        }

        public static JsonElement Prop(JsonElement obj, string name) => JsonFields.Prop(obj, name);

        public static IEnumerable<JsonElement> Items(JsonElement array) => JsonFields.Items(array);

        public static IEnumerable<JsonProperty> Members(JsonElement obj) => JsonFields.Members(obj);

        public static bool Bool(JsonElement obj, string name) => JsonFields.Flag(obj, name);

        /// <summary>A title: a plain string or an i18n map of strings.</summary>
        public static LocalizedText Text(JsonElement value)
        {
            if (value.ValueKind == JsonValueKind.String) return new LocalizedText(value.GetString(), null);
            if (value.ValueKind != JsonValueKind.Object) return new LocalizedText(null, null);
            var map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var p in value.EnumerateObject())
            {
                if (p.Value.ValueKind == JsonValueKind.String) map[p.Name] = p.Value.GetString() ?? string.Empty;
            }

            return new LocalizedText(null, map);
        }

        /// <summary>data.user_data.sources of /market/data and /market/state.</summary>
        public static IEnumerable<JsonProperty> Sources(JsonElement data, string what)
        {
            if (data.ValueKind != JsonValueKind.Object) throw new OlaresProtocolException(what, 200, "the answer has no data object");
            return Members(Prop(Prop(data, "user_data"), "sources"));
        }

        public static List<CatalogApp> ParseCatalog(JsonElement data)
        {
            var apps = new List<CatalogApp>();
            foreach (var source in Sources(data, "market data"))
            {
                var type = Str(source.Value, "type");
                foreach (var entry in Items(Prop(source.Value, "app_info_latest")))
                {
                    var info = Prop(entry, "app_simple_info");
                    var name = FirstStr(info, "app_name", "app_id", "name");
                    if (string.IsNullOrEmpty(name)) continue;
                    var title = Prop(info, "app_title");
                    if (title.ValueKind != JsonValueKind.String && title.ValueKind != JsonValueKind.Object) title = Prop(info, "title");
                    apps.Add(new CatalogApp
                    {
                        Name = name!,
                        Title = Text(title),
                        Version = FirstStr(info, "app_version") ?? Str(entry, "version"),
                        Categories = Items(Prop(info, "categories")).Where(c => c.ValueKind == JsonValueKind.String).Select(c => c.GetString()!).ToList(),
                        Source = source.Name,
                        SourceType = type,
                        Type = Str(entry, "type"),
                    });
                }
            }

            return apps;
        }

        public static AppStateSnapshot ParseState(JsonElement data)
        {
            var rows = new List<AppStateRow>();
            foreach (var source in Sources(data, "market state"))
            {
                var type = Str(source.Value, "type");
                foreach (var entry in Items(Prop(source.Value, "app_state_latest")))
                {
                    var status = Prop(entry, "status");
                    var raw = Str(status, "rawAppName");
                    var name = FirstStr(status, "name") ?? raw;
                    if (string.IsNullOrEmpty(name)) continue;
                    rows.Add(new AppStateRow
                    {
                        Name = name!,
                        RawAppName = raw,
                        Title = Text(Prop(status, "title")),
                        State = Str(status, "state") ?? string.Empty,
                        OpType = Str(status, "opType"),
                        CfgType = Str(status, "cfgType"),
                        Progress = Str(status, "progress"),
                        Message = Str(status, "message"),
                        Reason = Str(status, "reason"),
                        StatusTime = Str(status, "statusTime"),
                        Version = Str(entry, "version"),
                        Source = source.Name,
                        SourceType = type,
                    });
                }
            }

            return new AppStateSnapshot(rows);
        }

        /// <summary>data.apps[0] of POST /apps; null when the list is empty.</summary>
        public static AppDetail? ParseDetail(JsonElement data, string name, string source)
        {
            var first = Items(Prop(data, "apps")).FirstOrDefault();
            if (first.ValueKind != JsonValueKind.Object) return null;
            var entry = Prop(Prop(first, "app_info"), "app_entry");
            var subCharts = Prop(entry, "subCharts");
            return new AppDetail
            {
                Name = FirstStr(first, "name", "app_name", "appid") ?? name,
                Source = source,
                Version = FirstStr(first, "version") ?? Str(entry, "version"),
                AllowMultipleInstall = Bool(first, "allowMultipleInstall") || Bool(entry, "allowMultipleInstall"),
                IsClusterScopedV2 = string.Equals(Str(entry, "apiVersion"), "v2", StringComparison.OrdinalIgnoreCase)
                    && subCharts.ValueKind == JsonValueKind.Array && subCharts.GetArrayLength() > 0,
                Shared = Bool(Prop(first, "simpleInfo"), "shared"),
            };
        }

        /// <summary>
        /// The failed-check payload of an install/clone answer (protocol §7.3): data.backend_response.data when
        /// backend_response is there, else data itself; returns its type and its Data.
        /// </summary>
        public static bool TryGetCheck(JsonElement data, out string type, out JsonElement payload)
        {
            type = string.Empty;
            payload = default;
            if (data.ValueKind != JsonValueKind.Object) return false;
            var check = data.TryGetProperty("backend_response", out var backend) ? Prop(backend, "data") : data;
            var t = Str(check, "type");
            if (string.IsNullOrEmpty(t)) return false;
            type = t!;
            payload = Prop(check, "Data");
            return true;
        }

        /// <summary>The env names of an "appenv" payload; null when every group is empty (then it is not an env error).</summary>
        public static OlaresMissingEnvException? EnvError(string app, JsonElement payload)
        {
            var missing = EnvNames(Prop(payload, "missingValues"));
            var refs = EnvNames(Prop(payload, "missingRefs"));
            var invalid = EnvNames(Prop(payload, "invalidValues"));
            if (missing.Count + refs.Count + invalid.Count == 0) return null;
            return new OlaresMissingEnvException(app, missing, refs, invalid);
        }

        /// <summary>computeModeSelect's Data: (computeType, status, reason) per declared mode.</summary>
        public static List<ComputeModeOption> ComputeModes(JsonElement payload) =>
            Items(payload).Select(m => new ComputeModeOption(Str(m, "computeType") ?? string.Empty, Str(m, "status") ?? string.Empty, Str(m, "reason")))
                .Where(m => m.ComputeType.Length > 0).ToList();

        private static List<string> EnvNames(JsonElement group) =>
            Items(group).Select(e => Str(e, "envName")).Where(n => !string.IsNullOrEmpty(n)).Select(n => n!).ToList();

        public static string Format(string text, params object[] args) => string.Format(CultureInfo.InvariantCulture, text, args);
    }

    /// <summary>One declared compute mode of an app (1.12.6+ computeModeSelect check).</summary>
    public sealed class ComputeModeOption
    {
        public ComputeModeOption(string computeType, string status, string? reason)
        {
            ComputeType = computeType;
            Status = status;
            Reason = reason;
        }

        public string ComputeType { get; }

        public string Status { get; }

        public string? Reason { get; }

        public bool Installable => string.Equals(Status, "installable", StringComparison.OrdinalIgnoreCase);
    }
}
