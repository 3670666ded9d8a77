using System.Collections.Concurrent;
using System.Diagnostics;

namespace TelecomContactCenter.PopBench;

/// <summary>Stopwatch timestamps of one call, each written once by the part of the bench that saw it.</summary>
internal sealed class CallTimes(long inviteSent)
{
    public long InviteSent { get; } = inviteSent;

    public long IvrAnswered;
    public long PhoneInvite;
    public long PopReceived;
    public int FinalStatus;
    public bool Ended;
    public string? Agent;

    /// <summary>host:port of the node that answered the INVITE (its 200's Contact).</summary>
    public string? AnsweredBy;
}

/// <summary>
/// The one clock's record of every call, by SIP Call-ID: the trunk adds the call when it sends the INVITE, the
/// phones and desktops stamp what they see. Thread-safe: a concurrent map; each field has one writer.
/// </summary>
internal sealed class CallLog
{
    private readonly ConcurrentDictionary<string, CallTimes> _calls = new(StringComparer.Ordinal);
    private long _popsForUnknownCalls;
    private long _duplicatePops;

    public int Offered => _calls.Count;

    public long PopsForUnknownCalls => Interlocked.Read(ref _popsForUnknownCalls);

    public long DuplicatePops => Interlocked.Read(ref _duplicatePops);

    public IEnumerable<CallTimes> Calls => _calls.Values;

    public CallTimes Start(string callId)
    {
        var times = new CallTimes(Stopwatch.GetTimestamp());
        _calls[callId] = times;
        return times;
    }

    public CallTimes? Find(string callId) => _calls.GetValueOrDefault(callId);

    public void PopReceived(string callId, string agent, long at)
    {
        if (!_calls.TryGetValue(callId, out var times))
        {
            Interlocked.Increment(ref _popsForUnknownCalls);
            return;
        }

        if (Interlocked.CompareExchange(ref times.PopReceived, at, 0) != 0)
        {
            Interlocked.Increment(ref _duplicatePops);
            return;
        }

        times.Agent = agent;
    }

    public void PhoneInvited(string callId, long at)
    {
        if (_calls.TryGetValue(callId, out var times))
        {
            Interlocked.CompareExchange(ref times.PhoneInvite, at, 0);
        }
    }
}

/// <summary>Nearest-rank percentiles over a sorted list of milliseconds.</summary>
internal static class Percentiles
{
    public static double Of(IReadOnlyList<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[(int)Math.Clamp(Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

    public static double Milliseconds(long from, long to) => Stopwatch.GetElapsedTime(from, to).TotalMilliseconds;
}
