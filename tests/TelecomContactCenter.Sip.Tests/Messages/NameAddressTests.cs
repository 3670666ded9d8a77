using TelecomContactCenter.Sip.Messages;
using TelecomContactCenter.Sip.Parsing;

namespace TelecomContactCenter.Sip.Tests.Messages;

public sealed class NameAddressTests
{
    [Fact]
    public void Parse_AddrSpecWithParameters_TreatsParametersAsHeaderParameters()
    {
        var address = NameAddress.Parse("sip:alice@example.com;tag=abc;user=phone");

        Assert.Null(address.DisplayName);
        Assert.Equal("abc", address.Tag);
        Assert.Equal("phone", address.Parameters.Get("user"));
        Assert.Empty(((SipUri)address.Uri).Parameters);
    }

    [Fact]
    public void ToString_DisplayNameWithQuotes_EscapesAndRoundTrips()
    {
        var address = new NameAddress(SipUri.Sip("bob", "example.com"), "Bob \"The\" \\Builder").WithTag("t1");

        var text = address.ToString();

        Assert.Equal("\"Bob \\\"The\\\" \\\\Builder\" <sip:bob@example.com>;tag=t1", text);
        Assert.Equal(address.DisplayName, NameAddress.Parse(text).DisplayName);
    }

    [Theory]
    [InlineData("\"unterminated <sip:a@b>")]
    [InlineData("< sip:a@example.com >")]
    [InlineData("Bell, Alexander <sip:a@example.com>")]
    [InlineData("sip:a@example.com?Route=x")]
    [InlineData("<sip:a@example.com>;;")]
    public void Parse_Malformed_Throws(string text)
    {
        Assert.Throws<SipParseException>(() => NameAddress.Parse(text));
    }

    [Fact]
    public void Contacts_Star_IsRecognised()
    {
        var request = SipRequest.Create("REGISTER", SipUri.Parse("sip:example.com"),
            NameAddress.Parse("<sip:a@example.com>;tag=1"), NameAddress.Parse("<sip:a@example.com>"), "c1", 1);
        request.Headers.Add("m", "*");

        Assert.True(request.IsContactStar);
        Assert.Empty(request.Contacts);
    }
}
