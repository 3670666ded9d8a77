namespace TelecomContactCenter.Media.Rtp;

/// <summary>One reception report block (RFC 3550 §6.4.1).</summary>
public sealed record RtcpReportBlock(
    uint Ssrc,
    byte FractionLost,
    int CumulativeLost,
    uint ExtendedHighestSequence,
    uint Jitter,
    uint LastSenderReport,
    uint DelaySinceLastSenderReport);

/// <summary>An RTCP report: a sender report when <see cref="SenderInfo"/> is set, else a receiver report.</summary>
public sealed record RtcpReport(uint Ssrc, RtcpSenderInfo? SenderInfo, IReadOnlyList<RtcpReportBlock> Blocks)
{
    public bool IsSenderReport => SenderInfo is not null;
}

/// <summary>The sender info of an SR (RFC 3550 §6.4.1).</summary>
public sealed record RtcpSenderInfo(ulong NtpTimestamp, uint RtpTimestamp, uint PacketCount, uint OctetCount)
{
    /// <summary>The middle 32 bits, which a receiver echoes as LSR.</summary>
    public uint CompactNtp => (uint)(NtpTimestamp >> 16);

    private static readonly DateTimeOffset NtpEpoch = new(1900, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static ulong ToNtp(DateTimeOffset time)
    {
        var elapsed = time - NtpEpoch;
        var seconds = (ulong)(elapsed.Ticks / TimeSpan.TicksPerSecond);
        var fraction = (ulong)(elapsed.Ticks % TimeSpan.TicksPerSecond) * (1UL << 32) / TimeSpan.TicksPerSecond;
        return (seconds << 32) | fraction;
    }
}

/// <summary>What one compound RTCP datagram said (RFC 3550 §6.1).</summary>
public sealed record RtcpCompound(IReadOnlyList<RtcpReport> Reports, IReadOnlyDictionary<uint, string> CanonicalNames, IReadOnlyList<uint> Byes);
