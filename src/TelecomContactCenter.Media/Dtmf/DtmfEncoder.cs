namespace TelecomContactCenter.Media.Dtmf;

/// <summary>One telephone-event packet to send; all packets of an event share the event's RTP timestamp.</summary>
public sealed record TelephoneEventPacket(bool Marker, byte[] Payload);

/// <summary>Builds the packet train for one digit the way RFC 4733 §2.5.1 describes a sender.</summary>
public static class DtmfEncoder
{
    /// <param name="durationSamples">Tone length in timestamp units (800 = 100 ms at 8 kHz).</param>
    /// <param name="updateSamples">Spacing of the updates (RFC 4733 suggests 50 ms).</param>
    /// <param name="endCopies">How many end packets to send; three is the RFC's recommendation.</param>
    public static IReadOnlyList<TelephoneEventPacket> Encode(
        char digit, int durationSamples = 800, int updateSamples = 400, byte volume = 10, int endCopies = 3)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(durationSamples, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(durationSamples, ushort.MaxValue);
        ArgumentOutOfRangeException.ThrowIfLessThan(updateSamples, 1);
        var code = TelephoneEvent.FromDigit(digit);
        var packets = new List<TelephoneEventPacket>();
        for (var elapsed = 0; elapsed < durationSamples; elapsed += updateSamples)
        {
            packets.Add(Packet(packets.Count == 0, new TelephoneEvent(code, false, volume, (ushort)elapsed)));
        }

        for (var i = 0; i < endCopies; i++)
        {
            packets.Add(Packet(false, new TelephoneEvent(code, true, volume, (ushort)durationSamples)));
        }

        return packets;
    }

    private static TelephoneEventPacket Packet(bool marker, TelephoneEvent e)
    {
        var payload = new byte[TelephoneEvent.Length];
        e.Write(payload);
        return new TelephoneEventPacket(marker, payload);
    }
}
