using TelecomContactCenter.Sip.Messages;
using TelecomContactCenter.Sip.Parsing;

namespace TelecomContactCenter.Sip.Tests.Messages;

public sealed class SipResponseTests
{
    private static SipRequest Invite()
    {
        var request = SipRequest.Create(SipMethod.Invite, SipUri.Parse("sip:10000@example.com"),
            NameAddress.Parse("\"Caller\" <sip:caller@example.net>;tag=abc"), NameAddress.Parse("<sip:10000@example.com>"),
            "call-7@example.net", 4);
        request.Headers.AddFirst(SipHeaderNames.Via, "SIP/2.0/UDP proxy.example.com;branch=z9hG4bKp1");
        request.Headers.Add(SipHeaderNames.Via, "SIP/2.0/UDP 192.0.2.9;branch=z9hG4bKu1;received=192.0.2.10");
        request.Headers.AddFirst(SipHeaderNames.Via, "SIP/2.0/TCP edge.example.com;branch=z9hG4bKe1");
        return request;
    }

    [Fact]
    public void CreateFor_FinalResponse_CopiesTransactionHeadersAndAddsToTag()
    {
        var request = Invite();

        var response = SipResponse.CreateFor(request, 200, toTag: "srv1");

        Assert.Equal(["edge.example.com", "proxy.example.com", "192.0.2.9"], response.Vias.Select(v => v.Host));
        Assert.Equal(request.From, response.From);
        Assert.Equal("srv1", response.To!.Tag);
        Assert.Equal(request.CallId, response.CallId);
        Assert.Equal(new SipCSeq(4, "INVITE"), response.CSeq);
        Assert.Equal("OK", response.ReasonPhrase);
    }

    [Fact]
    public void CreateFor_Trying_NeverAddsToTag()
    {
        var response = SipResponse.CreateFor(Invite(), 100, toTag: "srv1");

        Assert.Null(response.To!.Tag);
    }

    [Fact]
    public void ToBytes_Response_ParsesBackToEqualValues()
    {
        var response = SipResponse.CreateFor(Invite(), 180, toTag: "t9");
        response.Body = "v=0\r\n"u8.ToArray();
        response.ContentType = "application/sdp";

        var parsed = (SipResponse)SipParser.ParseMessage(response.ToBytes());

        Assert.Equal(180, parsed.StatusCode);
        Assert.Equal("Ringing", parsed.ReasonPhrase);
        Assert.Equal(5, parsed.ContentLength);
        Assert.Equal(response.Vias, parsed.Vias);
        Assert.Equal(response.To, parsed.To);
    }
}
