using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace TelecomContactCenter.Sip.Protection;

/// <summary>Why protection refused a request before any transaction was created for it.</summary>
public enum RefusalReason
{
    /// <summary>The source is banned: dropped.</summary>
    Banned,

    /// <summary>A known scanner's User-Agent: dropped.</summary>
    Scanner,

    /// <summary>Over the per-source rate: dropped.</summary>
    RateLimited,

    /// <summary>An INVITE from a source that is neither a trunk nor a registered phone: one stateless 403.</summary>
    Forbidden,

    /// <summary>Over the transaction or in-flight limit: one stateless 503 with Retry-After.</summary>
    Overloaded,
}

/// <summary>
/// Counts refusals (published on the "TelecomContactCenter.Sip" meter as <c>sip.requests.refused</c>, tagged with the
/// reason) and logs them as one summary line per <c>Sip:SecurityEvents:RefusalSummaryInterval</c> at most, however
/// many arrive: a flood costs counter increments, not log lines. Thread-safe: Interlocked counters; the line is
/// written by whichever refusal first finds the interval over.
/// </summary>
public sealed partial class RefusalCounters : IDisposable
{
    private static readonly RefusalReason[] Reasons = Enum.GetValues<RefusalReason>();
    private readonly Meter _meter = new(Transport.SipTransportStatistics.MeterName);
    private readonly long[] _totals = new long[Reasons.Length];
    private readonly long[] _sinceSummary = new long[Reasons.Length];
    private readonly TimeProvider _time;
    private readonly long _intervalTicks;
    private readonly ILogger _logger;
    private long _lastSummary;
    private IPAddress? _lastSource;

    public RefusalCounters(TimeProvider time, IOptions<SipProtectionOptions> options, ILogger<RefusalCounters> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _time = time;
        _logger = logger;
        _intervalTicks = (long)(options.Value.SecurityEvents.RefusalSummaryInterval.TotalSeconds * time.TimestampFrequency);
        _lastSummary = time.GetTimestamp() - _intervalTicks;
        _meter.CreateObservableCounter("sip.requests.refused", () => Reasons.Select(reason =>
            new Measurement<long>(Count(reason), new KeyValuePair<string, object?>("reason", reason.ToString()))));
    }

    /// <summary>Summary lines written so far.</summary>
    public long SummariesLogged { get; private set; }

    public long Count(RefusalReason reason) => Interlocked.Read(ref _totals[(int)reason]);

    public long Total => Reasons.Sum(Count);

    public void Add(RefusalReason reason, IPAddress source)
    {
        Interlocked.Increment(ref _totals[(int)reason]);
        Interlocked.Increment(ref _sinceSummary[(int)reason]);
        _lastSource = source;
        var now = _time.GetTimestamp();
        var last = Interlocked.Read(ref _lastSummary);
        if (now - last < _intervalTicks || Interlocked.CompareExchange(ref _lastSummary, now, last) != last)
        {
            return;
        }

        SummariesLogged++;
        LogSummary(_logger,
            Interlocked.Exchange(ref _sinceSummary[(int)RefusalReason.Forbidden], 0),
            Interlocked.Exchange(ref _sinceSummary[(int)RefusalReason.Overloaded], 0),
            Interlocked.Exchange(ref _sinceSummary[(int)RefusalReason.Banned], 0)
                + Interlocked.Exchange(ref _sinceSummary[(int)RefusalReason.Scanner], 0)
                + Interlocked.Exchange(ref _sinceSummary[(int)RefusalReason.RateLimited], 0),
            _lastSource);
    }

    public void Dispose() => _meter.Dispose();

    [LoggerMessage(EventId = 1301, Level = LogLevel.Warning,
        Message = "SIP requests refused since the last summary: {Forbidden} answered 403, {Overloaded} answered 503, {Dropped} dropped (banned, scanner or over the rate); latest from {Source}")]
    private static partial void LogSummary(ILogger logger, long forbidden, long overloaded, long dropped, IPAddress? source);
}
