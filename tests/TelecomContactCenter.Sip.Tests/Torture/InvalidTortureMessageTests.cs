using TelecomContactCenter.Sip.Messages;
using TelecomContactCenter.Sip.Parsing;

namespace TelecomContactCenter.Sip.Tests.Torture;

/// <summary>RFC 4475 §3.1.2: every invalid message is rejected; requests that can be answered get 400 or 505.</summary>
public sealed class InvalidTortureMessageTests
{
    /// <summary>Name, whether a response can still be formed, and the status it should carry.</summary>
    public static TheoryData<string, bool, int> InvalidMessages => new()
    {
        { "badinv01", false, 400 },
        { "clerr", true, 400 },
        { "ncl", true, 400 },
        { "scalar02", true, 400 },
        { "scalarlg", false, 400 },
        { "quotbal", false, 400 },
        { "ltgtruri", true, 400 },
        { "lwsruri", true, 400 },
        { "lwsstart", true, 400 },
        { "trws", true, 400 },
        { "escruri", true, 400 },
        { "baddate", true, 400 },
        { "regbadct", true, 400 },
        { "badaspec", false, 400 },
        { "baddn", false, 400 },
        { "badvers", true, 505 },
        { "mismatch01", true, 400 },
        { "mismatch02", true, 400 },
        { "bigcode", false, 400 },
    };

    [Theory]
    [MemberData(nameof(InvalidMessages))]
    public void Parse_InvalidTortureMessage_IsRejectedWithTheRightOutcome(string name, bool canRespond, int status)
    {
        var result = SipParser.Parse(TortureMessages.Load(name));

        Assert.False(result.IsSuccess);
        Assert.NotNull(result.Error);
        Assert.Equal(canRespond, result.CanRespond);
        if (canRespond)
        {
            Assert.Equal(status, result.StatusCode);
        }
    }

    [Theory]
    [MemberData(nameof(InvalidMessages))]
    public void CreateFor_RespondableInvalidMessage_EchoesTransactionHeaders(string name, bool canRespond, int status)
    {
        var result = SipParser.Parse(TortureMessages.Load(name));
        Assert.Equal(canRespond, result.Message is SipRequest);

        if (result.Message is SipRequest request)
        {
            var response = SipResponse.CreateFor(request, status, toTag: "x1");

            var wire = System.Text.Encoding.UTF8.GetString(response.ToBytes());
            Assert.StartsWith($"SIP/2.0 {status} ", wire, StringComparison.Ordinal);
            Assert.Contains($"\r\nCall-ID: {request.CallId}\r\n", wire, StringComparison.Ordinal);
            Assert.Contains($"\r\nCSeq: {request.Headers.Get("CSeq")}\r\n", wire, StringComparison.Ordinal);
            Assert.Equal(request.Headers.GetLines("Via"), response.Headers.GetLines("Via"));
            Assert.Equal(request.To!.Tag ?? "x1", response.To!.Tag);
        }
    }

    [Fact]
    public void Parse_Truncated_NeverThrows()
    {
        var data = TortureMessages.Load("wsinv");

        for (var length = 0; length < data.Length; length++)
        {
            var result = SipParser.Parse(data.AsSpan(0, length));
            Assert.NotNull(result);
        }
    }
}
