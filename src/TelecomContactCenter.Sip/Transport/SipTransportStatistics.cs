using System.Diagnostics.Metrics;

namespace TelecomContactCenter.Sip.Transport;

/// <summary>
/// Counters of the transport layer, readable in-process and published on the "TelecomContactCenter.Sip" meter.
/// Thread-safe: counters change only through Interlocked.
/// </summary>
public sealed class SipTransportStatistics : IDisposable
{
    public const string MeterName = "TelecomContactCenter.Sip";

    private readonly Meter _meter = new(MeterName);
    private long _received;
    private long _malformedAnswered;
    private long _malformedDropped;
    private long _sendFailures;
    private long _overloadDropped;

    public SipTransportStatistics()
    {
        _meter.CreateObservableCounter("sip.messages.received", () => Received);
        _meter.CreateObservableCounter("sip.messages.malformed.answered", () => MalformedAnswered);
        _meter.CreateObservableCounter("sip.messages.malformed.dropped", () => MalformedDropped);
        _meter.CreateObservableCounter("sip.send.failures", () => SendFailures);
        _meter.CreateObservableCounter("sip.messages.overload.dropped", () => OverloadDropped);
    }

    public long Received => Interlocked.Read(ref _received);

    /// <summary>Malformed requests answered with 400 (or 505).</summary>
    public long MalformedAnswered => Interlocked.Read(ref _malformedAnswered);

    /// <summary>Malformed messages no response could be formed for.</summary>
    public long MalformedDropped => Interlocked.Read(ref _malformedDropped);

    public long SendFailures => Interlocked.Read(ref _sendFailures);

    /// <summary>UDP datagrams dropped because the worker that owns their call had a full queue.</summary>
    public long OverloadDropped => Interlocked.Read(ref _overloadDropped);

    public void Dispose() => _meter.Dispose();

    internal void OnReceived() => Interlocked.Increment(ref _received);

    internal void OnMalformedAnswered() => Interlocked.Increment(ref _malformedAnswered);

    internal void OnMalformedDropped() => Interlocked.Increment(ref _malformedDropped);

    internal void OnSendFailure() => Interlocked.Increment(ref _sendFailures);

    internal void OnOverloadDropped() => Interlocked.Increment(ref _overloadDropped);
}
