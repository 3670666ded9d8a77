using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace TelecomContactCenter.Media.Rtp;

/// <summary>Writes and reads compound RTCP packets: SR or RR, then SDES with CNAME (RFC 3550 §6.4, §6.5).</summary>
public static class RtcpCodec
{
    private const byte SenderReportType = 200;
    private const byte ReceiverReportType = 201;
    private const byte SdesType = 202;
    private const byte ByeType = 203;
    private const byte CnameItem = 1;

    /// <summary>Writes a report followed by an SDES chunk naming its SSRC; returns the datagram length.</summary>
    public static int WriteCompound(Span<byte> destination, RtcpReport report, string cname)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(cname);
        if (report.Blocks.Count > 31)
        {
            throw new ArgumentException("An RTCP report carries at most 31 blocks.", nameof(report));
        }

        var reportLength = 8 + (report.SenderInfo is null ? 0 : 20) + (24 * report.Blocks.Count);
        var nameBytes = Encoding.UTF8.GetByteCount(cname);
        if (nameBytes > 255)
        {
            throw new ArgumentException("A CNAME is at most 255 octets.", nameof(cname));
        }

        // SSRC, CNAME item (type, length, text), then at least one null octet ending the item list, to a word boundary.
        var chunk = 4 + 2 + nameBytes;
        chunk += 4 - (chunk % 4);
        var total = reportLength + 4 + chunk;
        if (destination.Length < total)
        {
            throw new ArgumentException($"The buffer holds {destination.Length} bytes; the packet needs {total}.", nameof(destination));
        }

        WriteHeader(destination, report.Blocks.Count, report.SenderInfo is null ? ReceiverReportType : SenderReportType, reportLength);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], report.Ssrc);
        var offset = 8;
        if (report.SenderInfo is { } info)
        {
            BinaryPrimitives.WriteUInt64BigEndian(destination[offset..], info.NtpTimestamp);
            BinaryPrimitives.WriteUInt32BigEndian(destination[(offset + 8)..], info.RtpTimestamp);
            BinaryPrimitives.WriteUInt32BigEndian(destination[(offset + 12)..], info.PacketCount);
            BinaryPrimitives.WriteUInt32BigEndian(destination[(offset + 16)..], info.OctetCount);
            offset += 20;
        }

        foreach (var block in report.Blocks)
        {
            var b = destination[offset..];
            BinaryPrimitives.WriteUInt32BigEndian(b, block.Ssrc);
            BinaryPrimitives.WriteUInt32BigEndian(b[4..], ((uint)block.FractionLost << 24) | ((uint)block.CumulativeLost & 0xFFFFFF));
            BinaryPrimitives.WriteUInt32BigEndian(b[8..], block.ExtendedHighestSequence);
            BinaryPrimitives.WriteUInt32BigEndian(b[12..], block.Jitter);
            BinaryPrimitives.WriteUInt32BigEndian(b[16..], block.LastSenderReport);
            BinaryPrimitives.WriteUInt32BigEndian(b[20..], block.DelaySinceLastSenderReport);
            offset += 24;
        }

        var sdes = destination[offset..total];
        sdes.Clear();
        WriteHeader(sdes, 1, SdesType, 4 + chunk);
        BinaryPrimitives.WriteUInt32BigEndian(sdes[4..], report.Ssrc);
        sdes[8] = CnameItem;
        sdes[9] = (byte)nameBytes;
        Encoding.UTF8.GetBytes(cname, sdes[10..]);
        return total;
    }

    public static bool TryParse(ReadOnlySpan<byte> datagram, [NotNullWhen(true)] out RtcpCompound? compound)
    {
        compound = null;
        var reports = new List<RtcpReport>();
        var names = new Dictionary<uint, string>();
        var byes = new List<uint>();
        while (datagram.Length > 0)
        {
            if (datagram.Length < 4 || datagram[0] >> 6 != 2)
            {
                return false;
            }

            var length = 4 * (BinaryPrimitives.ReadUInt16BigEndian(datagram[2..]) + 1);
            if (length > datagram.Length)
            {
                return false;
            }

            var packet = datagram[..length];
            var count = packet[0] & 0x1F;
            var ok = packet[1] switch
            {
                SenderReportType or ReceiverReportType => TryReadReport(packet, count, reports),
                SdesType => TryReadSdes(packet, count, names),
                ByeType => TryReadBye(packet, count, byes),
                _ => true,
            };
            if (!ok)
            {
                return false;
            }

            datagram = datagram[length..];
        }

        compound = new RtcpCompound(reports, names, byes);
        return true;
    }

    private static void WriteHeader(Span<byte> destination, int count, byte type, int length)
    {
        destination[0] = (byte)(0x80 | count);
        destination[1] = type;
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)((length / 4) - 1));
    }

    private static bool TryReadReport(ReadOnlySpan<byte> packet, int count, List<RtcpReport> reports)
    {
        var sender = packet[1] == SenderReportType;
        var offset = 8 + (sender ? 20 : 0);
        if (packet.Length < offset + (24 * count))
        {
            return false;
        }

        RtcpSenderInfo? info = sender
            ? new RtcpSenderInfo(
                BinaryPrimitives.ReadUInt64BigEndian(packet[8..]),
                BinaryPrimitives.ReadUInt32BigEndian(packet[16..]),
                BinaryPrimitives.ReadUInt32BigEndian(packet[20..]),
                BinaryPrimitives.ReadUInt32BigEndian(packet[24..]))
            : null;
        var blocks = new RtcpReportBlock[count];
        for (var i = 0; i < count; i++)
        {
            var b = packet[(offset + (24 * i))..];
            var lost = BinaryPrimitives.ReadUInt32BigEndian(b[4..]);
            blocks[i] = new RtcpReportBlock(
                BinaryPrimitives.ReadUInt32BigEndian(b),
                (byte)(lost >> 24),
                ((int)(lost << 8)) >> 8,
                BinaryPrimitives.ReadUInt32BigEndian(b[8..]),
                BinaryPrimitives.ReadUInt32BigEndian(b[12..]),
                BinaryPrimitives.ReadUInt32BigEndian(b[16..]),
                BinaryPrimitives.ReadUInt32BigEndian(b[20..]));
        }

        reports.Add(new RtcpReport(BinaryPrimitives.ReadUInt32BigEndian(packet[4..]), info, blocks));
        return true;
    }

    private static bool TryReadSdes(ReadOnlySpan<byte> packet, int count, Dictionary<uint, string> names)
    {
        var offset = 4;
        for (var chunk = 0; chunk < count; chunk++)
        {
            if (packet.Length < offset + 4)
            {
                return false;
            }

            var ssrc = BinaryPrimitives.ReadUInt32BigEndian(packet[offset..]);
            offset += 4;
            while (true)
            {
                if (offset >= packet.Length)
                {
                    return false;
                }

                var item = packet[offset];
                if (item == 0)
                {
                    offset = (offset + 4) & ~3;
                    break;
                }

                if (offset + 2 > packet.Length || offset + 2 + packet[offset + 1] > packet.Length)
                {
                    return false;
                }

                var text = packet.Slice(offset + 2, packet[offset + 1]);
                if (item == CnameItem)
                {
                    names[ssrc] = Encoding.UTF8.GetString(text);
                }

                offset += 2 + text.Length;
            }
        }

        return true;
    }

    private static bool TryReadBye(ReadOnlySpan<byte> packet, int count, List<uint> byes)
    {
        if (packet.Length < 4 + (4 * count))
        {
            return false;
        }

        for (var i = 0; i < count; i++)
        {
            byes.Add(BinaryPrimitives.ReadUInt32BigEndian(packet[(4 + (4 * i))..]));
        }

        return true;
    }
}
