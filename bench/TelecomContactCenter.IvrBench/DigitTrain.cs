using System.Buffers.Binary;
using TelecomContactCenter.Media.Dtmf;

namespace TelecomContactCenter.IvrBench;

/// <summary>How one key press is sent: a normal press, a long one, one whose start packets are lost, or one with a single end packet.</summary>
internal enum PressKind
{
    Normal,
    Long,
    LostStart,
    SingleEnd,
}

/// <summary>
/// Builds the RTP datagrams (RFC 3550 header + RFC 4733 payload) for a stream of key presses from one SSRC, with
/// sequence numbers and timestamps as a phone would send them. Not thread-safe: one sender uses it.
/// </summary>
internal sealed class DigitTrain(uint ssrc, byte payloadType)
{
    private ushort _sequence = 1000;
    private uint _timestamp = 160_000;

    public List<byte[]> Press(char digit, PressKind kind)
    {
        var packets = DtmfEncoder.Encode(digit, durationSamples: kind == PressKind.Long ? 16_000 : 800,
            endCopies: kind == PressKind.SingleEnd ? 1 : 3);
        var datagrams = new List<byte[]>(packets.Count);
        for (var i = 0; i < packets.Count; i++)
        {
            var sequence = _sequence++;
            if (kind == PressKind.LostStart && (packets[i].Payload[1] & 0x80) == 0)
            {
                continue; // the network ate every packet before the end packets: the digit must still come through
            }

            var datagram = new byte[12 + packets[i].Payload.Length];
            datagram[0] = 0x80;
            datagram[1] = (byte)((packets[i].Marker ? 0x80 : 0) | payloadType);
            BinaryPrimitives.WriteUInt16BigEndian(datagram.AsSpan(2), sequence);
            BinaryPrimitives.WriteUInt32BigEndian(datagram.AsSpan(4), _timestamp);
            BinaryPrimitives.WriteUInt32BigEndian(datagram.AsSpan(8), ssrc);
            packets[i].Payload.CopyTo(datagram.AsSpan(12));
            datagrams.Add(datagram);
        }

        // The next event starts after this one's duration plus an inter-digit pause, as timestamps of a real phone would.
        _timestamp += (uint)(kind == PressKind.Long ? 16_000 : 800) + 400;
        return datagrams;
    }
}
