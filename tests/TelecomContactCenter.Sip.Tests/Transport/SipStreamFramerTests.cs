using System.Text;
using TelecomContactCenter.Sip.Transport;

namespace TelecomContactCenter.Sip.Tests.Transport;

public sealed class SipStreamFramerTests
{
    [Theory]
    [InlineData("INVITE sip:a@b SIP/2.0\r\nl: 3\r\n\r\nabcNEXT", SipFrameStatus.Frame, 0, 35)]
    [InlineData("\r\n\r\nINVITE sip:a@b SIP/2.0\r\ncontent-length : 3\r\n\r\nabc", SipFrameStatus.Frame, 4, 49)]
    [InlineData("INVITE sip:a@b SIP/2.0\r\nl: 3\r\n\r\nab", SipFrameStatus.NeedMoreData, 0, 0)]
    [InlineData("INVITE sip:a@b SIP/2.0\r\nl: 3\r\n", SipFrameStatus.NeedMoreData, 0, 0)]
    [InlineData("INVITE sip:a@b SIP/2.0\r\nl: -3\r\n\r\n", SipFrameStatus.Invalid, 0, 0)]
    [InlineData("INVITE sip:a@b SIP/2.0\r\nl: 99999999\r\n\r\n", SipFrameStatus.Invalid, 0, 0)]
    [InlineData("\r\n\r\n", SipFrameStatus.NeedMoreData, 4, 0)]
    public void TryFrame_Buffer_FindsTheMessageBoundary(string text, SipFrameStatus expected, int skip, int length)
    {
        var status = SipStreamFramer.TryFrame(Encoding.UTF8.GetBytes(text), 65535, out var actualSkip, out var actualLength);

        Assert.Equal((expected, skip, length), (status, actualSkip, actualLength));
    }
}
