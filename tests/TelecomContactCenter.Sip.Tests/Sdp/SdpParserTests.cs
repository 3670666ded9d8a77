using TelecomContactCenter.Sip.Sdp;

namespace TelecomContactCenter.Sip.Tests.Sdp;

public sealed class SdpParserTests
{
    [Fact]
    public void TryParse_SippOffer_ReadsEveryField()
    {
        var ok = SdpParser.TryParse(SdpOffers.Sipp, out var sdp, out var error);

        Assert.True(ok, error);
        Assert.Equal(new SdpOrigin("user1", 53655765, 2353687637, "IN", "IP4", "127.0.0.1"), sdp!.Origin);
        Assert.Equal("-", sdp.SessionName);
        Assert.Equal("127.0.0.1", sdp.Connection!.Address);
        Assert.Equal(new SdpTiming(0, 0), Assert.Single(sdp.Timings));
        var audio = Assert.Single(sdp.Media);
        Assert.Equal(("audio", 6000, "RTP/AVP"), (audio.MediaType, audio.Port, audio.Protocol));
        Assert.Equal([0], audio.PayloadTypes);
        Assert.Equal(new SdpRtpMap(0, "PCMU", 8000), audio.FindRtpMap(0));
    }

    [Fact]
    public void TryParse_LinphoneOffer_KeepsMediaSectionsApart()
    {
        var ok = SdpParser.TryParse(SdpOffers.Linphone, out var sdp, out var error);

        Assert.True(ok, error);
        Assert.Equal(2, sdp!.Media.Count);
        Assert.Equal("rtcp-xr", Assert.Single(sdp.Attributes).Name);
        var audio = sdp.Media[0];
        Assert.Equal([96, 97, 98, 0, 8, 18, 101, 99, 100], audio.PayloadTypes);
        Assert.Equal(new SdpRtpMap(96, "opus", 48000, 2), audio.FindRtpMap(96));
        Assert.Equal("annexb=yes", audio.FindFormatParameters(18));
        Assert.Null(audio.FindRtpMap(18));
        Assert.Equal("profile-level-id=42801F", sdp.Media[1].FindFormatParameters(97));
        Assert.Null(audio.FindFormatParameters(100));
    }

    [Fact]
    public void TryParse_BaresipOfferWithBareLineFeeds_ReadsDirectionAndFmtp()
    {
        var ok = SdpParser.TryParse(SdpOffers.Baresip, out var sdp, out var error);

        Assert.True(ok, error);
        var audio = Assert.Single(sdp!.Media);
        Assert.Equal(MediaDirection.SendRecv, audio.Direction);
        Assert.Equal("0-15", audio.FindFormatParameters(101));
        Assert.Equal("3421983487 cname:baresip@10.0.0.5", audio.Attributes.Single(a => a.Name == "ssrc").Value);
    }

    [Fact]
    public void Serialize_ParsedOffer_ParsesBackToTheSameDescription()
    {
        Assert.True(SdpParser.TryParse(SdpOffers.Linphone, out var original, out _));

        var text = SdpSerializer.Serialize(original!);
        var ok = SdpParser.TryParse(text, out var reparsed, out var error);

        Assert.True(ok, error);
        Assert.Equal(SdpOffers.Linphone, text);
        Assert.Equal(original!.Media.Count, reparsed!.Media.Count);
        Assert.Equal(original.Media[0].Attributes, reparsed.Media[0].Attributes);
    }

    [Fact]
    public void TryParse_PortWithCountAndMediaLevelConnection_ReadsBoth()
    {
        var text = "v=0\r\no=- 1 1 IN IP4 10.1.1.1\r\ns=x\r\nt=0 0\r\nm=audio 49170/2 RTP/AVP 0\r\nc=IN IP4 10.1.1.2\r\n";

        var ok = SdpParser.TryParse(text, out var sdp, out var error);

        Assert.True(ok, error);
        var audio = Assert.Single(sdp!.Media);
        Assert.Equal((49170, 2, "10.1.1.2"), (audio.Port, audio.PortCount!.Value, audio.Connection!.Address));
        Assert.Null(sdp.Connection);
    }

    [Theory]
    [InlineData("o=- 1 1 IN IP4 1.2.3.4\r\ns=-\r\n", "must start with v=")]
    [InlineData("v=1\r\no=- 1 1 IN IP4 1.2.3.4\r\ns=-\r\n", "version")]
    [InlineData("v=0\r\no=- one 1 IN IP4 1.2.3.4\r\ns=-\r\n", "malformed origin")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\ns=-\r\nc=IN IP4\r\n", "malformed connection")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\ns=-\r\nc=IN IP4 1.2.3.4\r\nm=audio 70000 RTP/AVP 0\r\n", "malformed media")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\ns=-\r\nc=IN IP4 1.2.3.4\r\nm=audio 4000 RTP/AVP\r\n", "malformed media")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\ns=-\r\nx=unknown\r\n", "known type")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\ns=-\r\ngarbage\r\n", "known type")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\nt=0 0\r\n", "mandatory")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\ns=-\r\nt=now 0\r\n", "malformed timing")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\ns=-\r\nm=audio 4000 RTP/AVP 0\r\n", "no c= line")]
    public void TryParse_MalformedDescription_FailsWithReason(string text, string reason)
    {
        var ok = SdpParser.TryParse(text, out var sdp, out var error);

        Assert.False(ok);
        Assert.Null(sdp);
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("rtpmap", "0 PCMU")]
    [InlineData("rtpmap", "x PCMU/8000")]
    [InlineData("rtpmap", "0 PCMU/fast")]
    public void TryParse_MalformedRtpmap_KeepsLineButYieldsNoMapping(string name, string value)
    {
        var text = SdpOffers.Audio($"m=audio 4000 RTP/AVP 0\r\na={name}:{value}\r\n");

        var ok = SdpParser.TryParse(text, out var sdp, out _);

        Assert.True(ok);
        Assert.Null(sdp!.Media[0].FindRtpMap(0));
        Assert.Single(sdp.Media[0].Attributes);
    }
}
