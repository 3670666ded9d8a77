using System.Text;
using TelecomContactCenter.Sip.Messages;
using TelecomContactCenter.Sip.Parsing;

namespace TelecomContactCenter.Sip.Tests.Parsing;

public sealed class SipParserTests
{
    private const string Options =
        "OPTIONS sip:10000@127.0.0.1 SIP/2.0\r\n" +
        "v: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK776;rport, SIP/2.0/TCP proxy.example.com\r\n" +
        "Max-Forwards: 70\r\nf: <sip:a@example.com>;tag=1\r\nt: <sip:10000@example.com>\r\n" +
        "i: call-1\r\nCSeq: 1 OPTIONS\r\n";

    [Fact]
    public void Parse_CompactForms_ExpandToLongNames()
    {
        var message = SipParser.ParseMessage(Options + "l: 0\r\n\r\n");

        Assert.Equal(["Via", "Max-Forwards", "From", "To", "Call-ID", "CSeq", "Content-Length"], message.Headers.Select(h => h.Name));
        Assert.Equal(2, message.Vias.Count);
        Assert.True(message.TopVia!.HasRPort);
        Assert.Equal("z9hG4bK776", message.TopVia.Branch);
        Assert.True(message.TopVia.HasRfc3261Branch);
        Assert.Equal("192.0.2.1:5060", message.TopVia.SentBy);
    }

    [Fact]
    public void Parse_NoContentLengthOnDatagram_TakesRestAsBody()
    {
        var message = SipParser.ParseMessage(Options + "\r\nhello");

        Assert.Equal("hello", Encoding.UTF8.GetString(message.Body.Span));
    }

    [Fact]
    public void Parse_StreamWithBodyLongerThanContentLength_ConsumesOnlyDeclaredOctets()
    {
        var data = Encoding.UTF8.GetBytes(Options + "Content-Length: 2\r\n\r\nhiNEXT");

        var result = SipParser.Parse(data, isDatagram: false);

        Assert.True(result.IsSuccess);
        Assert.Equal(data.Length - 4, result.BytesConsumed);
    }

    [Fact]
    public void Parse_StreamWithBodyShorterThanContentLength_ReportsIncomplete()
    {
        var result = SipParser.Parse(Encoding.UTF8.GetBytes(Options + "Content-Length: 20\r\n\r\nhi"), isDatagram: false);

        Assert.False(result.IsSuccess);
        Assert.False(result.CanRespond);
    }

    [Fact]
    public void Parse_DatagramWithBodyShorterThanContentLength_CanAnswer400()
    {
        var result = SipParser.Parse(Encoding.UTF8.GetBytes(Options + "Content-Length: 20\r\n\r\nhi"));

        Assert.True(result.CanRespond);
        Assert.Equal(400, result.StatusCode);
    }

    [Fact]
    public void Parse_LargerThanMaximum_Rejected()
    {
        var body = new string('x', 2000);
        var data = Encoding.UTF8.GetBytes(Options + $"Content-Length: {body.Length}\r\n\r\n{body}");

        var result = SipParser.Parse(data, new SipParserOptions { MaxMessageSize = 1024 });

        Assert.False(result.IsSuccess);
        Assert.Contains("too large", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_LeadingKeepAliveLineEnds_Ignored()
    {
        var message = SipParser.ParseMessage("\r\n\r\n" + Options + "l: 0\r\n\r\n");

        Assert.Equal("call-1", message.CallId);
    }

    [Fact]
    public void Parse_MissingCallId_CannotRespond()
    {
        var text = Options.Replace("i: call-1\r\n", string.Empty, StringComparison.Ordinal) + "l: 0\r\n\r\n";

        var result = SipParser.Parse(Encoding.UTF8.GetBytes(text));

        Assert.False(result.IsSuccess);
        Assert.False(result.CanRespond);
    }

    [Fact]
    public void Parse_RandomBytes_NeverThrows()
    {
        var random = new Random(4475);
        var buffer = new byte[300];

        for (var i = 0; i < 2000; i++)
        {
            random.NextBytes(buffer);
            var prefix = Encoding.UTF8.GetBytes(Options);
            var data = i % 2 == 0 ? buffer : [.. prefix, .. buffer];
            var result = SipParser.Parse(data);
            Assert.False(result.IsSuccess && result.Message is null);
        }
    }

    [Fact]
    public void GetValues_ListAndSingleValuedHeaders_SplitOnlyLists()
    {
        var message = SipParser.ParseMessage(Options +
            "P-Asserted-Identity: \"Smith, J\" <sip:+442079460000@example.com>, <tel:+442079460000>\r\n" +
            "WWW-Authenticate: Digest realm=\"example.com\", nonce=\"abc\"\r\nl: 0\r\n\r\n");

        var identities = message.Headers.GetValues("P-Asserted-Identity");

        Assert.Equal(2, identities.Count);
        Assert.Equal("Smith, J", NameAddress.Parse(identities[0]).DisplayName);
        Assert.IsType<TelUri>(NameAddress.Parse(identities[1]).Uri);
        Assert.Single(message.Headers.GetValues("WWW-Authenticate"));
    }
}
