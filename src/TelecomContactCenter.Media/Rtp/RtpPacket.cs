using System.Buffers.Binary;

namespace TelecomContactCenter.Media.Rtp;

/// <summary>
/// A read-only view over one received RTP datagram (RFC 3550 §5.1). Parsing allocates nothing, so the receive
/// loop can inspect every packet of every call without garbage.
/// </summary>
public readonly ref struct RtpPacket
{
    public const int FixedHeaderLength = 12;

    private readonly ReadOnlySpan<byte> _datagram;

    private RtpPacket(ReadOnlySpan<byte> datagram, int payloadOffset, int payloadLength, int extensionOffset)
    {
        _datagram = datagram;
        PayloadOffset = payloadOffset;
        PayloadLength = payloadLength;
        ExtensionOffset = extensionOffset;
    }

    public bool HasPadding => (_datagram[0] & 0x20) != 0;

    public bool HasExtension => (_datagram[0] & 0x10) != 0;

    public int CsrcCount => _datagram[0] & 0x0F;

    public bool Marker => (_datagram[1] & 0x80) != 0;

    public int PayloadType => _datagram[1] & 0x7F;

    public ushort SequenceNumber => BinaryPrimitives.ReadUInt16BigEndian(_datagram[2..]);

    public uint Timestamp => BinaryPrimitives.ReadUInt32BigEndian(_datagram[4..]);

    public uint Ssrc => BinaryPrimitives.ReadUInt32BigEndian(_datagram[8..]);

    public ReadOnlySpan<byte> Payload => _datagram.Slice(PayloadOffset, PayloadLength);

    /// <summary>The profile-defined 16 bits of the header extension, when there is one (RFC 3550 §5.3.1).</summary>
    public ushort ExtensionProfile => HasExtension ? BinaryPrimitives.ReadUInt16BigEndian(_datagram[ExtensionOffset..]) : (ushort)0;

    public ReadOnlySpan<byte> ExtensionData => HasExtension
        ? _datagram[(ExtensionOffset + 4)..PayloadOffset]
        : [];

    public int PaddingLength => HasPadding ? _datagram[^1] : 0;

    private int PayloadOffset { get; }

    private int PayloadLength { get; }

    private int ExtensionOffset { get; }

    public uint GetCsrc(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, CsrcCount);
        return BinaryPrimitives.ReadUInt32BigEndian(_datagram[(FixedHeaderLength + (4 * index))..]);
    }

    /// <summary>Accepts only version 2 packets whose CSRC list, extension and padding fit the datagram.</summary>
    public static bool TryParse(ReadOnlySpan<byte> datagram, out RtpPacket packet)
    {
        packet = default;
        if (datagram.Length < FixedHeaderLength || datagram[0] >> 6 != 2)
        {
            return false;
        }

        var offset = FixedHeaderLength + (4 * (datagram[0] & 0x0F));
        var extensionOffset = offset;
        if ((datagram[0] & 0x10) != 0)
        {
            if (datagram.Length < offset + 4)
            {
                return false;
            }

            offset += 4 + (4 * BinaryPrimitives.ReadUInt16BigEndian(datagram[(offset + 2)..]));
        }

        var padding = 0;
        if ((datagram[0] & 0x20) != 0)
        {
            padding = datagram[^1];
            if (padding == 0)
            {
                return false;
            }
        }

        var payloadLength = datagram.Length - offset - padding;
        if (offset > datagram.Length || payloadLength < 0)
        {
            return false;
        }

        packet = new RtpPacket(datagram, offset, payloadLength, extensionOffset);
        return true;
    }
}
