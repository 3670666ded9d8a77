using System.Buffers.Binary;

namespace TelecomContactCenter.Media.Rtp;

/// <summary>The fields a sender chooses for one RTP packet (RFC 3550 §5.1).</summary>
public readonly record struct RtpHeader(
    int PayloadType,
    ushort SequenceNumber,
    uint Timestamp,
    uint Ssrc,
    bool Marker = false)
{
    /// <summary>Writes a version 2 packet and returns its length.</summary>
    public int Write(Span<byte> destination, ReadOnlySpan<byte> payload) =>
        Write(destination, payload, [], null, [], 0);

    /// <summary>
    /// Writes a packet with the optional parts: CSRCs, a header extension (data padded to 32-bit words by the
    /// caller) and padding octets, the last of which carries the padding count.
    /// </summary>
    public int Write(
        Span<byte> destination,
        ReadOnlySpan<byte> payload,
        ReadOnlySpan<uint> csrcs,
        ushort? extensionProfile,
        ReadOnlySpan<byte> extensionData,
        byte paddingLength)
    {
        if (PayloadType is < 0 or > 127)
        {
            throw new InvalidOperationException($"Payload type {PayloadType} does not fit in 7 bits.");
        }

        if (csrcs.Length > 15 || extensionData.Length % 4 != 0)
        {
            throw new ArgumentException("At most 15 CSRCs, and extension data in whole 32-bit words.");
        }

        var extensionLength = extensionProfile is null ? 0 : 4 + extensionData.Length;
        var length = RtpPacket.FixedHeaderLength + (4 * csrcs.Length) + extensionLength + payload.Length + paddingLength;
        if (destination.Length < length)
        {
            throw new ArgumentException($"The buffer holds {destination.Length} bytes; the packet needs {length}.", nameof(destination));
        }

        destination[0] = (byte)(0x80 | (paddingLength > 0 ? 0x20 : 0) | (extensionProfile is null ? 0 : 0x10) | csrcs.Length);
        destination[1] = (byte)((Marker ? 0x80 : 0) | PayloadType);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], SequenceNumber);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], Timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], Ssrc);
        var offset = RtpPacket.FixedHeaderLength;
        foreach (var csrc in csrcs)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination[offset..], csrc);
            offset += 4;
        }

        if (extensionProfile is { } profile)
        {
            BinaryPrimitives.WriteUInt16BigEndian(destination[offset..], profile);
            BinaryPrimitives.WriteUInt16BigEndian(destination[(offset + 2)..], (ushort)(extensionData.Length / 4));
            extensionData.CopyTo(destination[(offset + 4)..]);
            offset += extensionLength;
        }

        payload.CopyTo(destination[offset..]);
        offset += payload.Length;
        if (paddingLength > 0)
        {
            destination.Slice(offset, paddingLength - 1).Clear();
            destination[offset + paddingLength - 1] = paddingLength;
            offset += paddingLength;
        }

        return offset;
    }
}
