using System.Net;
using TelecomContactCenter.Sip.Sdp;

namespace TelecomContactCenter.Sip.Tests.Sdp;

public sealed class SdpAnswererTests
{
    private static readonly SdpLocalMedia Local = new(IPAddress.Parse("198.51.100.10"), 20000, 42, 1);

    [Fact]
    public void Answer_SippOffer_AcceptsPcmuWithoutTelephoneEvent()
    {
        var offer = Parse(SdpOffers.Sipp);

        var result = new SdpAnswerer().Answer(offer, Local);

        var accepted = Assert.IsType<SdpAccepted>(result);
        Assert.Equal(AudioCodec.Pcmu, accepted.Audio.Codec);
        Assert.Equal(0, accepted.Audio.PayloadType);
        Assert.Null(accepted.Audio.TelephoneEventPayloadType);
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 6000), accepted.Audio.RemoteRtp);
        var text = accepted.Answer.ToString();
        Assert.Contains("m=audio 20000 RTP/AVP 0\r\n", text, StringComparison.Ordinal);
        Assert.Contains("c=IN IP4 198.51.100.10\r\n", text, StringComparison.Ordinal);
        Assert.Contains("o=tcc 42 1 IN IP4 198.51.100.10\r\n", text, StringComparison.Ordinal);
        Assert.Contains("a=sendrecv\r\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Answer_SippPcapOffer_AcceptsPcmaAndTheDigitEventsItOffers()
    {
        var offer = Parse(SdpOffers.SippPcap);

        var result = new SdpAnswerer().Answer(offer, Local);

        var accepted = Assert.IsType<SdpAccepted>(result);
        Assert.Equal((AudioCodec.Pcma, 8, 101), (accepted.Audio.Codec, accepted.Audio.PayloadType, accepted.Audio.TelephoneEventPayloadType!.Value));
        Assert.Contains("m=audio 20000 RTP/AVP 8 101\r\n", accepted.Answer.ToString(), StringComparison.Ordinal);
        Assert.Equal("0-11", accepted.Answer.Media[0].FindFormatParameters(101));
    }

    [Fact]
    public void Answer_LinphoneOffer_PicksEightKilohertzEventAndRejectsVideo()
    {
        var offer = Parse(SdpOffers.Linphone);

        var result = new SdpAnswerer().Answer(offer, Local);

        var accepted = Assert.IsType<SdpAccepted>(result);
        Assert.Equal((0, 100), (accepted.Audio.PayloadType, accepted.Audio.TelephoneEventPayloadType!.Value));
        Assert.Equal(2, accepted.Answer.Media.Count);
        Assert.Equal(["0", "100"], accepted.Answer.Media[0].Formats);
        Assert.Equal("0-15", accepted.Answer.Media[0].FindFormatParameters(100));
        var video = accepted.Answer.Media[1];
        Assert.Equal(("video", 0), (video.MediaType, video.Port));
        Assert.Contains("m=video 0 RTP/AVP 96 97\r\n", accepted.Answer.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Answer_BaresipOfferListingPcmaFirst_StillAnswersWithOurPreferredPcmu()
    {
        var offer = Parse(SdpOffers.Baresip);

        var result = new SdpAnswerer().Answer(offer, Local);

        var accepted = Assert.IsType<SdpAccepted>(result);
        Assert.Equal((AudioCodec.Pcmu, 0, 101), (accepted.Audio.Codec, accepted.Audio.PayloadType, accepted.Audio.TelephoneEventPayloadType!.Value));
    }

    [Fact]
    public void Answer_PreferenceSetToPcmaFirst_AnswersPcma()
    {
        var answerer = new SdpAnswerer(new SdpOptions { CodecPreference = [AudioCodec.Pcma, AudioCodec.Pcmu] });

        var result = answerer.Answer(Parse(SdpOffers.Baresip), Local);

        Assert.Equal(8, Assert.IsType<SdpAccepted>(result).Audio.PayloadType);
    }

    [Fact]
    public void Answer_DynamicPayloadTypesForPcmaAndEvents_KeepsTheOfferersNumbers()
    {
        var offer = Parse(SdpOffers.Audio(
            "m=audio 4000 RTP/AVP 110 126\r\na=rtpmap:110 PCMA/8000\r\na=rtpmap:126 telephone-event/8000\r\na=fmtp:126 0-16\r\n"));

        var result = new SdpAnswerer().Answer(offer, Local);

        var accepted = Assert.IsType<SdpAccepted>(result);
        Assert.Equal((AudioCodec.Pcma, 110, 126), (accepted.Audio.Codec, accepted.Audio.PayloadType, accepted.Audio.TelephoneEventPayloadType!.Value));
        var text = accepted.Answer.ToString();
        Assert.Contains("a=rtpmap:110 PCMA/8000\r\n", text, StringComparison.Ordinal);
        Assert.Contains("a=fmtp:126 0-15\r\n", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sendonly", MediaDirection.RecvOnly)]
    [InlineData("recvonly", MediaDirection.SendOnly)]
    [InlineData("inactive", MediaDirection.Inactive)]
    [InlineData("sendrecv", MediaDirection.SendRecv)]
    public void Answer_OfferDirection_AnswersTheMirrorDirection(string offered, MediaDirection expected)
    {
        var offer = Parse(SdpOffers.Audio("m=audio 4000 RTP/AVP 0\r\n", direction: offered));

        var result = new SdpAnswerer().Answer(offer, Local);

        var accepted = Assert.IsType<SdpAccepted>(result);
        Assert.Equal(expected, accepted.Audio.Direction);
        Assert.Equal(expected, accepted.Answer.Media[0].Direction);
    }

    [Fact]
    public void Answer_HoldWithNullConnectionAddress_AnswersRecvOnlyAndSendsNothing()
    {
        var offer = Parse(SdpOffers.Audio("m=audio 4000 RTP/AVP 0\r\n", connection: "0.0.0.0"));

        var result = new SdpAnswerer().Answer(offer, Local);

        var accepted = Assert.IsType<SdpAccepted>(result);
        Assert.Equal(MediaDirection.RecvOnly, accepted.Audio.Direction);
        Assert.Null(accepted.Audio.RemoteRtp);
    }

    [Fact]
    public void Answer_SessionLevelSendonly_AppliesToTheStream()
    {
        var offer = Parse(SdpOffers.Sipp.Replace("t=0 0\r\n", "t=0 0\r\na=sendonly\r\n", StringComparison.Ordinal));

        var result = new SdpAnswerer().Answer(offer, Local);

        Assert.Equal(MediaDirection.RecvOnly, Assert.IsType<SdpAccepted>(result).Audio.Direction);
    }

    [Fact]
    public void Answer_WeHoldTheCallOnASendrecvReoffer_AnswersSendOnlyWithANewVersion()
    {
        var local = Local with { SessionVersion = 2, Direction = MediaDirection.SendOnly };

        var result = new SdpAnswerer().Answer(Parse(SdpOffers.Sipp), local);

        var accepted = Assert.IsType<SdpAccepted>(result);
        Assert.Equal(MediaDirection.SendOnly, accepted.Audio.Direction);
        Assert.Equal(2ul, accepted.Answer.Origin.SessionVersion);
    }

    [Theory]
    [InlineData("m=audio 4000 RTP/AVP 18 9\r\na=rtpmap:18 G729/8000\r\na=rtpmap:9 G722/8000\r\n")]
    [InlineData("m=audio 4000 RTP/AVP 96\r\na=rtpmap:96 opus/48000/2\r\n")]
    [InlineData("m=audio 4000 RTP/AVP 96\r\na=rtpmap:96 PCMU/16000\r\n")]
    [InlineData("m=audio 4000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000/2\r\n")]
    public void Answer_NoCommonCodec_IsNotAcceptable(string media)
    {
        var offer = Parse(SdpOffers.Audio(media));

        var result = new SdpAnswerer().Answer(offer, Local);

        var rejected = Assert.IsType<SdpNotAcceptable>(result);
        Assert.Contains("no common codec", rejected.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Answer_VideoOnlyOffer_IsNotAcceptable()
    {
        var offer = Parse(SdpOffers.Audio("m=video 5000 RTP/AVP 96\r\na=rtpmap:96 VP8/90000\r\n"));

        var result = new SdpAnswerer().Answer(offer, Local);

        Assert.Equal("the offer has no audio stream", Assert.IsType<SdpNotAcceptable>(result).Reason);
    }

    [Fact]
    public void Answer_TwoAudioStreams_AcceptsTheFirstAndRejectsTheSecond()
    {
        var offer = Parse(SdpOffers.Audio("m=audio 4000 RTP/AVP 0\r\nm=audio 4002 RTP/AVP 8\r\n"));

        var result = new SdpAnswerer().Answer(offer, Local);

        var accepted = Assert.IsType<SdpAccepted>(result);
        Assert.Equal((20000, 0), (accepted.Answer.Media[0].Port, accepted.Answer.Media[1].Port));
        Assert.Equal(0, accepted.Audio.MediaIndex);
    }

    [Fact]
    public void Answer_TelephoneEventWithoutDigits_IsLeftOut()
    {
        var offer = Parse(SdpOffers.Audio(
            "m=audio 4000 RTP/AVP 0 101\r\na=rtpmap:101 telephone-event/8000\r\na=fmtp:101 32-36\r\n"));

        var result = new SdpAnswerer().Answer(offer, Local);

        var accepted = Assert.IsType<SdpAccepted>(result);
        Assert.Null(accepted.Audio.TelephoneEventPayloadType);
        Assert.Equal(["0"], accepted.Answer.Media[0].Formats);
    }

    [Theory]
    [InlineData("a=rtcp:53020\r\n", "203.0.113.7:53020")]
    [InlineData("a=rtcp:53020 IN IP4 198.51.100.99\r\n", "198.51.100.99:53020")]
    [InlineData("", null)]
    public void Answer_OfferNamesItsRtcpPort_ReportsWhereRtcpGoes(string attribute, string? expected)
    {
        var offer = Parse(SdpOffers.Audio("m=audio 4000 RTP/AVP 0\r\n" + attribute));

        var result = new SdpAnswerer().Answer(offer, Local);

        Assert.Equal(expected, Assert.IsType<SdpAccepted>(result).Audio.RemoteRtcp?.ToString());
    }

    [Fact]
    public void Answer_AcceptedAnswer_ParsesBackAsValidSdp()
    {
        var result = new SdpAnswerer().Answer(Parse(SdpOffers.Linphone), Local);

        var ok = SdpParser.TryParse(Assert.IsType<SdpAccepted>(result).Answer.ToString(), out var reparsed, out var error);

        Assert.True(ok, error);
        Assert.Equal(20, reparsed!.Media[0].Ptime);
    }

    private static SessionDescription Parse(string text)
    {
        Assert.True(SdpParser.TryParse(text, out var sdp, out var error), error);
        return sdp;
    }
}
