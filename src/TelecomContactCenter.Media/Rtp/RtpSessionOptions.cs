namespace TelecomContactCenter.Media.Rtp;

public sealed class RtpSessionOptions
{
    /// <summary>The RTCP CNAME (RFC 3550 §6.5.1); unique per host, e.g. <c>tcc@10.0.0.1</c>.</summary>
    public required string Cname { get; init; }

    /// <summary>Our SSRC; random when not given, as RFC 3550 §8 asks.</summary>
    public uint? Ssrc { get; init; }

    public int ClockRate { get; init; } = 8000;

    /// <summary>RFC 3550 §6.2 suggests 5 s as the minimum for a two-party session.</summary>
    public TimeSpan RtcpInterval { get; init; } = TimeSpan.FromSeconds(5);
}

/// <summary>Called on the session's receive loop for every valid RTP packet, after latching and statistics.</summary>
public delegate void RtpPacketReceived(RtpSession session, RtpPacket packet);
