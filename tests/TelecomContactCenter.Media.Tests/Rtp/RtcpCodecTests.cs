using TelecomContactCenter.Media.Rtp;

namespace TelecomContactCenter.Media.Tests.Rtp;

public sealed class RtcpCodecTests
{
    [Fact]
    public void WriteCompound_SenderReportWithBlock_ParsesBackWithCname()
    {
        var block = new RtcpReportBlock(0xCAFE, 25, -3, 70_000, 42, 0x12345678, 65536);
        var report = new RtcpReport(0xBEEF, new RtcpSenderInfo(0x1122334455667788, 16000, 100, 16000), [block]);
        var buffer = new byte[200];

        var length = RtcpCodec.WriteCompound(buffer, report, "tcc@10.0.0.1");
        var ok = RtcpCodec.TryParse(buffer.AsSpan(0, length), out var compound);

        Assert.True(ok);
        Assert.Equal(0, length % 4);
        var parsed = Assert.Single(compound!.Reports);
        Assert.Equal(report.SenderInfo, parsed.SenderInfo);
        Assert.Equal(block, Assert.Single(parsed.Blocks));
        Assert.Equal("tcc@10.0.0.1", compound.CanonicalNames[0xBEEF]);
        Assert.Equal(200, buffer[1]);
    }

    [Fact]
    public void WriteCompound_ReceiverReport_UsesType201()
    {
        var buffer = new byte[100];

        var length = RtcpCodec.WriteCompound(buffer, new RtcpReport(5, null, []), "ab");
        var ok = RtcpCodec.TryParse(buffer.AsSpan(0, length), out var compound);

        Assert.True(ok);
        Assert.Equal(201, buffer[1]);
        Assert.False(Assert.Single(compound!.Reports).IsSenderReport);
        Assert.Equal("ab", compound.CanonicalNames[5]);
    }

    [Fact]
    public void TryParse_TruncatedPacket_IsRejected()
    {
        var buffer = new byte[100];
        var length = RtcpCodec.WriteCompound(buffer, new RtcpReport(5, null, []), "abc");

        var ok = RtcpCodec.TryParse(buffer.AsSpan(0, length - 4), out _);

        Assert.False(ok);
    }

    [Fact]
    public void ToNtp_UnixEpoch_Is2208988800Seconds()
    {
        var ntp = RtcpSenderInfo.ToNtp(DateTimeOffset.UnixEpoch.AddMilliseconds(500));

        Assert.Equal(2_208_988_800UL, ntp >> 32);
        Assert.Equal(1UL << 31, ntp & 0xFFFFFFFF);
    }
}
