using Olares.Storage;

namespace Olares.Tests.TestSupport;

/// <summary>A token store wrapper that counts writes and can be told to fail them.</summary>
public sealed class CountingTokenStore(ITokenStore inner) : ITokenStore
{
    private int _sets;
    private int _marks;

    public int Sets => Volatile.Read(ref _sets);

    public int MarkInvalidatedCalls => Volatile.Read(ref _marks);

    /// <summary>How many of the next Set calls throw.</summary>
    public int FailNextSets { get; set; }

    public int FailNextMarks { get; set; }

    public string Backend => inner.Backend;

    public string Location => inner.Location;

    /// <summary>Runs just before a MarkInvalidated reaches the store (to land a concurrent login in the gap).</summary>
    public Action? BeforeMark { get; set; }

    /// <summary>When set, answers Get instead of the store (a read taken earlier, by a slow command).</summary>
    public Func<string, StoredToken?>? GetOverride { get; set; }

    public StoredToken? Get(string olaresId) => GetOverride != null ? GetOverride(olaresId) : inner.Get(olaresId);

    public void Set(StoredToken token)
    {
        Interlocked.Increment(ref _sets);
        if (FailNextSets > 0)
        {
            FailNextSets--;
            throw new IOException("injected: disk full");
        }

        inner.Set(token);
    }

    public bool MarkInvalidated(string olaresId, long atUnixMs, string? expectedRefreshToken = null)
    {
        Interlocked.Increment(ref _marks);
        if (FailNextMarks > 0)
        {
            FailNextMarks--;
            throw new IOException("injected: read-only file system");
        }

        BeforeMark?.Invoke();
        return inner.MarkInvalidated(olaresId, atUnixMs, expectedRefreshToken);
    }

    public bool Delete(string olaresId) => inner.Delete(olaresId);

    public void Purge() => inner.Purge();
}

/// <summary>Captures what Core code logs in the current async flow; after <see cref="Dispose"/> it throws, like a cmdlet's log that has gone.</summary>
public sealed class CapturingLog : IOlaresLog, IDisposable
{
    private bool _disposed;

    public void Dispose() => _disposed = true;

    private void ThrowIfDisposed()
    {
        if (_disposed) throw new ObjectDisposedException(nameof(CapturingLog));
    }

    public List<string> Warnings { get; } = new();

    public List<string> All { get; } = new();

    public void Verbose(string message) { ThrowIfDisposed(); lock (All) All.Add(message); }

    public void Debug(string message) { ThrowIfDisposed(); lock (All) All.Add(message); }

    public void Warning(string message)
    {
        ThrowIfDisposed();
        lock (All)
        {
            All.Add(message);
            Warnings.Add(message);
        }
    }
}
