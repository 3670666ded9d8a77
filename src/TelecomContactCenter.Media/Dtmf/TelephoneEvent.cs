using System.Buffers.Binary;

namespace TelecomContactCenter.Media.Dtmf;

/// <summary>
/// One RFC 4733 §2.3 event block: event code, end bit, volume (−dBm0) and duration in timestamp units since the
/// event's RTP timestamp.
/// </summary>
public readonly record struct TelephoneEvent(byte Event, bool End, byte Volume, ushort Duration)
{
    public const int Length = 4;

    public static bool TryRead(ReadOnlySpan<byte> payload, out TelephoneEvent value)
    {
        if (payload.Length < Length)
        {
            value = default;
            return false;
        }

        value = new TelephoneEvent(
            payload[0],
            (payload[1] & 0x80) != 0,
            (byte)(payload[1] & 0x3F),
            BinaryPrimitives.ReadUInt16BigEndian(payload[2..]));
        return true;
    }

    public void Write(Span<byte> destination)
    {
        destination[0] = Event;
        destination[1] = (byte)((End ? 0x80 : 0) | (Volume & 0x3F));
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], Duration);
    }

    /// <summary>The DTMF digit for events 0-15 (RFC 4733 §3.2), or null for any other event.</summary>
    public static char? ToDigit(byte code) => code switch
    {
        <= 9 => (char)('0' + code),
        10 => '*',
        11 => '#',
        <= 15 => (char)('A' + code - 12),
        _ => null,
    };

    public static byte FromDigit(char digit) => char.ToUpperInvariant(digit) switch
    {
        >= '0' and <= '9' => (byte)(digit - '0'),
        '*' => 10,
        '#' => 11,
        var d and >= 'A' and <= 'D' => (byte)(d - 'A' + 12),
        _ => throw new ArgumentOutOfRangeException(nameof(digit), digit, "Only 0-9, *, # and A-D are DTMF digits."),
    };
}
