using TelecomContactCenter.Sip.Messages;
using TelecomContactCenter.Sip.Parsing;

namespace TelecomContactCenter.Sip.Tests.Messages;

public sealed class SipUriTests
{
    [Fact]
    public void Parse_FullUri_ReadsEveryComponent()
    {
        var uri = SipUri.Parse("sips:alice:secret@[2001:db8::10]:5061;transport=tcp;lr?subject=project%20x&priority=urgent");

        Assert.Equal("sips", uri.Scheme);
        Assert.Equal("alice", uri.User);
        Assert.Equal("secret", uri.Password);
        Assert.Equal("[2001:db8::10]", uri.Host);
        Assert.Equal(5061, uri.Port);
        Assert.Equal("tcp", uri.Transport);
        Assert.True(uri.IsLooseRouter);
        Assert.Equal("project x", uri.Headers.Get("subject"));
        Assert.Equal("urgent", uri.Headers.Get("priority"));
    }

    [Theory]
    [InlineData("sip:10000@127.0.0.1:5060")]
    [InlineData("sip:I%20have%20spaces@example.net;maddr=192.0.2.1")]
    [InlineData("sips:[2001:db8::1];lr")]
    [InlineData("sip:user@example.com?Route=%3Csip:example.com%3E")]
    public void ToString_ParsedUri_RoundTrips(string text)
    {
        var uri = SipUri.Parse(text);

        Assert.Equal(text, uri.ToString());
    }

    [Theory]
    [InlineData("sip:")]
    [InlineData("sip:@example.com")]
    [InlineData("sip:user@exa mple.com")]
    [InlineData("sip:user@example.com:99999")]
    [InlineData("sip:user@[::1")]
    [InlineData("sip:us%2@example.com")]
    [InlineData("sip:user@example.com;;lr")]
    public void Parse_MalformedUri_Throws(string text)
    {
        Assert.Throws<SipParseException>(() => SipUri.Parse(text));
    }

    [Fact]
    public void Parse_TelUri_ReadsNumberAndParameters()
    {
        var uri = Assert.IsType<TelUri>(AddressUri.Parse("tel:+44-20-7946-0000;ext=12"));

        Assert.True(uri.IsGlobal);
        Assert.Equal("+44-20-7946-0000", uri.Number);
        Assert.Equal("12", uri.Parameters.Get("ext"));
        Assert.Equal("tel:+44-20-7946-0000;ext=12", uri.ToString());
    }

    [Fact]
    public void Parse_UnknownScheme_KeptOpaque()
    {
        var uri = Assert.IsType<OpaqueUri>(AddressUri.Parse("isbn:2983792873"));

        Assert.Equal("isbn:2983792873", uri.ToString());
    }

    [Fact]
    public void ToString_UserWithReservedCharacters_Escapes()
    {
        var uri = SipUri.Sip("a b@c", "example.com");

        Assert.Equal("sip:a%20b%40c@example.com", uri.ToString());
        Assert.Equal("a b@c", SipUri.Parse(uri.ToString()).User);
    }
}
