using System.Formats.Tar;
using System.Globalization;
using System.IO.Compression;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Olares.Emulator;

/// <summary>An app of the emulated catalog.</summary>
public sealed class MarketCatalogEntry
{
    public string Name { get; set; } = "";
    /// <summary>A plain title, or null when <see cref="Titles"/> is used.</summary>
    public string? Title { get; set; }
    /// <summary>An i18n title map (en-US, en, zh-CN...).</summary>
    public Dictionary<string, string>? Titles { get; set; }
    /// <summary>Versions offered, oldest first; the last is the latest.</summary>
    public List<string> Versions { get; set; } = new();
    public List<string> Categories { get; set; } = new();
    public bool AllowMultipleInstall { get; set; }
    /// <summary>A v2 app with sub-charts (cluster-scoped, shared by users).</summary>
    public bool ClusterScoped { get; set; }
    public bool Shared { get; set; }
    /// <summary>Write "app_id"/"title" instead of "app_name"/"app_title" in /market/data (the fallback keys).</summary>
    public bool LegacyKeys { get; set; }
    public List<MarketEnvSpec> Envs { get; set; } = new();
    /// <summary>1.12.6+: declared compute modes; the install needs selectedGpuType naming an installable one.</summary>
    public List<MarketComputeMode> ComputeModes { get; set; } = new();

    public string Latest => Versions.Count == 0 ? "0.0.0" : Versions[^1];

    internal MarketCatalogEntry Clone() => new()
    {
        Name = Name, Title = Title, Titles = Titles is null ? null : new(Titles), Versions = new(Versions), Categories = new(Categories),
        AllowMultipleInstall = AllowMultipleInstall, ClusterScoped = ClusterScoped, Shared = Shared, LegacyKeys = LegacyKeys,
        Envs = Envs.Select(e => e with { }).ToList(), ComputeModes = ComputeModes.Select(c => c with { }).ToList(),
    };
}

/// <summary>An env var an app declares. <see cref="Ref"/> set = its value comes from another variable that does not exist.</summary>
public sealed record MarketEnvSpec(string EnvName, bool Required = true, string? Regex = null, string? Ref = null);

public sealed record MarketComputeMode(string ComputeType, string Status = "installable", string? Reason = null);

/// <summary>
/// A one-shot knob for the next matching operation on an app: "fail" turns state <see cref="State"/> into the
/// operation's failure state, "hang" stops the operation at that state, "vanish" makes the row disappear right
/// after it (State null: at once), "cancel" cancels it there as another client would (&lt;state&gt;Canceled).
/// </summary>
public sealed record MarketFault(string App, string Kind, string? State = null, string? Operation = null, string? Reason = null, string? Message = null);

/// <summary>A market request as the emulator received it. Path is relative to /market/app-store/api/v2.</summary>
public sealed record MarketRecordedRequest(string Method, string Path, string User, JsonElement? Body, DateTimeOffset Time);

/// <summary>The visible state of one app row (what /market/state reports).</summary>
public sealed record MarketRowView(string Name, string Source, string State, string OpType, string Progress, string Reason, string Message,
    string StatusTime, string Version, string Title, string RawAppName);

/// <summary>
/// The emulated market: catalog per source, per-user app rows, and a state machine that walks each operation
/// through its states, one state per <see cref="StepMs"/> of the server's <see cref="EmulatorClock"/> (advance the clock
/// to step without waiting). Reach it with <c>state.Market()</c> or /_admin/market.
/// </summary>
public sealed class MarketEmulator
{
    private static readonly ConditionalWeakTable<EmulatorState, MarketEmulator> Instances = new();

    private readonly object _gate = new();
    private readonly Dictionary<string, SourceInfo> _sources = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<Row>> _rows = new(StringComparer.Ordinal);
    private readonly List<MarketFault> _faults = new();
    private readonly List<MarketRecordedRequest> _requests = new();
    private int _stepMs;
    private string _envCheckStyle = "wrapped";
    private bool _keepUninstalledRows;

    public const int DefaultStepMs = 700;

    private readonly EmulatorClock _clock;

    internal MarketEmulator(EmulatorClock clock)
    {
        _clock = clock;
        Reset();
    }

    public static MarketEmulator For(EmulatorState state) => Instances.GetValue(state, s => new MarketEmulator(s.Clock));

    /// <summary>How long each state of an operation lasts.</summary>
    public int StepMs { get { lock (_gate) return _stepMs; } set { lock (_gate) _stepMs = Math.Max(1, value); } }

    /// <summary>"wrapped": a failed env/compute check is HTTP 500 with backend_response (the real market); "direct": HTTP 422 with the check as data.</summary>
    public string EnvCheckStyle
    {
        get { lock (_gate) return _envCheckStyle; }
        set { lock (_gate) _envCheckStyle = value is "wrapped" or "direct" ? value : throw new ArgumentException("envCheckStyle must be wrapped or direct"); }
    }

    /// <summary>When true an uninstalled app keeps an "uninstalled" row instead of disappearing.</summary>
    public bool KeepUninstalledRows { get { lock (_gate) return _keepUninstalledRows; } set { lock (_gate) _keepUninstalledRows = value; } }

    public IReadOnlyList<MarketRecordedRequest> Requests { get { lock (_gate) return _requests.ToList(); } }

    /// <summary>Back to the default catalog, no rows, no faults, no recorded requests, default knobs.</summary>
    public void Reset()
    {
        lock (_gate)
        {
            _sources.Clear();
            _rows.Clear();
            _faults.Clear();
            _requests.Clear();
            _stepMs = DefaultStepMs;
            _envCheckStyle = "wrapped";
            _keepUninstalledRows = false;
            foreach (var (source, type, entry) in DefaultCatalog()) AddAppLocked(source, type, entry);
        }
    }

    public void AddApp(string source, string sourceType, MarketCatalogEntry entry) { lock (_gate) AddAppLocked(source, sourceType, entry.Clone()); }

    public void AddEnv(string app, MarketEnvSpec spec)
    {
        lock (_gate)
        {
            var entries = _sources.Values.SelectMany(s => s.Apps).Where(a => a.Name == app).ToList();
            if (entries.Count == 0) throw new ArgumentException($"no app '{app}' in the catalog");
            foreach (var e in entries) e.Envs.Add(spec);
        }
    }

    public void AddFault(MarketFault fault)
    {
        if (fault.Kind is not ("fail" or "hang" or "vanish" or "cancel")) throw new ArgumentException("kind must be fail, hang, vanish or cancel");
        lock (_gate) _faults.Add(fault);
    }

    /// <summary>Puts a settled row (no operation running) for a user; replaces the row of the same name and source.</summary>
    public void SetRow(string user, string name, string source, string state, string opType = "", string progress = "", string reason = "",
        string message = "", DateTimeOffset? statusTime = null, string? version = null)
    {
        lock (_gate)
        {
            var rows = RowsOf(user);
            rows.RemoveAll(r => r.Name == name && r.Source == source);
            var entry = Find(source, name);
            rows.Add(new Row(name, source, version ?? entry?.Latest ?? "1.0.0", TitleOf(entry, name), name,
                new View(state, opType, progress, reason, message, statusTime ?? _clock.UtcNow)));
        }
    }

    public bool RemoveRow(string user, string name) { lock (_gate) return RowsOf(user).RemoveAll(r => r.Name == name) > 0; }

    /// <summary>The rows of a user as /market/state shows them now.</summary>
    public IReadOnlyList<MarketRowView> Rows(string user)
    {
        lock (_gate)
        {
            var now = _clock.UtcNow;
            return Visible(user, now).Select(p => ToView(p.Row, p.View)).ToList();
        }
    }

    // ---- for the endpoints ---------------------------------------------------------------------

    internal void Record(string method, string path, string user, JsonElement? body)
    {
        lock (_gate)
        {
            _requests.Add(new MarketRecordedRequest(method, path, user, body, _clock.UtcNow));
            if (_requests.Count > 500) _requests.RemoveAt(0);
        }
    }

    internal object CatalogData(string user)
    {
        lock (_gate)
        {
            var sources = new Dictionary<string, object>(StringComparer.Ordinal);
            foreach (var (id, info) in _sources)
            {
                sources[id] = new
                {
                    type = info.Type,
                    app_info_latest = info.Apps.Select(a => new
                    {
                        type = "app",
                        timestamp = 1735689600,
                        version = a.Latest,
                        app_simple_info = SimpleInfo(a),
                    }).ToList(),
                };
            }
            return new { user_data = new { sources, hash = "h" + sources.Count }, user_id = user, timestamp = _clock.UtcNow.ToUnixTimeSeconds() };
        }
    }

    internal object StateData(string user)
    {
        lock (_gate)
        {
            var now = _clock.UtcNow;
            var visible = Visible(user, now).ToList();
            var sources = new Dictionary<string, object>(StringComparer.Ordinal);
            foreach (var id in _sources.Keys.Concat(visible.Select(v => v.Row.Source)).Distinct())
            {
                sources[id] = new
                {
                    type = _sources.TryGetValue(id, out var info) ? info.Type : "remote",
                    app_state_latest = visible.Where(v => v.Row.Source == id).Select(v => new
                    {
                        version = v.Row.Version,
                        status = new
                        {
                            name = v.Row.Name,
                            rawAppName = v.Row.RawAppName,
                            title = v.Row.Title,
                            state = v.View.State,
                            opType = v.View.OpType,
                            cfgType = "",
                            progress = v.View.Progress,
                            message = v.View.Message,
                            reason = v.View.Reason,
                            statusTime = FormatTime(v.View.Time),
                        },
                    }).ToList(),
                };
            }
            return new { user_data = new { sources, hash = "s" + visible.Count }, user_id = user, timestamp = now.ToUnixTimeSeconds() };
        }
    }

    internal object? Detail(string name, string source)
    {
        lock (_gate)
        {
            var a = Find(source, name);
            if (a is null) return null;
            return new
            {
                name = a.Name,
                version = a.Latest,
                source,
                title = TitleOf(a, a.Name),
                allowMultipleInstall = a.AllowMultipleInstall,
                app_info = new
                {
                    app_entry = new
                    {
                        name = a.Name,
                        version = a.Latest,
                        apiVersion = a.ClusterScoped ? "v2" : "v1",
                        subCharts = a.ClusterScoped ? new[] { a.Name + "-server", a.Name } : Array.Empty<string>(),
                    },
                },
                simpleInfo = new { shared = a.Shared },
            };
        }
    }

    /// <summary>The env/compute check of an install or clone; null when it passes.</summary>
    internal (string Type, object Data)? Check(string source, string name, IReadOnlyDictionary<string, string> envs, bool v1126, string? gpuType, bool checkCompute)
    {
        lock (_gate)
        {
            var a = Find(source, name);
            if (a is null) return null;
            var missing = new List<object>();
            var refs = new List<object>();
            var invalid = new List<object>();
            foreach (var spec in a.Envs)
            {
                var given = envs.TryGetValue(spec.EnvName, out var value) && value.Length > 0;
                object payload = new { envName = spec.EnvName, type = "string", required = spec.Required, title = spec.EnvName, regex = spec.Regex, valueFrom = spec.Ref is null ? null : new { envName = spec.Ref } };
                if (spec.Ref is not null && !given) refs.Add(payload);
                else if (spec.Required && !given) missing.Add(payload);
                else if (given && spec.Regex is not null && !Regex.IsMatch(value!, spec.Regex)) invalid.Add(payload);
            }
            if (missing.Count + refs.Count + invalid.Count > 0)
            {
                return ("appenv", new
                {
                    missingValues = missing.Count == 0 ? null : missing,
                    missingRefs = refs.Count == 0 ? null : refs,
                    invalidValues = invalid.Count == 0 ? null : invalid,
                });
            }
            if (checkCompute && v1126 && a.ComputeModes.Count > 0
                && !a.ComputeModes.Any(m => m.Status == "installable" && string.Equals(m.ComputeType, gpuType, StringComparison.OrdinalIgnoreCase)))
            {
                return ("computeModeSelect", a.ComputeModes.Select(m => new { computeType = m.ComputeType, status = m.Status, reason = m.Reason }).ToList());
            }
            return null;
        }
    }

    internal bool HasApp(string source, string name) { lock (_gate) return Find(source, name) is not null; }

    internal bool HasVersion(string source, string name, string version) { lock (_gate) return Find(source, name)?.Versions.Contains(version) == true; }

    internal bool AllowsClone(string source, string name) { lock (_gate) return Find(source, name)?.AllowMultipleInstall == true; }

    /// <summary>Finds a user's row by name (and source when given), settling finished operations first.</summary>
    internal MarketRowView? FindRow(string user, string name, string? source)
    {
        lock (_gate)
        {
            var hit = Visible(user, _clock.UtcNow).FirstOrDefault(p => p.Row.Name == name && (source is null || p.Row.Source == source));
            return hit.Row is null ? null : ToView(hit.Row, hit.View);
        }
    }

    /// <summary>Starts an operation on an existing row (or a new one for install/clone). Returns an error message or null.</summary>
    internal void Start(string user, string op, string name, string source, string? version = null, string? rawAppName = null, string? title = null)
    {
        lock (_gate)
        {
            var now = _clock.UtcNow;
            var rows = RowsOf(user);
            var row = Visible(user, now).Select(p => p.Row).FirstOrDefault(r => r.Name == name && r.Source == source);
            if (row is null)
            {
                var entry = Find(source, rawAppName ?? name);
                row = new Row(name, source, version ?? entry?.Latest ?? "1.0.0", title ?? TitleOf(entry, name), rawAppName ?? name,
                    new View("", "", "", "", "", now));
                rows.Add(row);
            }
            if (version is not null) row.Version = version;
            var before = row.Current(now) ?? row.Before;
            row.Before = before;
            row.Started = now;
            row.StepMs = _stepMs;
            row.HangIndex = null;
            row.Steps = Steps(op, before);
            ApplyFault(row, op);
        }
    }

    internal void AddUploadedVersion(string source, string name, string version)
    {
        lock (_gate)
        {
            var entry = Find(source, name);
            if (entry is null)
            {
                if (!_sources.ContainsKey(source)) _sources[source] = new SourceInfo("local");
                entry = new MarketCatalogEntry { Name = name, Title = name, Categories = { "Uploaded" } };
                _sources[source].Apps.Add(entry);
            }
            if (!entry.Versions.Contains(version)) entry.Versions.Add(version);
        }
    }

    internal bool RemoveVersion(string source, string name, string version)
    {
        lock (_gate)
        {
            var entry = Find(source, name);
            if (entry is null || !entry.Versions.Remove(version)) return false;
            if (entry.Versions.Count == 0) _sources[source].Apps.Remove(entry);
            return true;
        }
    }

    /// <summary>name and version from the Chart.yaml inside a .tgz; null when there is none.</summary>
    internal static (string Name, string Version)? ReadChart(Stream tgz)
    {
        try
        {
            using var gzip = new GZipStream(tgz, CompressionMode.Decompress);
            using var tar = new TarReader(gzip);
            TarEntry? e;
            while ((e = tar.GetNextEntry()) is not null)
            {
                if (e.DataStream is null || !e.Name.EndsWith("Chart.yaml", StringComparison.Ordinal)) continue;
                using var reader = new StreamReader(e.DataStream);
                string? name = null, version = null;
                string? line;
                while ((line = reader.ReadLine()) is not null)
                {
                    var m = Regex.Match(line, @"^(name|version):\s*""?([^""\s]+)""?\s*$");
                    if (!m.Success) continue;
                    if (m.Groups[1].Value == "name") name = m.Groups[2].Value; else version = m.Groups[2].Value;
                }
                return name is null || version is null ? null : (name, version);
            }
        }
        catch (Exception e) when (e is InvalidDataException or IOException or FormatException) { }
        return null;
    }

    internal static bool IsV1126(string osVersion)
    {
        var parts = osVersion.TrimStart('v').Split('.', '-');
        int Part(int i) => i < parts.Length && int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
        return (Part(0), Part(1), Part(2)).CompareTo((1, 12, 6)) >= 0;
    }

    internal static string FormatTime(DateTimeOffset t)
        // RFC3339 with nanoseconds, as Go writes it: 9 fractional digits, more than .NET parses directly.
        => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff", CultureInfo.InvariantCulture) + "00Z";

    // ---- state machine -------------------------------------------------------------------------

    private static readonly string[] CancelableStates = { "pending", "downloading", "installing", "initializing", "upgrading", "applyingEnv", "resuming" };

    internal static bool IsCancelable(string state) => CancelableStates.Contains(state);

    private List<Step> Steps(string op, View current) => op switch
    {
        "install" or "clone" => new() { S("pending", "install"), S("downloading", "install", ramp: true), S("installing", "install"), S("initializing", "install"), S("running", "install") },
        "upgrade" => new() { S("pending", "upgrade"), S("downloading", "upgrade", ramp: true), S("upgrading", "upgrade"), S("initializing", "upgrade"), S("running", "upgrade") },
        "uninstall" => _keepUninstalledRows
            ? new() { S("uninstalling", "uninstall"), S("uninstalled", "uninstall") }
            : new() { S("uninstalling", "uninstall"), S("uninstalled", "uninstall"), Step.Gone },
        "stop" => new() { S("stopping", "stop"), S("stopped", "stop") },
        "resume" => new() { S("resuming", "resume"), S("running", "resume") },
        // The first step leaves the row as it was: the server takes a moment to show a restart (why -Wait compares statusTime).
        "restart" => new() { Step.Keep, S("stopping", "stop"), S("resuming", "resume"), S("running", "resume") },
        // A canceled row keeps the opType of the operation it interrupted (why cancel's rule accepts any op).
        "cancel" => new() { S(current.State + "Canceling", current.OpType), S(current.State + "Canceled", current.OpType) },
        _ => throw new ArgumentException("unknown operation " + op),
    };

    private static Step S(string state, string opType, bool ramp = false) => new(state, opType, ramp, false, false, "");

    private void ApplyFault(Row row, string op)
    {
        var fault = _faults.FirstOrDefault(f => f.App == row.Name && (f.Operation is null || f.Operation == op));
        if (fault is null) return;
        _faults.Remove(fault);
        var k = fault.State is null ? 0 : row.Steps.FindIndex(s => s.State == fault.State);
        if (k < 0) return;
        switch (fault.Kind)
        {
            case "hang":
                row.HangIndex = k;
                break;
            case "vanish":
                row.Steps = fault.State is null ? new() { Step.Gone } : row.Steps.Take(k + 1).Append(Step.Gone).ToList();
                break;
            case "cancel":
                // Someone else cancels the operation at that state: <state>Canceling, then <state>Canceled, same opType.
                var s = row.Steps[k];
                row.Steps = row.Steps.Take(k + 1)
                    .Append(S(s.State + "Canceling", s.OpType!)).Append(S(s.State + "Canceled", s.OpType!)).ToList();
                break;
            default:
                var at = row.Steps[k];
                var failed = new Step(FailureState(op, at.State ?? row.Before.State), at.OpType ?? op, false, false, false,
                    fault.Reason ?? $"injected failure while {at.State}") { Message = fault.Message };
                row.Steps = row.Steps.Take(k + 1).Append(failed).ToList();
                break;
        }
    }

    private static string FailureState(string op, string state) => op switch
    {
        "cancel" => state.Replace("Canceling", "") switch
        {
            "initializing" => "installingCancelFailed",
            var s => s + "CancelFailed",
        },
        "install" or "clone" => state == "downloading" ? "downloadFailed" : "installFailed",
        "upgrade" => "upgradeFailed",
        "uninstall" => "uninstallFailed",
        "stop" => "stopFailed",
        "resume" => "resumeFailed",
        "restart" => state == "stopping" ? "stopFailed" : "resumeFailed",
        _ => "failed",
    };

    private IEnumerable<(Row Row, View View)> Visible(string user, DateTimeOffset now)
    {
        var rows = RowsOf(user);
        foreach (var row in rows.ToList())
        {
            var view = row.Current(now);
            if (view is null) { rows.Remove(row); continue; }
            yield return (row, view);
        }
    }

    private List<Row> RowsOf(string user)
    {
        if (!_rows.TryGetValue(user, out var list)) _rows[user] = list = new List<Row>();
        return list;
    }

    private MarketCatalogEntry? Find(string source, string name)
        => _sources.TryGetValue(source, out var s) ? s.Apps.FirstOrDefault(a => a.Name == name) : null;

    private void AddAppLocked(string source, string type, MarketCatalogEntry entry)
    {
        if (!_sources.TryGetValue(source, out var info)) _sources[source] = info = new SourceInfo(type);
        info.Apps.RemoveAll(a => a.Name == entry.Name);
        info.Apps.Add(entry);
    }

    private static object SimpleInfo(MarketCatalogEntry a)
    {
        object title = a.Titles is not null ? a.Titles : (a.Title ?? a.Name);
        return a.LegacyKeys
            ? new Dictionary<string, object> { ["app_id"] = a.Name, ["title"] = title, ["app_version"] = a.Latest, ["categories"] = a.Categories }
            : new Dictionary<string, object> { ["app_name"] = a.Name, ["app_title"] = title, ["app_version"] = a.Latest, ["categories"] = a.Categories };
    }

    private static string TitleOf(MarketCatalogEntry? a, string fallback)
        => a?.Title ?? (a?.Titles is { } t ? (t.TryGetValue("en-US", out var en) ? en : t.Values.FirstOrDefault()) : null) ?? fallback;

    private static MarketRowView ToView(Row row, View v)
        => new(row.Name, row.Source, v.State, v.OpType, v.Progress, v.Reason, v.Message, FormatTime(v.Time), row.Version, row.Title, row.RawAppName);

    private static IEnumerable<(string Source, string Type, MarketCatalogEntry Entry)> DefaultCatalog()
    {
        yield return ("market.olares", "remote", new MarketCatalogEntry
        {
            Name = "firefox", Titles = new() { ["en-US"] = "Firefox", ["zh-CN"] = "火狐浏览器" },
            Versions = { "1.1.0", "1.2.0" }, Categories = { "Productivity", "Utilities" },
        });
        yield return ("market.olares", "remote", new MarketCatalogEntry
        {
            Name = "vscode", Title = "Code Server", LegacyKeys = true, AllowMultipleInstall = true,
            Versions = { "4.20.0" }, Categories = { "Developer Tools" },
        });
        yield return ("market.olares", "remote", new MarketCatalogEntry
        {
            Name = "jellyfin", Titles = new() { ["en"] = "Jellyfin" }, Versions = { "10.8.0", "10.9.7" }, Categories = { "Entertainment" },
        });
        yield return ("market.olares", "remote", new MarketCatalogEntry
        {
            Name = "n8n", Titles = new() { ["en-US"] = "n8n workflows" }, Versions = { "1.50.0" }, Categories = { "Productivity", "Developer Tools" },
            Envs = { new MarketEnvSpec("N8N_HOST"), new MarketEnvSpec("N8N_PORT", Required: false, Regex: "^[0-9]+$") },
        });
        yield return ("market.olares", "remote", new MarketCatalogEntry
        {
            Name = "ollama", Title = "Ollama", ClusterScoped = true, Shared = true, Versions = { "0.3.0" }, Categories = { "AI" },
        });
        yield return ("market.olares", "remote", new MarketCatalogEntry
        {
            Name = "comfyui", Title = "ComfyUI", Versions = { "1.0.0" }, Categories = { "AI" },
            ComputeModes = { new("cpu"), new("nvidia"), new("amd", "insufficient-resources", "no AMD GPU found") },
        });
        yield return ("upload", "local", new MarketCatalogEntry
        {
            Name = "mychart", Title = "My Chart", Versions = { "0.1.0" }, Categories = { "Utilities" },
        });
        yield return ("studio", "local", new MarketCatalogEntry
        {
            Name = "hello", Titles = new() { ["en-US"] = "Hello Studio", ["zh-CN"] = "你好" }, Versions = { "0.0.1" }, Categories = { "Developer Tools" },
        });
    }

    private sealed class SourceInfo(string type)
    {
        public string Type { get; } = type;
        public List<MarketCatalogEntry> Apps { get; } = new();
    }

    private sealed record View(string State, string OpType, string Progress, string Reason, string Message, DateTimeOffset Time);

    private sealed record Step(string? State, string? OpType, bool Ramp, bool IsKeep, bool IsGone, string Reason)
    {
        /// <summary>The row's message (the server's explanation); the reason when not set.</summary>
        public string? Message { get; init; }

        public static readonly Step Keep = new(null, null, false, true, false, "");
        public static readonly Step Gone = new(null, null, false, false, true, "");
    }

    private sealed class Row(string name, string source, string version, string title, string rawAppName, View before)
    {
        public string Name { get; } = name;
        public string Source { get; } = source;
        public string Version { get; set; } = version;
        public string Title { get; } = title;
        public string RawAppName { get; } = rawAppName;
        public View Before { get; set; } = before;
        public List<Step> Steps { get; set; } = new();
        public DateTimeOffset Started { get; set; }
        public int StepMs { get; set; } = 1;
        public int? HangIndex { get; set; }

        /// <summary>The view at <paramref name="now"/>; null when the row is gone. A finished operation settles into Before.</summary>
        public View? Current(DateTimeOffset now)
        {
            if (Steps.Count == 0) return Before;
            var elapsed = Math.Max(0, (now - Started).TotalMilliseconds);
            var i = (int)(elapsed / StepMs);
            if (HangIndex is int h && i > h) i = h;
            var done = i >= Steps.Count - 1 && HangIndex is null;
            i = Math.Min(i, Steps.Count - 1);
            var step = Steps[i];
            View? view;
            if (step.IsGone) view = null;
            else if (step.IsKeep) view = Before;
            else
            {
                var progress = step.Ramp
                    ? Math.Min(99.99, (elapsed - i * StepMs) / StepMs * 100).ToString("0.00", CultureInfo.InvariantCulture)
                    : "";
                view = new View(step.State!, step.OpType!, progress, step.Reason, step.Message ?? step.Reason, Started.AddMilliseconds(i * (double)StepMs));
            }
            if (done && view is not null)
            {
                Before = view;
                Steps = new();
            }
            return view;
        }
    }
}

/// <summary><c>state.Market()</c>: the market of an emulator instance.</summary>
public static class MarketEmulatorExtensions
{
    public static MarketEmulator Market(this EmulatorState state) => MarketEmulator.For(state);
}
