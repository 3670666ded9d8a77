using System.Net;
using TelecomContactCenter.Sip.Sdp;

namespace TelecomContactCenter.Sip.Tests.Sdp;

public sealed class SdpOffererTests
{
    private static readonly SdpLocalMedia Us = new(IPAddress.Parse("198.51.100.10"), 20002, 9, 1);

    [Fact]
    public void CreateOffer_DefaultOptions_OffersPcmuPcmaAndDigitEvents()
    {
        var offer = new SdpOfferer().CreateOffer(Us);

        var text = offer.ToString();
        Assert.Contains("m=audio 20002 RTP/AVP 0 8 101\r\n", text, StringComparison.Ordinal);
        Assert.Contains("a=fmtp:101 0-15\r\n", text, StringComparison.Ordinal);
        Assert.Contains("c=IN IP4 198.51.100.10\r\n", text, StringComparison.Ordinal);
        Assert.True(SdpParser.TryParse(text, out _, out var error), error);
    }

    [Fact]
    public void ProcessAnswer_AnswerFromOurOwnAnswerer_NegotiatesTheSameAudio()
    {
        var offerer = new SdpOfferer();
        var offer = offerer.CreateOffer(Us);
        var agentPhone = new SdpLocalMedia(IPAddress.Parse("10.0.0.50"), 40000, 1, 1);
        var answered = Assert.IsType<SdpAccepted>(new SdpAnswerer().Answer(Reparse(offer), agentPhone));

        var result = offerer.ProcessAnswer(offer, Reparse(answered.Answer));

        var audio = Assert.IsType<SdpAccepted>(result).Audio;
        Assert.Equal((AudioCodec.Pcmu, 0, 101), (audio.Codec, audio.PayloadType, audio.TelephoneEventPayloadType!.Value));
        Assert.Equal(new IPEndPoint(IPAddress.Parse("10.0.0.50"), 40000), audio.RemoteRtp);
        Assert.Equal(MediaDirection.SendRecv, audio.Direction);
    }

    [Fact]
    public void ProcessAnswer_SippUasAnswerWithPcmuOnly_HasNoTelephoneEvent()
    {
        var offerer = new SdpOfferer();
        var offer = offerer.CreateOffer(Us);

        var result = offerer.ProcessAnswer(offer, Parse(SdpOffers.Sipp));

        var audio = Assert.IsType<SdpAccepted>(result).Audio;
        Assert.Equal((AudioCodec.Pcmu, 0), (audio.Codec, audio.PayloadType));
        Assert.Null(audio.TelephoneEventPayloadType);
    }

    [Fact]
    public void ProcessAnswer_PeerAnswersRecvonly_WeOnlySend()
    {
        var offerer = new SdpOfferer();

        var result = offerer.ProcessAnswer(offerer.CreateOffer(Us), Parse(SdpOffers.Audio("m=audio 4000 RTP/AVP 8\r\n", direction: "recvonly")));

        var audio = Assert.IsType<SdpAccepted>(result).Audio;
        Assert.Equal((AudioCodec.Pcma, MediaDirection.SendOnly), (audio.Codec, audio.Direction));
    }

    [Theory]
    [InlineData("m=audio 0 RTP/AVP 0\r\n", "rejected")]
    [InlineData("m=audio 4000 RTP/AVP 18\r\na=rtpmap:18 G729/8000\r\n", "no common codec")]
    [InlineData("m=audio 4000 RTP/AVP 0\r\nm=video 0 RTP/AVP 96\r\n", "media sections")]
    public void ProcessAnswer_UnusableAnswer_IsNotAcceptable(string media, string reason)
    {
        var offerer = new SdpOfferer();

        var result = offerer.ProcessAnswer(offerer.CreateOffer(Us), Parse(SdpOffers.Audio(media)));

        Assert.Contains(reason, Assert.IsType<SdpNotAcceptable>(result).Reason, StringComparison.Ordinal);
    }

    private static SessionDescription Reparse(SessionDescription description) => Parse(description.ToString());

    private static SessionDescription Parse(string text)
    {
        Assert.True(SdpParser.TryParse(text, out var sdp, out var error), error);
        return sdp;
    }
}
