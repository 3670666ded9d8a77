using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;

namespace TelecomContactCenter.Testing;

/// <summary>
/// <see cref="FakeTimeProvider"/> that also tells a test about the timers armed on it: how many are armed now (a
/// component that leaks timers, or keeps one it no longer needs, shows here) and each due time as it is armed (so a
/// test awaits the moment a background loop has armed its next wait before it moves the clock, instead of polling).
/// The clock itself, and when timers fire, is FakeTimeProvider's.
/// </summary>
public sealed class WatchedTimeProvider : FakeTimeProvider
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);
    private readonly Lock _gate = new();
    private readonly HashSet<WatchedTimer> _armed = [];
    private readonly Channel<TimeSpan> _armings = Channel.CreateUnbounded<TimeSpan>();
    private TaskCompletionSource? _anyArmed;

    /// <summary>Starts at FakeTimeProvider's default instant.</summary>
    public WatchedTimeProvider()
    {
    }

    public WatchedTimeProvider(DateTimeOffset start)
        : base(start)
    {
    }

    /// <summary>Timers that will fire if the clock moves far enough.</summary>
    public int ActiveTimerCount
    {
        get
        {
            lock (_gate)
            {
                return _armed.Count;
            }
        }
    }

    /// <summary>The due time of the next timer armed (created or changed with a finite due time), in arming order.</summary>
    public Task<TimeSpan> NextTimerAsync(CancellationToken cancellationToken = default) =>
        _armings.Reader.ReadAsync(cancellationToken).AsTask().WaitAsync(Bound, cancellationToken);

    /// <summary>
    /// Completes once at least one timer is armed (at once if one is): a component working on its own thread has
    /// reached its next wait, so moving the clock now reaches that wait. Fails after 20 s of real time, a bound on a
    /// hang.
    /// </summary>
    public Task UntilTimerArmedAsync()
    {
        lock (_gate)
        {
            if (_armed.Count > 0)
            {
                return Task.CompletedTask;
            }

            _anyArmed ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _anyArmed.Task.WaitAsync(Bound);
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new WatchedTimer(this);
        timer.Inner = base.CreateTimer(timer.Fire, (callback, state), Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        timer.Change(dueTime, period);
        return timer;
    }

    private void Armed(WatchedTimer timer, TimeSpan? dueTime)
    {
        lock (_gate)
        {
            if (dueTime is null)
            {
                _armed.Remove(timer);
            }
            else
            {
                _armed.Add(timer);
                _anyArmed?.TrySetResult();
                _anyArmed = null;
            }
        }

        if (dueTime is { } due)
        {
            _armings.Writer.TryWrite(due);
        }
    }

    private sealed class WatchedTimer(WatchedTimeProvider owner) : ITimer
    {
        private bool _periodic;

        public ITimer Inner { get; set; } = null!;

        public void Fire(object? state)
        {
            if (!_periodic)
            {
                owner.Armed(this, null);
            }

            var (callback, inner) = ((TimerCallback, object?))state!;
            callback(inner);
        }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            _periodic = period != Timeout.InfiniteTimeSpan && period > TimeSpan.Zero;
            if (!Inner.Change(dueTime, period))
            {
                return false;
            }

            owner.Armed(this, dueTime == Timeout.InfiniteTimeSpan ? null : dueTime);
            return true;
        }

        public void Dispose()
        {
            owner.Armed(this, null);
            Inner.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
