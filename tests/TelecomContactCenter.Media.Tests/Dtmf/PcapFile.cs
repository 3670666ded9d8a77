using System.Buffers.Binary;
using System.Net;

namespace TelecomContactCenter.Media.Tests.Dtmf;

/// <summary>One UDP datagram captured in a pcap file.</summary>
internal sealed record CapturedDatagram(TimeSpan Time, IPEndPoint Source, IPEndPoint Destination, byte[] Payload);

/// <summary>
/// Reads UDP over IPv4 from classic libpcap files (either byte order, micro- or nanosecond stamps) captured on
/// Ethernet (with or without one VLAN tag) or Linux cooked links. Enough for sipp's RTP captures.
/// </summary>
internal static class PcapFile
{
    private const int Ethernet = 1;
    private const int LinuxCooked = 113;
    private const int LinuxCookedV2 = 276;

    public static IReadOnlyList<CapturedDatagram> ReadUdp(string path)
    {
        var data = File.ReadAllBytes(path);
        var magic = BinaryPrimitives.ReadUInt32LittleEndian(data);
        var (littleEndian, nanoseconds) = magic switch
        {
            0xA1B2C3D4 => (true, false),
            0xA1B23C4D => (true, true),
            0xD4C3B2A1 => (false, false),
            0x4D3CB2A1 => (false, true),
            _ => throw new InvalidDataException($"{path} is not a libpcap file (magic {magic:X8})."),
        };
        uint U32(int offset) => littleEndian
            ? BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(offset))
            : BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(offset));
        var linkType = (int)(U32(20) & 0x0FFFFFFF);
        var result = new List<CapturedDatagram>();
        var offset = 24;
        while (offset + 16 <= data.Length)
        {
            var seconds = U32(offset);
            var fraction = U32(offset + 4);
            var captured = (int)U32(offset + 8);
            var frame = data.AsSpan(offset + 16, captured);
            offset += 16 + captured;
            var time = TimeSpan.FromSeconds(seconds) + TimeSpan.FromTicks(nanoseconds ? fraction / 100 : fraction * 10);
            if (TryReadUdp(linkType, frame, time) is { } datagram)
            {
                result.Add(datagram);
            }
        }

        return result;
    }

    private static CapturedDatagram? TryReadUdp(int linkType, ReadOnlySpan<byte> frame, TimeSpan time)
    {
        int ipOffset;
        ushort etherType;
        switch (linkType)
        {
            case Ethernet:
                etherType = BinaryPrimitives.ReadUInt16BigEndian(frame[12..]);
                ipOffset = 14;
                if (etherType == 0x8100)
                {
                    etherType = BinaryPrimitives.ReadUInt16BigEndian(frame[16..]);
                    ipOffset = 18;
                }

                break;
            case LinuxCooked:
                etherType = BinaryPrimitives.ReadUInt16BigEndian(frame[14..]);
                ipOffset = 16;
                break;
            case LinuxCookedV2:
                etherType = BinaryPrimitives.ReadUInt16BigEndian(frame);
                ipOffset = 20;
                break;
            default:
                throw new InvalidDataException($"Link type {linkType} is not supported.");
        }

        var ip = frame[ipOffset..];
        if (etherType != 0x0800 || ip[0] >> 4 != 4 || ip[9] != 17)
        {
            return null;
        }

        var headerLength = 4 * (ip[0] & 0x0F);
        var totalLength = BinaryPrimitives.ReadUInt16BigEndian(ip[2..]);
        var udp = ip[headerLength..totalLength];
        var udpLength = BinaryPrimitives.ReadUInt16BigEndian(udp[4..]);
        return new CapturedDatagram(
            time,
            new IPEndPoint(new IPAddress(ip.Slice(12, 4)), BinaryPrimitives.ReadUInt16BigEndian(udp)),
            new IPEndPoint(new IPAddress(ip.Slice(16, 4)), BinaryPrimitives.ReadUInt16BigEndian(udp[2..])),
            udp[8..udpLength].ToArray());
    }
}
