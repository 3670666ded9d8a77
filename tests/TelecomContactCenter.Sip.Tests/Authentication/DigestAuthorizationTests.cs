using TelecomContactCenter.Sip.Authentication;

namespace TelecomContactCenter.Sip.Tests.Authentication;

public sealed class DigestAuthorizationTests
{
    private const string Md5Response = "6629fae49393a05397450978507c4ef1";

    [Fact]
    public void TryParse_FullQopAuthResponse_ReadsAllDirectives()
    {
        var value = "Digest username=\"Mufasa\", realm=\"testrealm@host.com\", nonce=\"n1\", uri=\"sip:a@b\", "
            + $"qop=auth, nc=0000000A, cnonce=\"0a4f113b\", response=\"{Md5Response.ToUpperInvariant()}\", opaque=\"o\"";

        var parsed = DigestAuthorization.TryParse(value, out var a);

        Assert.True(parsed);
        Assert.NotNull(a);
        Assert.Equal("Mufasa", a.UserName);
        Assert.Equal(DigestAlgorithm.Md5, a.Algorithm);
        Assert.Equal(10u, a.NonceCount);
        Assert.Equal("0000000A", a.NonceCountText);
        Assert.Equal(Md5Response, a.Response);
        Assert.Equal("o", a.Opaque);
    }

    [Fact]
    public void TryParse_Rfc2069Response_HasNoQopOrCounter()
    {
        var value = $"digest username=\"u\", realm=\"r\", nonce=\"n\", uri=\"sip:r\", response=\"{Md5Response}\"";

        var parsed = DigestAuthorization.TryParse(value, out var a);

        Assert.True(parsed);
        Assert.Null(a!.Qop);
        Assert.Null(a.ClientNonce);
    }

    [Theory]
    [InlineData("Basic dXNlcjpwYXNz")]
    [InlineData("Digest realm=\"r\", nonce=\"n\", uri=\"u\", response=\"6629fae49393a05397450978507c4ef1\"")]
    [InlineData("Digest username=\"u\", realm=\"r\", nonce=\"n\", uri=\"u\", response=\"6629fae4\"")]
    [InlineData("Digest username=\"u\", realm=\"r\", nonce=\"n\", uri=\"u\", response=\"6629fae49393a05397450978507c4ef1\", algorithm=SHA-256")]
    [InlineData("Digest username=\"u\", realm=\"r\", nonce=\"n\", uri=\"u\", response=\"6629fae49393a05397450978507c4ef1\", algorithm=MD5-sess")]
    [InlineData("Digest username=\"u\", realm=\"r\", nonce=\"n\", uri=\"u\", response=\"zz29fae49393a05397450978507c4ef1\"")]
    [InlineData("Digest username=\"u\", realm=\"r\", nonce=\"n\", uri=\"u\", response=\"6629fae49393a05397450978507c4ef1\", qop=auth, cnonce=\"c\"")]
    [InlineData("Digest username=\"u\", realm=\"r\", nonce=\"n\", uri=\"u\", response=\"6629fae49393a05397450978507c4ef1\", qop=auth, nc=1, cnonce=\"c\"")]
    [InlineData("Digest username=\"u\", realm=\"r\", nonce=\"n\", uri=\"u\", response=\"6629fae49393a05397450978507c4ef1\", qop=auth, nc=00000000, cnonce=\"c\"")]
    [InlineData("Digest username=\"u\", realm=\"r\", nonce=\"n\", uri=\"u\", response=\"6629fae49393a05397450978507c4ef1\", qop=auth-int, nc=00000001, cnonce=\"c\"")]
    [InlineData("Digest username=\"u\", realm=\"r\", nonce=\"n\", uri=\"u\", response=\"6629fae49393a05397450978507c4ef1\", qop=auth, nc=00000001")]
    public void TryParse_IncompleteOrUnsupported_ReturnsFalse(string value)
    {
        var parsed = DigestAuthorization.TryParse(value, out var a);

        Assert.False(parsed);
        Assert.Null(a);
    }
}
