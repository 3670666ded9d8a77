using TelecomContactCenter.Sip.Authentication;

namespace TelecomContactCenter.Sip.Tests.Authentication;

public sealed class DigestParametersTests
{
    [Fact]
    public void TryParse_QuotedTokensAndEscapes_ReadsEveryValue()
    {
        const string value = "Digest  username=\"ag\\\"ent\\\\1\" ,realm = \"contact, center\",nc=00000001,\t"
            + "algorithm=SHA-256, empty=\"\"";

        var parsed = DigestParameters.TryParse(value, out var scheme, out var p);

        Assert.True(parsed);
        Assert.Equal("Digest", scheme);
        Assert.Equal("ag\"ent\\1", p["username"]);
        Assert.Equal("contact, center", p["REALM"]);
        Assert.Equal("00000001", p["nc"]);
        Assert.Equal("SHA-256", p["algorithm"]);
        Assert.Equal(string.Empty, p["empty"]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Digest username=\"unterminated")]
    [InlineData("Digest username=a username=b")]
    [InlineData("Digest username=a, username=b")]
    [InlineData("Digest =value")]
    [InlineData("Digest username=")]
    [InlineData("Digest username=\"a\\")]
    [InlineData("Digest\"x\"=1")]
    [InlineData("Digest a=1,, b=2")]
    public void TryParse_MalformedInput_ReturnsFalse(string value)
    {
        var parsed = DigestParameters.TryParse(value, out _, out _);

        Assert.False(parsed);
    }

    [Fact]
    public void TryParse_TooManyParameters_ReturnsFalse()
    {
        var value = "Digest " + string.Join(", ", Enumerable.Range(0, 40).Select(i => $"p{i}=v"));

        var parsed = DigestParameters.TryParse(value, out _, out _);

        Assert.False(parsed);
    }
}
