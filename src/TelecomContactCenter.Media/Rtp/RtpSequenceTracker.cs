namespace TelecomContactCenter.Media.Rtp;

/// <summary>
/// Receive-side statistics for one source (RFC 3550 §6.4.1, Appendix A.1 and A.8): the extended highest
/// sequence number across 16-bit wraps, loss, and interarrival jitter in timestamp units. Not thread-safe: one
/// receive loop owns it.
/// </summary>
public sealed class RtpSequenceTracker
{
    private const int MaxDropout = 3000;
    private const int MaxMisorder = 100;
    private const int SequenceModulus = 1 << 16;

    private bool _started;
    private ushort _maxSequence;
    private uint _cycles;
    private uint _baseSequence;
    private uint _badSequence = SequenceModulus + 1;
    private long _received;
    private long _expectedPrior;
    private long _receivedPrior;
    private long _transit;
    private bool _haveTransit;
    private double _jitter;

    public uint ExtendedHighestSequence => _cycles + _maxSequence;

    public long PacketsReceived => _received;

    public long PacketsExpected => _started ? (long)ExtendedHighestSequence - _baseSequence + 1 : 0;

    /// <summary>Expected minus received; duplicates can make it negative, as RFC 3550 allows.</summary>
    public long PacketsLost => PacketsExpected - _received;

    public uint Jitter => (uint)_jitter;

    /// <summary>Records one packet. <paramref name="arrival"/> is the arrival time in the stream's clock units.</summary>
    /// <returns>False when the packet is so far out of order that it is ignored until the source settles.</returns>
    public bool Update(ushort sequence, uint timestamp, uint arrival)
    {
        if (!_started)
        {
            Restart(sequence);
            _started = true;
        }
        else
        {
            var delta = (ushort)(sequence - _maxSequence);
            if (delta < MaxDropout)
            {
                if (sequence < _maxSequence)
                {
                    _cycles += SequenceModulus;
                }

                _maxSequence = sequence;
            }
            else if (delta <= SequenceModulus - MaxMisorder)
            {
                // A big jump: accept it only if the next packet continues from it (the source restarted).
                if (sequence == _badSequence)
                {
                    Restart(sequence);
                }
                else
                {
                    _badSequence = (uint)((sequence + 1) & (SequenceModulus - 1));
                    return false;
                }
            }
        }

        _received++;
        UpdateJitter(timestamp, arrival);
        return true;
    }

    /// <summary>Builds a report block and starts a new interval for the fraction-lost field.</summary>
    public RtcpReportBlock TakeReport(uint sourceSsrc, uint lastSenderReport = 0, uint delaySinceLastSenderReport = 0)
    {
        var expected = PacketsExpected;
        var expectedInterval = expected - _expectedPrior;
        var receivedInterval = _received - _receivedPrior;
        _expectedPrior = expected;
        _receivedPrior = _received;
        var lostInterval = expectedInterval - receivedInterval;
        var fraction = expectedInterval == 0 || lostInterval <= 0 ? (byte)0 : (byte)((lostInterval << 8) / expectedInterval);
        var cumulative = (int)Math.Clamp(PacketsLost, -0x800000, 0x7FFFFF);
        return new RtcpReportBlock(
            sourceSsrc, fraction, cumulative, ExtendedHighestSequence, Jitter, lastSenderReport, delaySinceLastSenderReport);
    }

    private void Restart(ushort sequence)
    {
        _baseSequence = sequence;
        _maxSequence = sequence;
        _badSequence = SequenceModulus + 1;
        _cycles = 0;
        _received = 0;
        _expectedPrior = 0;
        _receivedPrior = 0;
    }

    private void UpdateJitter(uint timestamp, uint arrival)
    {
        var transit = (long)(int)(arrival - timestamp);
        if (_haveTransit)
        {
            var d = Math.Abs(transit - _transit);
            _jitter += (d - _jitter) / 16.0;
        }

        _transit = transit;
        _haveTransit = true;
    }
}
