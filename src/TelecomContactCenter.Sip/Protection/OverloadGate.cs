using Microsoft.Extensions.Options;

namespace TelecomContactCenter.Sip.Protection;

/// <summary>
/// Admission control for new server transactions: above the in-flight or queue-depth limit the caller answers
/// 503 Service Unavailable with <see cref="RetryAfterSeconds"/> (RFC 3261 §21.5.4) rather than queueing work it
/// cannot finish. Thread-safe: counters are updated with Interlocked only.
/// </summary>
public sealed class OverloadGate
{
    private readonly int _maxInFlight;
    private readonly int _maxQueueDepth;
    private int _inFlight;
    private int _queueDepth;
    private long _rejected;

    public OverloadGate(IOptions<SipProtectionOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var settings = options.Value.Overload;
        _maxInFlight = settings.MaxInFlightTransactions;
        _maxQueueDepth = settings.MaxQueueDepth;
        RetryAfterSeconds = settings.RetryAfterSeconds;
    }

    public int RetryAfterSeconds { get; }

    public int InFlight => Volatile.Read(ref _inFlight);

    public long Rejected => Interlocked.Read(ref _rejected);

    public bool IsOverloaded => InFlight >= _maxInFlight || Volatile.Read(ref _queueDepth) >= _maxQueueDepth;

    /// <summary>Claims a slot for a new transaction; every true must be paired with one <see cref="Exit"/>.</summary>
    public bool TryEnter()
    {
        if (Volatile.Read(ref _queueDepth) >= _maxQueueDepth)
        {
            Interlocked.Increment(ref _rejected);
            return false;
        }

        if (Interlocked.Increment(ref _inFlight) > _maxInFlight)
        {
            Interlocked.Decrement(ref _inFlight);
            Interlocked.Increment(ref _rejected);
            return false;
        }

        return true;
    }

    public void Exit()
    {
        if (Interlocked.Decrement(ref _inFlight) < 0)
        {
            Interlocked.Increment(ref _inFlight);
            throw new InvalidOperationException("OverloadGate.Exit called without a matching TryEnter.");
        }
    }

    /// <summary>The host reports its work-queue length (e.g. the inbound channel's count) as it changes.</summary>
    public void ReportQueueDepth(int depth) => Volatile.Write(ref _queueDepth, Math.Max(0, depth));
}
