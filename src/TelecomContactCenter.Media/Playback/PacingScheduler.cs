using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace TelecomContactCenter.Media.Playback;

/// <summary>Something that sends one 20 ms frame per tick of the shared clock: a call's prompt player.</summary>
public interface IPacedSender
{
    /// <summary>Runs on the scheduler's tick and must not block. Tick k is due (k + 1) × 20 ms after the clock starts.</summary>
    void OnTick(long tick);
}

/// <summary>
/// The one 20 ms media clock shared by every call: 1,000 calls cost one clock, not 1,000 timers. On the real
/// clock (<see cref="TimeProvider.System"/>) a dedicated pacer thread waits for each tick's deadline on the
/// monotonic clock and sends every frame due in it right away, with one helper thread per further core sharing
/// the sends (see <c>PacingScheduler.Pacer.cs</c>). Any other provider (a test's manual clock) drives ticks
/// through its own timer, polled every 2 ms, so tests see frames synchronously with <c>Advance</c>. Either way
/// the due tick count is worked out from the clock, so a late tick sends the frames it missed (each with its
/// own timestamp) instead of stretching the audio. Thread-safe: senders live in a copy-on-write array swapped
/// under <c>_gate</c> and read without locking by the tick; <c>_pumping</c> lets only one thread run ticks.
/// </summary>
public sealed partial class PacingScheduler : IDisposable
{
    public static readonly TimeSpan TickInterval = TimeSpan.FromMilliseconds(20);

    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(2);

    private const int SendersPerSlice = 128;

    private const int MaxPacerThreads = 4;

    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly long _tickTimestampUnits;
    private IPacedSender[] _senders = [];
    private ITimer? _timer;
    private Pacer? _pacer;
    private long _start;
    private long _ticksDone;
    private int _pumping;

    public PacingScheduler(TimeProvider time, ILogger<PacingScheduler>? logger = null)
    {
        _time = time;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _tickTimestampUnits = (long)(TickInterval.TotalSeconds * time.TimestampFrequency);
    }

    public int SenderCount => Volatile.Read(ref _senders).Length;

    public long TicksDone => Interlocked.Read(ref _ticksDone);

    /// <summary>Invoked after each tick with how late its last frame left; the bench and metrics use it.</summary>
    public Action<long, TimeSpan>? TickCompleted { get; set; }

    /// <summary>Invoked as each tick begins with how late it began after its deadline.</summary>
    public Action<long, TimeSpan>? TickStarted { get; set; }

    /// <summary>
    /// Invoked after each sender's frame with how late it left after the tick's deadline: the send jitter the
    /// bench reports. Unset, it costs one field read per sender.
    /// </summary>
    public Action<IPacedSender, long, TimeSpan>? SenderTicked { get; set; }

    /// <summary>True when the pacer thread runs above normal priority (needs CAP_SYS_NICE on Linux).</summary>
    public bool PacerPriorityRaised => _pacer?.PriorityRaised ?? false;

    public void Start()
    {
        lock (_gate)
        {
            if (_timer is not null || _pacer is not null)
            {
                return;
            }

            _start = _time.GetTimestamp();
            if (ReferenceEquals(_time, TimeProvider.System))
            {
                _pacer = new Pacer(this, Math.Clamp(Environment.ProcessorCount, 1, MaxPacerThreads));
                return;
            }

            // Poll well inside the tick so a frame leaves at most a poll interval after it is due.
            _timer = _time.CreateTimer(static s => ((PacingScheduler)s!).Pump(), this, PollInterval, PollInterval);
        }
    }

    /// <summary>Adds a stream; dispose the returned handle to remove it on every call-end path.</summary>
    public IDisposable Register(IPacedSender stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        lock (_gate)
        {
            _senders = [.. _senders, stream];
        }

        return new Registration(this, stream);
    }

    /// <summary>Runs every tick that is due by now. Safe to call from any thread; overlapping calls return at once.</summary>
    public void Pump()
    {
        if (Interlocked.Exchange(ref _pumping, 1) == 1)
        {
            return;
        }

        try
        {
            // Due is re-read after every tick so a tick that overran is caught up in the same pass.
            while (_ticksDone < (_time.GetTimestamp() - _start) / _tickTimestampUnits)
            {
                var tick = _ticksDone;
                if (TickStarted is { } starting)
                {
                    starting(tick, _time.GetElapsedTime(_start + ((tick + 1) * _tickTimestampUnits), _time.GetTimestamp()));
                }

                RunTick(Volatile.Read(ref _senders), tick);

                Interlocked.Increment(ref _ticksDone);
                if (TickCompleted is { } observer)
                {
                    var scheduled = _start + ((tick + 1) * _tickTimestampUnits);
                    observer(tick, _time.GetElapsedTime(scheduled, _time.GetTimestamp()));
                }
            }
        }
        finally
        {
            Volatile.Write(ref _pumping, 0);
        }
    }

    /// <summary>
    /// A sender costs a few microseconds (mostly the UDP send), so a thousand calls on one thread would take
    /// most of the 20 ms; above a few hundred senders the tick is split into contiguous slices, one per core.
    /// Each sender stays in one slice, so its own frames stay in order.
    /// </summary>
    private void RunTick(IPacedSender[] senders, long tick)
    {
        var slices = Math.Min(Environment.ProcessorCount, senders.Length / SendersPerSlice);
        if (slices <= 1)
        {
            RunSlice(senders, 0, senders.Length, tick);
            return;
        }

        if (_pacer is { } pacer)
        {
            pacer.RunSlices(senders, tick);
            return;
        }

        Parallel.For(0, slices, slice =>
            RunSlice(senders, senders.Length * slice / slices, senders.Length * (slice + 1) / slices, tick));
    }

    // One call's failure must not stop the clock for every other call, nor escape into the timer thread.
    private void RunSlice(IPacedSender[] senders, int start, int end, long tick)
    {
        var observer = SenderTicked;
        var deadline = _start + ((tick + 1) * _tickTimestampUnits);
        for (var i = start; i < end; i++)
        {
            try
            {
                senders[i].OnTick(tick);
                observer?.Invoke(senders[i], tick, _time.GetElapsedTime(deadline, _time.GetTimestamp()));
            }
            catch (Exception ex)
            {
                LogSenderFailed(_logger, tick, ex);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A paced sender failed on tick {Tick}")]
    private static partial void LogSenderFailed(ILogger logger, long tick, Exception exception);

    public void Dispose()
    {
        lock (_gate)
        {
            _timer?.Dispose();
            _timer = null;
            _pacer?.Dispose();
            _pacer = null;
        }
    }

    private void Remove(IPacedSender stream)
    {
        lock (_gate)
        {
            var index = Array.IndexOf(_senders, stream);
            if (index >= 0)
            {
                _senders = [.. _senders[..index], .. _senders[(index + 1)..]];
            }
        }
    }

    private sealed class Registration(PacingScheduler owner, IPacedSender stream) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.Remove(stream);
            }
        }
    }
}
