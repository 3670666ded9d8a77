using System.Text;
using TelecomContactCenter.Sip.Messages;
using TelecomContactCenter.Sip.Parsing;

namespace TelecomContactCenter.Sip.Tests.Torture;

/// <summary>RFC 4475 §3.1.1: every valid message parses to the values the RFC describes.</summary>
public sealed class ValidTortureMessageTests
{
    public static TheoryData<string> ValidNames =>
    [
        "wsinv", "intmeth", "esc01", "escnull", "esc02", "lwsdisp", "longreq", "dblreq", "semiuri", "transports",
        "mpart01", "unreason", "noreason",
    ];

    [Theory]
    [MemberData(nameof(ValidNames))]
    public void Parse_ValidTortureMessage_Succeeds(string name)
    {
        var result = SipParser.Parse(TortureMessages.Load(name));

        Assert.True(result.IsSuccess, result.Error);
    }

    [Theory]
    [MemberData(nameof(ValidNames))]
    public void Serialize_ValidTortureMessage_ReparsesToSameWireForm(string name)
    {
        var first = SipParser.ParseMessage(TortureMessages.Load(name)).ToBytes();

        var second = SipParser.ParseMessage(first).ToBytes();

        Assert.Equal(Encoding.UTF8.GetString(first), Encoding.UTF8.GetString(second));
    }

    [Fact]
    public void Parse_ShortTortuousInvite_ReadsFoldedCompactAndSpacedHeaders()
    {
        var request = (SipRequest)SipParser.ParseMessage(TortureMessages.Load("wsinv"));

        Assert.Equal("INVITE", request.Method);
        Assert.Equal("vivekg", ((SipUri)request.RequestUri).User);
        Assert.True(((SipUri)request.RequestUri).Parameters.Contains("unknownparam"));
        Assert.Equal("1918181833n", request.To!.Tag);
        Assert.Equal("J Rosenberg \\\"", request.From!.DisplayName);
        Assert.Equal("98asjd8", request.From.Tag);
        Assert.Equal(68, request.MaxForwards);
        Assert.Equal(new SipCSeq(9, "INVITE"), request.CSeq);
        Assert.Equal("wsinv.ndaksdj@192.0.2.1", request.CallId);
        Assert.Equal(150, request.Body.Length);
        var vias = request.Vias;
        Assert.Equal(3, vias.Count);
        Assert.Equal(("UDP", "192.0.2.2", "390skdjuw"), (vias[0].Transport, vias[0].Host, vias[0].Branch));
        Assert.Equal(("TCP", "spindle.example.com", "z9hG4bK9ikj8"), (vias[1].Transport, vias[1].Host, vias[1].Branch));
        Assert.Equal(("UDP", "192.168.255.111", "z9hG4bK30239"), (vias[2].Transport, vias[2].Host, vias[2].Branch));
        Assert.Equal(string.Empty, request.Headers.Get("Subject"));
        Assert.Equal("newfangled value continued newfangled value", request.Headers.Get("newfangledheader"));
        Assert.Equal(";;,,;;,;", request.Headers.Get("UnknownHeaderWithUnusualValue"));
        var contact = Assert.Single(request.Contacts);
        Assert.Equal("Quoted string \"\"", contact.DisplayName);
        Assert.Equal("newvalue", contact.Parameters.Get("newparam"));
        Assert.True(contact.Parameters.Contains("secondparam"));
        Assert.Equal("0.33", contact.Parameters.Get("q"));
        var route = Assert.Single(request.Routes);
        Assert.True(((SipUri)route.Uri).IsLooseRouter);
        Assert.Equal("value", ((SipUri)route.Uri).Parameters.Get("unknownwith"));
    }

    [Fact]
    public void Parse_WideRangeOfValidCharacters_KeepsUnusualTokens()
    {
        var request = (SipRequest)SipParser.ParseMessage(TortureMessages.Load("intmeth"));

        Assert.Equal("!interesting-Method0123456789_*+`.%indeed'~", request.Method);
        var uri = (SipUri)request.RequestUri;
        Assert.Equal("1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*", uri.User);
        Assert.Equal("&it+has=1,weird!*pas$wo~d_too.(doesn't-it)", uri.Password);
        Assert.Equal("example.com", uri.Host);
        Assert.Equal("BEL:\a NUL:\0 DEL:\u007f", request.To!.DisplayName);
        Assert.Equal("token1~` token2'+_ token3*%!.-", request.From!.DisplayName);
        Assert.Equal("_token~1'+`*%!-.", request.From.Tag);
        Assert.Equal("\"работающий\"", request.From.Parameters.Get("fromParam''~+*_!.-%"));
        Assert.Equal("intmeth.word%ZK-!.*_+'@word`~)(><:\\/\"][?}{", request.CallId);
        Assert.Equal(255, request.MaxForwards);
        Assert.Equal("\uFEFF大停電", request.Headers.Get("extensionHeader-!.%*+_`'~"));
    }

    [Fact]
    public void Parse_ValidEscapes_UnescapesUserAndParameters()
    {
        var request = (SipRequest)SipParser.ParseMessage(TortureMessages.Load("esc01"));

        Assert.Equal("sips:user@example.com", ((SipUri)request.RequestUri).User);
        Assert.Equal("user", ((SipUri)request.To!.Uri).User);
        Assert.Equal("I have spaces", ((SipUri)request.From!.Uri).User);
        var contactUri = (SipUri)Assert.Single(request.Contacts).Uri;
        Assert.Equal("caller", contactUri.User);
        Assert.True(contactUri.IsLooseRouter);
        Assert.Equal("value%41", contactUri.Parameters.Get("name"));
        Assert.Equal("application/sdp", request.ContentType);
    }

    [Fact]
    public void Parse_EscapedNulls_KeepsNulInUser()
    {
        var request = SipParser.ParseMessage(TortureMessages.Load("escnull"));

        Assert.Equal("null-\0-null", ((SipUri)request.To!.Uri).User);
        Assert.Equal(["\0", "\0\0"], request.Contacts.Select(c => ((SipUri)c.Uri).User));
    }

    [Fact]
    public void Parse_PercentThatIsNotAnEscape_KeepsTokensLiteral()
    {
        var request = (SipRequest)SipParser.ParseMessage(TortureMessages.Load("esc02"));

        Assert.Equal("RE%47IST%45R", request.Method);
        Assert.Equal("%Z%45", request.To!.DisplayName);
        Assert.Equal("z9hG4bK209%fzsnel234", request.TopVia!.Branch);
        Assert.Equal(2, request.Contacts.Count);
        Assert.Equal("<sip:alias2@host2.example.com>", request.Headers.Get("C%6Fntact"));
    }

    [Fact]
    public void Parse_NoSpaceBeforeLaquot_ReadsDisplayName()
    {
        var request = SipParser.ParseMessage(TortureMessages.Load("lwsdisp"));

        Assert.Equal("caller", request.From!.DisplayName);
        Assert.Equal("323", request.From.Tag);
    }

    [Fact]
    public void Parse_LongValues_ReadsEveryViaInOrder()
    {
        var request = SipParser.ParseMessage(TortureMessages.Load("longreq"));

        var vias = request.Vias;
        Assert.Equal(34, vias.Count);
        Assert.Equal("sip33.example.com", vias[0].Host);
        Assert.Equal("sip1.example.com", vias[32].Host);
        Assert.Equal("192.0.2.5", vias[33].Received);
        Assert.Equal(6000, ((SipUri)request.To!.Uri).Port);
        Assert.StartsWith("12982", request.From!.Tag, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ExtraTrailingOctetsInDatagram_ParsesFirstRequestOnly()
    {
        var request = (SipRequest)SipParser.ParseMessage(TortureMessages.Load("dblreq"));

        Assert.Equal("REGISTER", request.Method);
        Assert.Equal("dblreq.0ha0isndaksdj99sdfafnl3lk233412", request.CallId);
        Assert.True(request.Body.IsEmpty);
    }

    [Fact]
    public void Parse_SemicolonsInUserPart_KeepThemInUser()
    {
        var request = (SipRequest)SipParser.ParseMessage(TortureMessages.Load("semiuri"));

        var uri = (SipUri)request.RequestUri;
        Assert.Equal("user;par=u@example.net", uri.User);
        Assert.Empty(uri.Parameters);
        Assert.Equal(6, request.Headers.GetValues("Accept").Count);
    }

    [Fact]
    public void Parse_VariedTransports_ReadsEachTransport()
    {
        var request = SipParser.ParseMessage(TortureMessages.Load("transports"));

        Assert.Equal(["UDP", "SCTP", "TLS", "UNKNOWN", "TCP"], request.Vias.Select(v => v.Transport));
    }

    [Fact]
    public void Parse_MultipartBody_KeepsDeclaredLengthAndRport()
    {
        var request = SipParser.ParseMessage(TortureMessages.Load("mpart01"));

        Assert.Equal(553, request.Body.Length);
        Assert.True(request.TopVia!.HasRPort);
        Assert.Null(request.TopVia.RPort);
    }

    [Fact]
    public void Parse_UnusualAndEmptyReasonPhrases_Accepted()
    {
        var unusual = (SipResponse)SipParser.ParseMessage(TortureMessages.Load("unreason"));
        var empty = (SipResponse)SipParser.ParseMessage(TortureMessages.Load("noreason"));

        Assert.Equal(200, unusual.StatusCode);
        Assert.Equal("= 2**3 * 5**2 но сто девяносто девять - простое", unusual.ReasonPhrase);
        Assert.Equal(100, empty.StatusCode);
        Assert.Equal(string.Empty, empty.ReasonPhrase);
    }
}
