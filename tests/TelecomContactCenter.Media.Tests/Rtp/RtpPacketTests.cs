using TelecomContactCenter.Media.Rtp;

namespace TelecomContactCenter.Media.Tests.Rtp;

public sealed class RtpPacketTests
{
    [Fact]
    public void TryParse_TelephoneEventPacketFromSipp_ReadsHeaderFields()
    {
        byte[] datagram = [0x80, 0xE5, 0x1F, 0x30, 0x00, 0x00, 0x33, 0xE0, 0x0E, 0x05, 0x38, 0x4E, 0x01, 0x0A, 0x00, 0x00];

        var ok = RtpPacket.TryParse(datagram, out var packet);

        Assert.True(ok);
        Assert.True(packet.Marker);
        Assert.Equal(101, packet.PayloadType);
        Assert.Equal(0x1F30, packet.SequenceNumber);
        Assert.Equal(0x33E0u, packet.Timestamp);
        Assert.Equal(0x0E05384Eu, packet.Ssrc);
        Assert.Equal([0x01, 0x0A, 0x00, 0x00], packet.Payload.ToArray());
    }

    [Fact]
    public void Write_AllOptionalParts_ParsesBackUnchanged()
    {
        var header = new RtpHeader(8, 65535, 4_000_000_000, 0xDEADBEEF, Marker: true);
        byte[] payload = [1, 2, 3, 4, 5];
        var buffer = new byte[100];

        var length = header.Write(buffer, payload, [11u, 22u], 0xBEDE, [9, 8, 7, 6], paddingLength: 3);
        var ok = RtpPacket.TryParse(buffer.AsSpan(0, length), out var packet);

        Assert.True(ok);
        Assert.Equal(12 + 8 + 8 + 5 + 3, length);
        Assert.Equal((8, (ushort)65535, 4_000_000_000u, 0xDEADBEEFu, true), (packet.PayloadType, packet.SequenceNumber, packet.Timestamp, packet.Ssrc, packet.Marker));
        Assert.Equal((2, 11u, 22u), (packet.CsrcCount, packet.GetCsrc(0), packet.GetCsrc(1)));
        Assert.Equal((ushort)0xBEDE, packet.ExtensionProfile);
        Assert.Equal([9, 8, 7, 6], packet.ExtensionData.ToArray());
        Assert.Equal(3, packet.PaddingLength);
        Assert.Equal(payload, packet.Payload.ToArray());
    }

    [Fact]
    public void Write_PlainFrame_HasTwelveByteHeaderAndVersionTwo()
    {
        var buffer = new byte[172];

        var length = new RtpHeader(0, 1, 160, 7).Write(buffer, new byte[160]);

        Assert.Equal(172, length);
        Assert.Equal(0x80, buffer[0]);
        Assert.Equal(0x00, buffer[1]);
    }

    [Theory]
    [InlineData(new byte[] { 0x80, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 0 })]
    [InlineData(new byte[] { 0x40, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0 })]
    [InlineData(new byte[] { 0x81, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0 })]
    [InlineData(new byte[] { 0x90, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0xBE, 0xDE, 0, 2, 1, 2, 3, 4 })]
    [InlineData(new byte[] { 0xA0, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 9 })]
    [InlineData(new byte[] { 0xA0, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 0 })]
    public void TryParse_MalformedDatagram_IsRejected(byte[] datagram)
    {
        var ok = RtpPacket.TryParse(datagram, out _);

        Assert.False(ok);
    }
}
