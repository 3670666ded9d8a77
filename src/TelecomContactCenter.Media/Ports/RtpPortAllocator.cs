using System.Diagnostics.CodeAnalysis;

namespace TelecomContactCenter.Media.Ports;

public sealed class RtpPortOptions
{
    public const string SectionName = "Media:RtpPorts";

    public int MinPort { get; set; } = 20000;

    public int MaxPort { get; set; } = 20999;

    /// <summary>
    /// The share of the pairs (percent) that calls the service answers (the IVR's leg of an inbound call) may hold at
    /// once; the rest stays for the legs the service places (agents' phones, callbacks). Every caller admitted is
    /// then sure of a pair for the agent's leg: without it, a burst of callers could take every pair and leave none
    /// to bridge any of them to an agent until some hung up. 100 turns the reservation off.
    /// </summary>
    public int AnsweredSharePercent { get; set; } = 50;

    /// <summary>Throws with the configuration key when the range cannot hold one even RTP/RTCP pair.</summary>
    public void Validate()
    {
        if (MinPort is < 1024 or > 65534)
        {
            throw new InvalidOperationException($"{SectionName}:{nameof(MinPort)} must be within 1024-65534, not {MinPort}.");
        }

        if (MaxPort is > 65535 || MaxPort < MinPort)
        {
            throw new InvalidOperationException($"{SectionName}:{nameof(MaxPort)} must be within {MinPort}-65535, not {MaxPort}.");
        }

        if (FirstEven(MinPort) + 1 > MaxPort)
        {
            throw new InvalidOperationException($"{SectionName}: {MinPort}-{MaxPort} holds no even RTP port with RTCP on the next port.");
        }

        if (AnsweredSharePercent is < 1 or > 100)
        {
            throw new InvalidOperationException($"{SectionName}:{nameof(AnsweredSharePercent)} must be within 1-100, not {AnsweredSharePercent}.");
        }
    }

    /// <summary>Even RTP ports with RTCP on the next port that the range holds (call after <see cref="Validate"/>).</summary>
    public int PairCount => ((MaxPort - FirstEven(MinPort) - 1) / 2) + 1;

    internal static int FirstEven(int port) => port + (port & 1);
}

/// <summary>Whose leg a pair is for: a call the service answers (inbound) or one it places (agent phone, callback).</summary>
public enum RtpPortUse
{
    Placed,
    Answered,
}

/// <summary>
/// Hands out even RTP ports with RTCP on the next port (RFC 3550 §11) from a configured range, answered calls' legs
/// within their share (<see cref="RtpPortOptions.AnsweredSharePercent"/>). Thread-safe: one lock guards the in-use
/// table, the counts and the cursor. The cursor moves on after every allocation so a port just
/// released is the last to be reused, which keeps late packets of an old call away from a new one.
/// </summary>
public sealed class RtpPortAllocator
{
    private readonly Lock _gate = new();
    private readonly int _firstPort;
    private readonly bool[] _inUse;
    private int _cursor;
    private int _inUseCount;
    private int _answeredInUse;

    /// <param name="options">The port range.</param>
    /// <param name="maxPairsInUse">
    /// At most this many pairs leased at once, however wide the range: each pair is two open sockets, and a process
    /// that runs out of file descriptors cannot even start a thread (the host sizes this from its open-file limit).
    /// </param>
    public RtpPortAllocator(RtpPortOptions options, int maxPairsInUse = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxPairsInUse);
        options.Validate();
        _firstPort = RtpPortOptions.FirstEven(options.MinPort);
        _inUse = new bool[options.PairCount];
        Limit = Math.Min(maxPairsInUse, _inUse.Length);
        AnsweredLimit = Math.Max(1, Limit * options.AnsweredSharePercent / 100);
    }

    /// <summary>Pairs in the configured range.</summary>
    public int Capacity => _inUse.Length;

    /// <summary>Pairs that may be leased at once: the range, or fewer when the descriptor budget is smaller.</summary>
    public int Limit { get; }

    /// <summary>Pairs that legs of answered calls may hold at once (at least one).</summary>
    public int AnsweredLimit { get; }

    public int InUse
    {
        get
        {
            lock (_gate)
            {
                return _inUseCount;
            }
        }
    }

    /// <summary>
    /// False when <see cref="Limit"/> pairs are leased, or for an answered call's leg when <see cref="AnsweredLimit"/>
    /// are: the caller rejects the call (SIP 503) rather than waiting.
    /// </summary>
    public bool TryAllocate([NotNullWhen(true)] out RtpPortLease? lease, RtpPortUse use = RtpPortUse.Placed)
    {
        lock (_gate)
        {
            var answered = use == RtpPortUse.Answered;
            for (var i = 0; i < _inUse.Length && _inUseCount < Limit && (!answered || _answeredInUse < AnsweredLimit); i++)
            {
                var slot = (_cursor + i) % _inUse.Length;
                if (_inUse[slot])
                {
                    continue;
                }

                _inUse[slot] = true;
                _inUseCount++;
                _answeredInUse += answered ? 1 : 0;
                _cursor = (slot + 1) % _inUse.Length;
                lease = new RtpPortLease(this, _firstPort + (2 * slot), answered);
                return true;
            }
        }

        lease = null;
        return false;
    }

    internal void Release(int rtpPort, bool answered)
    {
        lock (_gate)
        {
            var slot = (rtpPort - _firstPort) / 2;
            if (_inUse[slot])
            {
                _inUse[slot] = false;
                _inUseCount--;
                _answeredInUse -= answered ? 1 : 0;
            }
        }
    }
}

/// <summary>One leased RTP/RTCP pair; disposing returns it, once, however many end-of-call paths dispose it.</summary>
public sealed class RtpPortLease : IDisposable
{
    private readonly bool _answered;
    private RtpPortAllocator? _owner;

    internal RtpPortLease(RtpPortAllocator owner, int rtpPort, bool answered)
    {
        _owner = owner;
        RtpPort = rtpPort;
        _answered = answered;
    }

    public int RtpPort { get; }

    public int RtcpPort => RtpPort + 1;

    public void Dispose() => Interlocked.Exchange(ref _owner, null)?.Release(RtpPort, _answered);
}
