using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace TelecomContactCenter.Media.Playback;

/// <summary>Something that sends one 20 ms frame per tick of the shared clock: a call's prompt player.</summary>
public interface IPacedSender
{
    /// <summary>
    /// Runs on the scheduler's tick and must not block. Tick k of a sender in phase slot s is due
    /// (k + 1) × 20 ms + s × <see cref="PacingScheduler.PhaseSlotInterval"/> after the clock starts.
    /// </summary>
    void OnTick(long tick);
}

/// <summary>
/// The one 20 ms media clock shared by every call: 1,000 calls cost one clock, not 1,000 timers. The 20 ms
/// period is cut into <see cref="PhaseSlotCount"/> phase slots; each call gets the least-loaded slot when it
/// registers and keeps it until it ends, so its frames leave at the same offset in every period (a steady
/// cadence) while each wake-up of the clock sends only a small batch. Sending all calls in one burst instead
/// made a call's send time depend on how fast every call before it in the burst went, and that varied by
/// milliseconds at 1,000 calls. On the real clock (<see cref="TimeProvider.System"/>) pacer threads (one per core
/// but one, up to four) each own an interleaved share of the slots (see <c>PacingScheduler.Pacer.cs</c>); any other provider (a test's
/// manual clock) drives the slots through its own timer, polled once per slot, so tests see frames
/// synchronously with <c>Advance</c>. Either way a late wake-up runs every slot it missed, in order, each frame
/// with its own timestamp, instead of stretching the audio. Thread-safe: each slot's senders are a
/// copy-on-write array swapped under <c>_gate</c> and read without locking; a slot belongs to exactly one
/// <see cref="Lane"/>, and a lane is run by one thread at a time.
/// </summary>
public sealed partial class PacingScheduler : IDisposable
{
    public const int PhaseSlotCount = 20;

    public static readonly TimeSpan TickInterval = TimeSpan.FromMilliseconds(20);

    public static readonly TimeSpan PhaseSlotInterval = TickInterval / PhaseSlotCount;

    private const int MaxPacerThreads = 4;

    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly long _tickTimestampUnits;
    private readonly long _slotTimestampUnits;
    private readonly IPacedSender[][] _slots;
    private ITimer? _timer;
    private Lane? _timerLane;
    private Pacer? _pacer;
    private long _start;
    private int _senderCount;
    private int _pumping;

    public PacingScheduler(TimeProvider time, ILogger<PacingScheduler>? logger = null)
    {
        _time = time;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _tickTimestampUnits = (long)(TickInterval.TotalSeconds * time.TimestampFrequency);
        _slotTimestampUnits = _tickTimestampUnits / PhaseSlotCount;
        _slots = [.. Enumerable.Range(0, PhaseSlotCount).Select(_ => Array.Empty<IPacedSender>())];
    }

    public int SenderCount => Volatile.Read(ref _senderCount);

    /// <summary>Invoked after each slot's batch with how late its last frame left; the bench and metrics use it.</summary>
    public Action<long, TimeSpan>? TickCompleted { get; set; }

    /// <summary>Invoked as each slot's batch begins with how late it began after the slot's deadline.</summary>
    public Action<long, TimeSpan>? TickStarted { get; set; }

    /// <summary>
    /// Invoked after each sender's frame with how late it left after its own deadline (its tick plus its phase
    /// slot): the send jitter the bench reports. Unset, it costs one field read per sender.
    /// </summary>
    public Action<IPacedSender, long, TimeSpan>? SenderTicked { get; set; }

    /// <summary>True when the pacer threads run above normal priority: SCHED_FIFO or nice −10 (needs CAP_SYS_NICE on Linux).</summary>
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
                _pacer = new Pacer(this, LaneCount(Environment.ProcessorCount));
                return;
            }

            _timerLane = new Lane(this, 0, 1);
            _timer = _time.CreateTimer(static s => ((PacingScheduler)s!).Pump(), this, PhaseSlotInterval, PhaseSlotInterval);
        }
    }

    /// <summary>Adds a stream in the least-loaded phase slot; dispose the returned handle to remove it on every call-end path.</summary>
    public IDisposable Register(IPacedSender stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        int slot;
        lock (_gate)
        {
            slot = 0;
            for (var s = 1; s < _slots.Length; s++)
            {
                if (_slots[s].Length < _slots[slot].Length)
                {
                    slot = s;
                }
            }

            Volatile.Write(ref _slots[slot], [.. _slots[slot], stream]);
            _senderCount++;
        }

        return new Registration(this, stream, slot);
    }

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

    /// <summary>
    /// How many pacer threads share the slots: one per core but one (the pacers may run real-time, and the
    /// rest of the server needs a core), up to a few, and a divisor of the slot count so a slot never changes
    /// thread. On two cores one thread sends 1,000 calls in about a third of its time.
    /// </summary>
    internal static int LaneCount(int processors)
    {
        var lanes = Math.Clamp(processors - 1, 1, MaxPacerThreads);
        while (PhaseSlotCount % lanes != 0)
        {
            lanes--;
        }

        return lanes;
    }

    // Sub-tick j is tick j / slots in slot j % slots; with slot offsets a fraction of the tick, deadlines rise with j.
    private long Deadline(long subTick) =>
        _start + (((subTick / PhaseSlotCount) + 1) * _tickTimestampUnits) + ((subTick % PhaseSlotCount) * _slotTimestampUnits);

    private void Pump()
    {
        if (Interlocked.Exchange(ref _pumping, 1) == 1)
        {
            return;
        }

        try
        {
            _timerLane?.RunDue();
        }
        finally
        {
            Volatile.Write(ref _pumping, 0);
        }
    }

    private void RunSubTick(long subTick)
    {
        var senders = Volatile.Read(ref _slots[subTick % PhaseSlotCount]);
        if (senders.Length == 0)
        {
            return;
        }

        var tick = subTick / PhaseSlotCount;
        var deadline = Deadline(subTick);
        TickStarted?.Invoke(tick, _time.GetElapsedTime(deadline, _time.GetTimestamp()));
        RunBatch(senders, tick, deadline);
        TickCompleted?.Invoke(tick, _time.GetElapsedTime(deadline, _time.GetTimestamp()));
    }

    // One call's failure must not stop the clock for every other call, nor escape into the pacer thread.
    private void RunBatch(IPacedSender[] senders, long tick, long deadline)
    {
        var observer = SenderTicked;
        foreach (var sender in senders)
        {
            try
            {
                sender.OnTick(tick);
                observer?.Invoke(sender, tick, _time.GetElapsedTime(deadline, _time.GetTimestamp()));
            }
            catch (Exception ex)
            {
                LogSenderFailed(_logger, tick, ex);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A paced sender failed on tick {Tick}")]
    private static partial void LogSenderFailed(ILogger logger, long tick, Exception exception);

    private void Remove(IPacedSender stream, int slot)
    {
        lock (_gate)
        {
            var senders = _slots[slot];
            var index = Array.IndexOf(senders, stream);
            if (index >= 0)
            {
                Volatile.Write(ref _slots[slot], [.. senders[..index], .. senders[(index + 1)..]]);
                _senderCount--;
            }
        }
    }

    private sealed class Registration(PacingScheduler owner, IPacedSender stream, int slot) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.Remove(stream, slot);
            }
        }
    }
}
