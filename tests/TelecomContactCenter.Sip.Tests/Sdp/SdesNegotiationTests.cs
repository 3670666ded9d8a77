using System.Net;
using TelecomContactCenter.Sip.Sdp;

namespace TelecomContactCenter.Sip.Tests.Sdp;

/// <summary>
/// SDES offer/answer (RFC 4568) under Media:Srtp: what the service answers to plain, best-effort and RTP/SAVP offers
/// on TLS and non-TLS legs, and what it offers and accepts back as offerer.
/// </summary>
public sealed class SdesNegotiationTests
{
    private const string CallerKey = "PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR";

    // baresip 1.0 with mediaenc srtp-mand: RTP/SAVP, two suites, the 32-bit tag first.
    private const string BaresipSavp =
        "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n" +
        "m=audio 40000 RTP/SAVP 0 8 101\r\n" +
        "a=rtpmap:0 PCMU/8000\r\na=rtpmap:8 PCMA/8000\r\na=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-15\r\n" +
        "a=crypto:1 AES_CM_128_HMAC_SHA1_32 inline:QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVowMTIz\r\n" +
        "a=crypto:2 AES_CM_128_HMAC_SHA1_80 inline:" + CallerKey + "\r\n" +
        "a=sendrecv\r\n";

    private static readonly IPAddress Us = IPAddress.Parse("198.51.100.10");

    [Theory]
    [InlineData(SrtpPolicy.Optional)]
    [InlineData(SrtpPolicy.Required)]
    public void SavpOfferOverTls_IsAnsweredWithTheMatchingTagAndAFreshKeyOfOurOwn(SrtpPolicy policy)
    {
        var first = Assert.IsType<SdpAccepted>(new SdpAnswerer().Answer(Parse(BaresipSavp), Local(policy, tls: true)));
        var second = Assert.IsType<SdpAccepted>(new SdpAnswerer().Answer(Parse(BaresipSavp), Local(policy, tls: true)));

        var media = first.Answer.Media[0];
        Assert.Equal("RTP/SAVP", media.Protocol);
        var crypto = Assert.Single(SdesCrypto.FindAll(media));
        Assert.Equal((2, SdesCrypto.Aes128CmSha1Tag80), (crypto.Tag, crypto.Suite));
        Assert.True(crypto.IsSupported);
        Assert.NotEqual(CallerKey, crypto.InlineKey);
        Assert.Equal(new SdesKeys(crypto.InlineKey, CallerKey), first.Audio.Srtp);
        Assert.NotEqual(first.Audio.Srtp!.Local, second.Audio.Srtp!.Local);
        Assert.DoesNotContain(CallerKey, first.Audio.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(crypto.InlineKey, first.Audio.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void BestEffortOffer_RtpAvpWithCrypto_IsAnsweredInRtpAvpWithCryptoWhenOptional()
    {
        var offer = Parse(BaresipSavp.Replace("RTP/SAVP", "RTP/AVP", StringComparison.Ordinal));

        var accepted = Assert.IsType<SdpAccepted>(new SdpAnswerer().Answer(offer, Local(SrtpPolicy.Optional, tls: true)));

        Assert.Equal("RTP/AVP", accepted.Answer.Media[0].Protocol);
        Assert.Equal(2, Assert.Single(SdesCrypto.FindAll(accepted.Answer.Media[0])).Tag);
        Assert.NotNull(accepted.Audio.Srtp);
    }

    [Fact]
    public void PlainOffer_UnderRequired_IsNotAcceptable()
    {
        var result = new SdpAnswerer().Answer(Parse(SdpOffers.Sipp), Local(SrtpPolicy.Required, tls: true));

        Assert.Contains("SRTP is required", Assert.IsType<SdpNotAcceptable>(result).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void PlainOffer_UnderOptional_IsAnsweredPlain()
    {
        var accepted = Assert.IsType<SdpAccepted>(new SdpAnswerer().Answer(Parse(SdpOffers.Sipp), Local(SrtpPolicy.Optional, tls: true)));

        Assert.Null(accepted.Audio.Srtp);
        Assert.Empty(SdesCrypto.FindAll(accepted.Answer.Media[0]));
    }

    [Fact]
    public void SavpOfferWithoutTls_IsRefusedAndNoKeyIsWritten_WhateverThePolicy()
    {
        foreach (var policy in Enum.GetValues<SrtpPolicy>())
        {
            var result = new SdpAnswerer().Answer(Parse(BaresipSavp), Local(policy, tls: false));

            Assert.IsType<SdpNotAcceptable>(result);
        }
    }

    [Fact]
    public void SavpOffer_WithSrtpOff_IsNotAcceptableSayingSo()
    {
        var result = new SdpAnswerer().Answer(Parse(BaresipSavp), Local(SrtpPolicy.Off, tls: true));

        Assert.Contains("SRTP is off", Assert.IsType<SdpNotAcceptable>(result).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void BestEffortOfferWithoutTls_UnderOptional_IsAnsweredPlainWithoutOurKey()
    {
        var offer = Parse(BaresipSavp.Replace("RTP/SAVP", "RTP/AVP", StringComparison.Ordinal));

        var accepted = Assert.IsType<SdpAccepted>(new SdpAnswerer().Answer(offer, Local(SrtpPolicy.Optional, tls: false)));

        Assert.Null(accepted.Audio.Srtp);
        Assert.DoesNotContain("a=crypto", accepted.Answer.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void SavpOfferWithOnlyUnsupportedSuites_IsNotAcceptable()
    {
        var offer = Parse(BaresipSavp.Replace("a=crypto:2 AES_CM_128_HMAC_SHA1_80 inline:" + CallerKey + "\r\n", string.Empty, StringComparison.Ordinal));

        var result = new SdpAnswerer().Answer(offer, Local(SrtpPolicy.Optional, tls: true));

        Assert.Contains("no supported a=crypto", Assert.IsType<SdpNotAcceptable>(result).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Offerer_OffersBestEffortWhenOptional_SavpWhenRequired_AndNothingWithoutTls()
    {
        var optional = new SdpOfferer().CreateOffer(Local(SrtpPolicy.Optional, tls: true)).Media[0];
        var required = new SdpOfferer().CreateOffer(Local(SrtpPolicy.Required, tls: true)).Media[0];
        var optionalUdp = new SdpOfferer().CreateOffer(Local(SrtpPolicy.Optional, tls: false)).Media[0];

        Assert.Equal(("RTP/AVP", 1), (optional.Protocol, Assert.Single(SdesCrypto.FindAll(optional)).Tag));
        Assert.Equal(("RTP/SAVP", 1), (required.Protocol, Assert.Single(SdesCrypto.FindAll(required)).Tag));
        Assert.Equal("RTP/AVP", optionalUdp.Protocol);
        Assert.Empty(SdesCrypto.FindAll(optionalUdp));
        Assert.False(SdpOfferer.CanOffer(Local(SrtpPolicy.Required, tls: false)));
        Assert.Throws<InvalidOperationException>(() => new SdpOfferer().CreateOffer(Local(SrtpPolicy.Required, tls: false)));
    }

    [Fact]
    public void Offerer_ReadsThePeersKeyFromTheAnswerWithOurTag_AndRefusesASavpAnswerWithoutIt()
    {
        var offerer = new SdpOfferer();
        var offer = offerer.CreateOffer(Local(SrtpPolicy.Required, tls: true));
        var ours = SdesCrypto.FindAll(offer.Media[0])[0].InlineKey;
        var answer = new SdpAnswerer().Answer(offer, Local(SrtpPolicy.Optional, tls: true) with { AudioPort = 30000 });
        var answered = Assert.IsType<SdpAccepted>(answer).Answer;

        var keys = Assert.IsType<SdpAccepted>(offerer.ProcessAnswer(offer, answered)).Audio.Srtp;
        var withoutCrypto = answered with { Media = [answered.Media[0] with { Attributes = [.. answered.Media[0].Attributes.Where(a => a.Name != "crypto")] }] };

        Assert.Equal(ours, keys!.Local);
        Assert.Equal(SdesCrypto.FindAll(answered.Media[0])[0].InlineKey, keys.Remote);
        Assert.IsType<SdpNotAcceptable>(offerer.ProcessAnswer(offer, withoutCrypto));
    }

    [Fact]
    public void Offerer_UnderOptional_TakesAPlainAnswerFromAPhoneWithoutSrtp()
    {
        var offerer = new SdpOfferer();
        var offer = offerer.CreateOffer(Local(SrtpPolicy.Optional, tls: true));
        var plain = Assert.IsType<SdpAccepted>(new SdpAnswerer().Answer(offer, Local(SrtpPolicy.Off, tls: true))).Answer;

        var accepted = Assert.IsType<SdpAccepted>(offerer.ProcessAnswer(offer, plain));

        Assert.Null(accepted.Audio.Srtp);
    }

    [Fact]
    public void ARepeatedKey_IsUsedInTheReOffer()
    {
        var key = SdesCrypto.NewInlineKey();

        var offer = new SdpOfferer().CreateOffer(Local(SrtpPolicy.Optional, tls: true) with { SrtpKey = key });

        Assert.Equal(key, SdesCrypto.FindAll(offer.Media[0])[0].InlineKey);
        Assert.DoesNotContain(key, (Local(SrtpPolicy.Optional, tls: true) with { SrtpKey = key }).ToString(), StringComparison.Ordinal);
    }

    private static SdpLocalMedia Local(SrtpPolicy policy, bool tls) => new(Us, 20000, 42, 1, Srtp: policy, SecureSignalling: tls);

    private static SessionDescription Parse(string text)
    {
        Assert.True(SdpParser.TryParse(text, out var sdp, out var error), error);
        return sdp;
    }
}
