using TelecomContactCenter.Sip.Authentication;

namespace TelecomContactCenter.Sip.Tests.Authentication;

public sealed class DigestHashTests
{
    [Fact]
    public void Response_Rfc2617Example_MatchesPublishedMd5Value()
    {
        var ha1 = DigestHash.Ha1(DigestAlgorithm.Md5, "Mufasa", "testrealm@host.com", "Circle Of Life");

        var response = DigestHash.Response(
            DigestAlgorithm.Md5, ha1, "dcd98b7102dd2f0e8b11d0f600bfb0c093", "GET", "/dir/index.html",
            "auth", "00000001", "0a4f113b");

        Assert.Equal("6629fae49393a05397450978507c4ef1", response);
    }

    [Theory]
    [InlineData(DigestAlgorithm.Md5, "MD5", "8ca523f5e9506fed4657c9700eebdbec")]
    [InlineData(DigestAlgorithm.Sha256, "SHA-256", "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1")]
    public void Response_Rfc7616Example_MatchesPublishedAndFormulaValues(
        DigestAlgorithm algorithm, string token, string published)
    {
        const string nonce = "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v";
        const string cnonce = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";
        var ha1 = DigestHash.Ha1(algorithm, "Mufasa", "http-auth@example.org", "Circle of Life");
        var formula = TestDigestClient.H(token, string.Join(':',
            TestDigestClient.H(token, "Mufasa:http-auth@example.org:Circle of Life"),
            nonce, "00000001", cnonce, "auth", TestDigestClient.H(token, "GET:/dir/index.html")));

        var response = DigestHash.Response(algorithm, ha1, nonce, "GET", "/dir/index.html", "auth", "00000001", cnonce);

        Assert.Equal(published, response);
        Assert.Equal(formula, response);
    }

    [Theory]
    [InlineData(DigestAlgorithm.Md5, "MD5")]
    [InlineData(DigestAlgorithm.Sha256, "SHA-256")]
    public void Response_WithoutQop_UsesRfc2069Formula(DigestAlgorithm algorithm, string token)
    {
        var ha1 = DigestHash.Ha1(algorithm, "agent1", "contactcenter", "ContactCenter!1");
        var expected = TestDigestClient.H(token, string.Join(':',
            TestDigestClient.H(token, "agent1:contactcenter:ContactCenter!1"),
            "abc", TestDigestClient.H(token, "REGISTER:sip:cc.example")));

        var response = DigestHash.Response(algorithm, ha1, "abc", "REGISTER", "sip:cc.example", null, null, null);

        Assert.Equal(expected, response);
    }

    [Theory]
    [InlineData(null, true, DigestAlgorithm.Md5)]
    [InlineData("md5", true, DigestAlgorithm.Md5)]
    [InlineData("SHA-256", true, DigestAlgorithm.Sha256)]
    [InlineData("MD5-sess", false, DigestAlgorithm.Sha256)]
    [InlineData("SHA-512-256", false, DigestAlgorithm.Sha256)]
    public void TryParseToken_KnownAndUnknownTokens_ParsesOnlySupported(
        string? token, bool expected, DigestAlgorithm expectedAlgorithm)
    {
        var parsed = DigestHash.TryParseToken(token, out var algorithm);

        Assert.Equal(expected, parsed);
        Assert.Equal(expectedAlgorithm, algorithm);
    }
}
