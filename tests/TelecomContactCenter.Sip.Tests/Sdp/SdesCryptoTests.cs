using TelecomContactCenter.Sip.Sdp;

namespace TelecomContactCenter.Sip.Tests.Sdp;

/// <summary>RFC 4568 a=crypto lines as phones send them (baresip's, RFC 4568 §9.1's examples).</summary>
public sealed class SdesCryptoTests
{
    [Fact]
    public void A_line_with_lifetime_and_MKI_reads_into_its_parts_and_writes_back_the_same()
    {
        const string value = "1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|2^20|1:4";
        var crypto = SdesCrypto.Parse(value);
        Assert.NotNull(crypto);
        Assert.Equal(1, crypto.Tag);
        Assert.Equal("AES_CM_128_HMAC_SHA1_80", crypto.Suite);
        Assert.Equal("PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR", crypto.InlineKey);
        Assert.Equal("2^20", crypto.Lifetime);
        Assert.Equal("1:4", crypto.Mki);
        Assert.False(crypto.IsSupported);
        Assert.Equal(value, crypto.ToAttributeValue());
        Assert.DoesNotContain(crypto.InlineKey, crypto.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("1 AES_CM_128_HMAC_SHA1_80")]
    [InlineData("x AES_CM_128_HMAC_SHA1_80 inline:abcd")]
    [InlineData("1 AES_CM_128_HMAC_SHA1_80 uri:http://key")]
    [InlineData("1 AES_CM_128_HMAC_SHA1_80 inline:")]
    public void A_malformed_line_is_not_read(string value) => Assert.Null(SdesCrypto.Parse(value));

    [Fact]
    public void The_first_supported_offer_is_chosen_over_suites_MKIs_and_session_parameters_the_service_cannot_use()
    {
        var media = new SdpMedia
        {
            MediaType = "audio",
            Port = 4000,
            Protocol = "RTP/SAVP",
            Formats = ["0"],
            Attributes =
            [
                new SdpAttributeLine("crypto", "1 AES_256_CM_HMAC_SHA1_80 inline:a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5"),
                new SdpAttributeLine("crypto", "2 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|2^20|1:4"),
                new SdpAttributeLine("crypto", "3 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR UNENCRYPTED_SRTP"),
                new SdpAttributeLine("crypto", "4 AES_CM_128_HMAC_SHA1_80 inline:QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVowMTIz|2^31"),
                new SdpAttributeLine("crypto", "5 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR"),
            ],
        };

        Assert.Equal(5, SdesCrypto.FindAll(media).Count);
        var chosen = SdesCrypto.Choose(media);
        Assert.NotNull(chosen);
        Assert.Equal(4, chosen.Tag);
        Assert.Equal(new SdpAttributeLine("crypto", "4 AES_CM_128_HMAC_SHA1_80 inline:QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVowMTIz|2^31"), chosen.ToAttribute());
    }
}
