using System.Text;
using TelecomContactCenter.Sip.Messages;
using TelecomContactCenter.Sip.Parsing;

namespace TelecomContactCenter.Sip.Tests.Identity;

/// <summary>Builds requests as wire text and runs them through the real parser, as the transport would.</summary>
internal static class TestSipRequests
{
    public static SipRequest Parse(string method, string requestUri, string from, params string[] headers)
    {
        var text = new StringBuilder()
            .Append(method).Append(' ').Append(requestUri).Append(" SIP/2.0\r\n")
            .Append("Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK-test-").Append(Guid.NewGuid().ToString("N")).Append("\r\n")
            .Append("Max-Forwards: 70\r\n")
            .Append("From: ").Append(from).Append("\r\n")
            .Append("To: <").Append(requestUri).Append(">\r\n")
            .Append("Call-ID: test-call@192.0.2.1\r\n");
        if (!headers.Any(h => h.StartsWith("CSeq:", StringComparison.OrdinalIgnoreCase)))
        {
            text.Append("CSeq: 1 ").Append(method).Append("\r\n");
        }

        foreach (var header in headers)
        {
            text.Append(header).Append("\r\n");
        }

        text.Append("Content-Length: 0\r\n\r\n");
        var result = SipParser.Parse(Encoding.UTF8.GetBytes(text.ToString()));
        Assert.True(result.IsSuccess, result.Error);
        return Assert.IsType<SipRequest>(result.Message);
    }

    public static SipRequest Invite(string from, params string[] headers) =>
        Parse("INVITE", "sip:10001@contactcenter.example", from, headers);
}
