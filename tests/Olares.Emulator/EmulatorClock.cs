namespace Olares.Emulator;

/// <summary>
/// The emulator's own clock: real time, moved by whatever the tests advanced it by, and optionally by a fixed step on
/// every request the server receives (so time passes with the client's traffic, not with the machine's load). Token
/// issue and expiry, the market's state machine and the refresh latency all read it, so a test moves them forward with
/// <see cref="Advance"/> (or <c>POST /_admin/clock</c>) instead of sleeping. Clients keep the real clock, which is
/// what a server with a skewed clock looks like to them.
/// </summary>
public sealed class EmulatorClock
{
    private readonly object _gate = new();
    private TimeSpan _offset;
    private TimeSpan _perRequest;
    private TaskCompletionSource _changed = NewSignal();

    /// <summary>The emulator's current time.</summary>
    public DateTimeOffset UtcNow { get { lock (_gate) return DateTimeOffset.UtcNow + _offset; } }

    /// <summary>How far the clock is ahead of real time (negative: behind).</summary>
    public TimeSpan Offset { get { lock (_gate) return _offset; } }

    /// <summary>How far every request to a service (not /_admin) moves the clock before it is handled; zero by default.</summary>
    public TimeSpan AdvancePerRequest
    {
        get { lock (_gate) return _perRequest; }
        set
        {
            if (value < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(value), "the step per request cannot be negative");
            lock (_gate) _perRequest = value;
        }
    }

    /// <summary>Moves the clock by <paramref name="by"/> (negative moves it back); running delays see it at once.</summary>
    public void Advance(TimeSpan by)
    {
        lock (_gate) _offset += by;
        Signal();
    }

    /// <summary>Back to real time, no step per request.</summary>
    public void Reset()
    {
        lock (_gate)
        {
            _offset = TimeSpan.Zero;
            _perRequest = TimeSpan.Zero;
        }
        Signal();
    }

    /// <summary>Waits until this clock has moved on by <paramref name="delay"/>, through real time or <see cref="Advance"/>.</summary>
    public async Task DelayAsync(TimeSpan delay, CancellationToken ct = default)
    {
        var due = UtcNow + delay;
        while (true)
        {
            Task changed;
            TimeSpan left;
            lock (_gate)
            {
                left = due - (DateTimeOffset.UtcNow + _offset);
                changed = _changed.Task;
            }
            if (left <= TimeSpan.Zero) return;
            await Task.WhenAny(Task.Delay(left, ct), changed).ConfigureAwait(false);
            ct.ThrowIfCancellationRequested();
        }
    }

    /// <summary>A request arrived: moves the clock by <see cref="AdvancePerRequest"/>.</summary>
    internal void OnRequest()
    {
        TimeSpan step;
        lock (_gate) step = _perRequest;
        if (step > TimeSpan.Zero) Advance(step);
    }

    private void Signal()
    {
        TaskCompletionSource fired;
        lock (_gate)
        {
            fired = _changed;
            _changed = NewSignal();
        }
        fired.TrySetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
