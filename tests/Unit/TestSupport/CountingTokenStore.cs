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

    public StoredToken? Get(string olaresId) => inner.Get(olaresId);

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

    public void MarkInvalidated(string olaresId, long atUnixMs)
    {
        Interlocked.Increment(ref _marks);
        if (FailNextMarks > 0)
        {
            FailNextMarks--;
            throw new IOException("injected: read-only file system");
        }

        inner.MarkInvalidated(olaresId, atUnixMs);
    }

    public bool Delete(string olaresId) => inner.Delete(olaresId);

    public void Purge() => inner.Purge();
}

/// <summary>Captures what Core code logs in the current async flow.</summary>
public sealed class CapturingLog : IOlaresLog
{
    public List<string> Warnings { get; } = new();

    public List<string> All { get; } = new();

    public void Verbose(string message) { lock (All) All.Add(message); }

    public void Debug(string message) { lock (All) All.Add(message); }

    public void Warning(string message)
    {
        lock (All)
        {
            All.Add(message);
            Warnings.Add(message);
        }
    }
}
