using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Olares.Emulator;

/// <summary>
/// Storage, knobs and counters of the emulated files service. Files are real files under <see cref="Root"/>:
/// <c>Root/&lt;user&gt;/&lt;fileType&gt;/&lt;extend&gt;/...</c>; partial uploads live in <c>Root/.partials</c>.
/// Reachable in-process as <c>EmulatorState.Files</c> and over HTTP under <c>/_admin/files</c>.
/// </summary>
public sealed class FilesState : IDisposable
{
    public const string Node = "node-1";

    internal static readonly string[] HomeFolders = { "Documents", "Downloads", "Movies", "Music", "Pictures" };
    internal static readonly string[] CloudTypes = { "awss3", "google", "dropbox" };
    private static readonly string[] FileTypes = { "drive", "cache", "sync", "external", "awss3", "google", "dropbox" };

    private readonly object _gate = new();
    private readonly bool _ownsRoot;
    private readonly ConcurrentDictionary<string, UploadLink> _links = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, EmulatedTask> _tasks = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<int>> _chunkReceipts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<Dictionary<string, object?>>> _hostile = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, object?>> _listingOverrides = new(StringComparer.Ordinal);
    private readonly List<string> _rangeHeaders = new();
    private readonly HashSet<string> _seeded = new(StringComparer.Ordinal);

    private int _failChunkNumber;
    private int _failChunkStatus;
    private int _failChunkCount;
    private long _dropAfterBytes;
    private int _dropCount;
    private long _stallDownloadAfter;
    private int _stallDownloadCount;
    private int _stallChunkCount;
    private int _resetListingCount;
    private int _chunkDelayMs;
    private int _rawThrottleKiBps;
    private int _taskDelayMs = 150;
    private string? _failNextTaskReason;
    private int _chunkPosts;
    private int _chunkMismatches;
    private int _drops;

    internal FilesState(string? root)
    {
        _ownsRoot = string.IsNullOrEmpty(root);
        Root = Path.GetFullPath(_ownsRoot ? Path.Combine(Path.GetTempPath(), "olares-emu-files-" + Guid.NewGuid().ToString("N")) : root!);
        Directory.CreateDirectory(Root);
        Directory.CreateDirectory(PartialsRoot);
    }

    /// <summary>Where user files are stored (one folder per user).</summary>
    public string Root { get; }

    /// <summary>The server's clock (task delays run on it); real time when the files service stands alone.</summary>
    internal EmulatorClock Clock { get; init; } = new();

    internal string PartialsRoot => Path.Combine(Root, ".partials");

    // ---- knobs ---------------------------------------------------------------------------------

    /// <summary>The next <paramref name="count"/> POSTs of chunk <paramref name="chunkNumber"/> (1-based, any file) answer <paramref name="status"/> without storing anything.</summary>
    public void FailChunk(int chunkNumber, int status, int count = 1)
    {
        lock (_gate) { _failChunkNumber = chunkNumber; _failChunkStatus = status; _failChunkCount = count; }
    }

    /// <summary>The next <paramref name="count"/> raw downloads send <paramref name="afterBytes"/> bytes, then the connection is dropped.</summary>
    public void DropDownloads(long afterBytes, int count = 1)
    {
        lock (_gate) { _dropAfterBytes = afterBytes; _dropCount = count; }
    }

    /// <summary>Listings of <paramref name="folder"/> (front-end form, e.g. "drive/Home/x") also show file entries with these names.</summary>
    public void AddHostileNames(string folder, params string[] names) =>
        AddHostileEntries(folder, names.Select(n => new Dictionary<string, object?> { ["name"] = n }).ToArray());

    /// <summary>
    /// Listings of <paramref name="folder"/> also show these entries, JSON members as given (a hostile server: a
    /// negative or overflowing size, Go's zero time, a nanosecond timestamp, a name that is a path). Missing members
    /// get a plain file's values. No file stands behind them: a download of one answers 404.
    /// </summary>
    public void AddHostileEntries(string folder, params Dictionary<string, object?>[] entries)
    {
        lock (_gate)
        {
            var key = folder.Trim('/');
            if (!_hostile.TryGetValue(key, out var list)) _hostile[key] = list = new List<Dictionary<string, object?>>();
            list.AddRange(entries.Select(e => new Dictionary<string, object?>(e, StringComparer.Ordinal)));
        }
    }

    /// <summary>
    /// The listing entry of the real item <paramref name="path"/> ("drive/Home/x/a.bin") shows these member values
    /// instead of the true ones (e.g. modified = "0001-01-01T00:00:00Z"), while the item itself stays downloadable.
    /// </summary>
    public void OverrideListing(string path, Dictionary<string, object?> values)
    {
        lock (_gate) _listingOverrides[path.Trim('/')] = new Dictionary<string, object?>(values, StringComparer.Ordinal);
    }

    /// <summary>The next <paramref name="count"/> raw downloads send <paramref name="afterBytes"/> bytes, then nothing more (the connection stays open).</summary>
    public void StallDownloads(long afterBytes, int count = 1)
    {
        lock (_gate) { _stallDownloadAfter = afterBytes; _stallDownloadCount = count; }
    }

    /// <summary>The next <paramref name="count"/> chunk POSTs are read in full and then never answered.</summary>
    public void StallChunks(int count = 1)
    {
        lock (_gate) _stallChunkCount = count;
    }

    /// <summary>The next <paramref name="count"/> folder listings send part of their JSON, then the connection is reset.</summary>
    public void ResetListings(int count = 1)
    {
        lock (_gate) _resetListingCount = count;
    }

    /// <summary>Pause before each chunk is processed (to make uploads slow enough to interrupt).</summary>
    public int ChunkDelayMs { get { lock (_gate) return _chunkDelayMs; } set { lock (_gate) _chunkDelayMs = Math.Max(0, value); } }

    /// <summary>Raw downloads are sent at about this many KiB per second (0 = unthrottled).</summary>
    public int RawThrottleKiBps { get { lock (_gate) return _rawThrottleKiBps; } set { lock (_gate) _rawThrottleKiBps = Math.Max(0, value); } }

    /// <summary>How long a paste or cloud task runs before it finishes.</summary>
    public int TaskDelayMs { get { lock (_gate) return _taskDelayMs; } set { lock (_gate) _taskDelayMs = Math.Max(0, value); } }

    /// <summary>The next task (paste or cloud upload) fails with this reason.</summary>
    public void FailNextTask(string reason) { lock (_gate) _failNextTaskReason = reason; }

    // ---- counters ------------------------------------------------------------------------------

    /// <summary>Chunk POSTs that reached the handler (injected failures included).</summary>
    public int ChunkPosts { get { lock (_gate) return _chunkPosts; } }

    /// <summary>Chunks whose file part did not have the announced size (a body sent twice from a consumed stream would show here).</summary>
    public int ChunkMismatches { get { lock (_gate) return _chunkMismatches; } }

    /// <summary>Downloads cut off by <see cref="DropDownloads"/>.</summary>
    public int Drops { get { lock (_gate) return _drops; } }

    /// <summary>Chunk numbers stored per remote file (front-end path), in arrival order.</summary>
    public IReadOnlyDictionary<string, List<int>> ChunkReceipts { get { lock (_gate) return _chunkReceipts.ToDictionary(p => p.Key, p => p.Value.ToList()); } }

    /// <summary>Range headers of raw downloads, in arrival order ("" when none).</summary>
    public IReadOnlyList<string> RangeHeaders { get { lock (_gate) return _rangeHeaders.ToList(); } }

    /// <summary>Clears knobs and counters (stored files stay).</summary>
    public void Reset()
    {
        lock (_gate)
        {
            _failChunkNumber = _failChunkStatus = _failChunkCount = 0;
            _dropAfterBytes = 0;
            _dropCount = 0;
            _stallDownloadAfter = 0;
            _stallDownloadCount = _stallChunkCount = _resetListingCount = 0;
            _chunkDelayMs = 0;
            _rawThrottleKiBps = 0;
            _taskDelayMs = 150;
            _failNextTaskReason = null;
            _chunkPosts = _chunkMismatches = _drops = 0;
            _chunkReceipts.Clear();
            _hostile.Clear();
            _listingOverrides.Clear();
            _rangeHeaders.Clear();
        }
    }

    /// <summary>Back to an empty root: knobs and counters cleared, stored files, partial uploads, upload links and tasks gone.</summary>
    public void Clear()
    {
        Reset();
        lock (_gate)
        {
            _seeded.Clear();
            _links.Clear();
            _tasks.Clear();
            foreach (var dir in Directory.EnumerateDirectories(Root)) Directory.Delete(dir, recursive: true);
            foreach (var file in Directory.EnumerateFiles(Root)) File.Delete(file);
            Directory.CreateDirectory(PartialsRoot);
        }
    }

    internal int? TakeChunkFailure(int chunkNumber)
    {
        lock (_gate)
        {
            _chunkPosts++;
            if (_failChunkCount <= 0 || chunkNumber != _failChunkNumber) return null;
            _failChunkCount--;
            return _failChunkStatus;
        }
    }

    internal long? TakeDrop()
    {
        lock (_gate)
        {
            if (_dropCount <= 0) return null;
            _dropCount--;
            _drops++;
            return _dropAfterBytes;
        }
    }

    internal long? TakeStall()
    {
        lock (_gate)
        {
            if (_stallDownloadCount <= 0) return null;
            _stallDownloadCount--;
            return _stallDownloadAfter;
        }
    }

    internal bool TakeChunkStall()
    {
        lock (_gate)
        {
            if (_stallChunkCount <= 0) return false;
            _stallChunkCount--;
            return true;
        }
    }

    internal bool TakeListingReset()
    {
        lock (_gate)
        {
            if (_resetListingCount <= 0) return false;
            _resetListingCount--;
            return true;
        }
    }

    internal string? TakeTaskFailure()
    {
        lock (_gate)
        {
            var r = _failNextTaskReason;
            _failNextTaskReason = null;
            return r;
        }
    }

    internal void RecordChunk(string file, int number, bool mismatch)
    {
        lock (_gate)
        {
            if (mismatch) { _chunkMismatches++; return; }
            if (!_chunkReceipts.TryGetValue(file, out var list)) _chunkReceipts[file] = list = new List<int>();
            list.Add(number);
        }
    }

    internal void RecordRange(string? header) { lock (_gate) _rangeHeaders.Add(header ?? ""); }

    internal IReadOnlyList<Dictionary<string, object?>> HostileEntriesFor(string folder)
    {
        lock (_gate) return _hostile.TryGetValue(folder.Trim('/'), out var l) ? l.Select(e => new Dictionary<string, object?>(e)).ToList() : new();
    }

    internal Dictionary<string, object?>? ListingOverrideFor(string path)
    {
        lock (_gate) return _listingOverrides.TryGetValue(path.Trim('/'), out var o) ? new Dictionary<string, object?>(o) : null;
    }

    // ---- storage -------------------------------------------------------------------------------

    /// <summary>
    /// The local path of a front-end path for a user ("drive/Home/a/b"), or null when the path is not a valid
    /// location (unknown file type or extend, '..' segments). Standard folders are created on first use.
    /// </summary>
    public string? PhysicalPath(string user, string frontEndPath)
    {
        var parts = frontEndPath.Trim('/').Split('/');
        if (parts.Length < 2 || !FileTypes.Contains(parts[0]) || parts[1].Length == 0) return null;
        if (parts[0] == "drive" && parts[1] is not ("Home" or "Data" or "Common")) return null;
        if (parts[0] is "cache" or "external" && parts[1] != Node) return null;
        foreach (var p in parts.Skip(1))
        {
            if (p is "." or ".." || p.Contains('\0')) return null;
        }

        var extendRoot = Path.Combine(Root, user, parts[0], parts[1]);
        EnsureSeeded(extendRoot, parts[0], parts[1]);
        return parts.Length == 2 ? extendRoot : Path.Combine(extendRoot, Path.Combine(parts.Skip(2).ToArray()));
    }

    private void EnsureSeeded(string extendRoot, string fileType, string extend)
    {
        // Once per extend root and server, whether or not a test already wrote files there directly. The folders are
        // made under the lock: a real server's Home always exists, so no request may see it half made (parallel
        // first requests used to find drive/Home missing and answer 404).
        lock (_gate)
        {
            if (_seeded.Contains(extendRoot)) return;
            Directory.CreateDirectory(extendRoot);
            if (fileType == "drive" && extend == "Home")
            {
                foreach (var f in HomeFolders) Directory.CreateDirectory(Path.Combine(extendRoot, f));
            }
            else if (fileType == "external")
            {
                Directory.CreateDirectory(Path.Combine(extendRoot, "hdd1"));
            }

            _seeded.Add(extendRoot);
        }
    }

    internal string PartialPath(string user, string finalDir, string fileName)
    {
        var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(user + "\n" + finalDir + "\n" + fileName)));
        return Path.Combine(PartialsRoot, key);
    }

    internal string NewLink(string user, string parentDir)
    {
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        _links[token] = new UploadLink(user, parentDir);
        return token;
    }

    internal UploadLink? FindLink(string token) => _links.TryGetValue(token, out var l) ? l : null;

    internal EmulatedTask NewTask(string node, string action)
    {
        var t = new EmulatedTask("task-" + Guid.NewGuid().ToString("N")[..12], node, action);
        _tasks[t.Id] = t;
        return t;
    }

    internal EmulatedTask? FindTask(string id) => _tasks.TryGetValue(id, out var t) ? t : null;

    public void Dispose()
    {
        if (!_ownsRoot) return;
        try { Directory.Delete(Root, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}

internal sealed record UploadLink(string User, string ParentDir);

/// <summary>A paste or cloud-upload task; its work runs in the background after <see cref="FilesState.TaskDelayMs"/> of the server's clock.</summary>
internal sealed class EmulatedTask(string id, string node, string action)
{
    private readonly object _gate = new();
    private string _status = "pending";
    private int _progress;
    private string _failedReason = "";

    public string Id { get; } = id;
    public string Node { get; } = node;
    public string Action { get; } = action;

    public (string Status, int Progress, string FailedReason) Snapshot() { lock (_gate) return (_status, _progress, _failedReason); }

    public void Set(string status, int progress, string reason = "") { lock (_gate) { _status = status; _progress = progress; _failedReason = reason; } }

    /// <summary>Marks the task running, waits, runs <paramref name="work"/> (a thrown exception or an injected failure fails the task).</summary>
    public void Start(FilesState files, Action work)
    {
        var delay = files.TaskDelayMs;
        var failure = files.TakeTaskFailure();
        _ = Task.Run(async () =>
        {
            Set("running", 10);
            await files.Clock.DelayAsync(TimeSpan.FromMilliseconds(delay)).ConfigureAwait(false);
            if (failure is not null) { Set("failed", 50, failure); return; }
            try
            {
                work();
                Set("completed", 100);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException)
            {
                Set("failed", 50, e.Message);
            }
        });
    }
}
