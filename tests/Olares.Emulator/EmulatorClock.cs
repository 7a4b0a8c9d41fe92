namespace Olares.Emulator;

/// <summary>
/// The emulator's own clock: real time, shifted by whatever the tests advanced it by, optionally running faster than
/// real time. Token issue and expiry, the market's state machine and the refresh latency all read it, so a test moves
/// them forward with <see cref="Advance"/> (or <c>POST /_admin/clock</c>) instead of sleeping. Clients keep the real
/// clock, which is what a server with a skewed clock looks like to them.
/// </summary>
public sealed class EmulatorClock
{
    private readonly object _gate = new();
    private readonly TimeProvider _real;
    private DateTimeOffset _realAnchor;
    private DateTimeOffset _virtualAnchor;
    private double _rate = 1;
    private TaskCompletionSource _changed = NewSignal();

    /// <param name="real">The underlying clock (the system's when null).</param>
    public EmulatorClock(TimeProvider? real = null)
    {
        _real = real ?? TimeProvider.System;
        _realAnchor = _virtualAnchor = _real.GetUtcNow();
    }

    /// <summary>How far the clock is ahead of real time now (negative: behind).</summary>
    public TimeSpan Offset
    {
        get
        {
            lock (_gate)
            {
                var real = _real.GetUtcNow();
                return NowLocked(real) - real;
            }
        }
    }

    /// <summary>Virtual seconds per real second (1 = real time). Changing it keeps the current time.</summary>
    public double Rate
    {
        get { lock (_gate) return _rate; }
        set
        {
            if (!(value > 0) || double.IsInfinity(value)) throw new ArgumentOutOfRangeException(nameof(value), "rate must be a positive number");
            lock (_gate)
            {
                Reanchor();
                _rate = value;
            }
            Signal();
        }
    }

    /// <summary>The emulator's current time.</summary>
    public DateTimeOffset UtcNow { get { lock (_gate) return NowLocked(_real.GetUtcNow()); } }

    /// <summary>Moves the clock by <paramref name="by"/> (negative moves it back); running delays see it at once.</summary>
    public void Advance(TimeSpan by)
    {
        lock (_gate)
        {
            Reanchor();
            _virtualAnchor += by;
        }
        Signal();
    }

    /// <summary>Back to real time at rate 1.</summary>
    public void Reset()
    {
        lock (_gate)
        {
            _realAnchor = _virtualAnchor = _real.GetUtcNow();
            _rate = 1;
        }
        Signal();
    }

    /// <summary>Waits until this clock has moved on by <paramref name="delay"/>: through real time, the rate, or <see cref="Advance"/>.</summary>
    public async Task DelayAsync(TimeSpan delay, CancellationToken ct = default)
    {
        var due = UtcNow + delay;
        while (true)
        {
            Task changed;
            TimeSpan realWait;
            lock (_gate)
            {
                var left = due - NowLocked(_real.GetUtcNow());
                if (left <= TimeSpan.Zero) return;
                changed = _changed.Task;
                realWait = TimeSpan.FromTicks(Math.Max(1, (long)Math.Ceiling(left.Ticks / _rate)));
            }
            await Task.WhenAny(Task.Delay(realWait, ct), changed).ConfigureAwait(false);
            ct.ThrowIfCancellationRequested();
        }
    }

    private DateTimeOffset NowLocked(DateTimeOffset real)
        => _virtualAnchor + TimeSpan.FromTicks((long)((real - _realAnchor).Ticks * _rate));

    private void Reanchor()
    {
        var real = _real.GetUtcNow();
        _virtualAnchor = NowLocked(real);
        _realAnchor = real;
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
