using System.Net;
using System.Text;
using TelecomContactCenter.Sip.Transport;

namespace TelecomContactCenter.Sip.Tests.Transport;

public sealed class DialogAffinityTests
{
    private static readonly IPEndPoint Trunk = new(IPAddress.Parse("192.0.2.10"), 5060);

    [Theory]
    [InlineData("Call-ID: a84b4c76e66710@pc33.example.com")]
    [InlineData("call-id:a84b4c76e66710@pc33.example.com")]
    [InlineData("CALL-ID :  a84b4c76e66710@pc33.example.com  ")]
    [InlineData("i: a84b4c76e66710@pc33.example.com")]
    [InlineData("I:\ta84b4c76e66710@pc33.example.com")]
    public void TryHashCallId_AnySpellingOfTheHeader_HashesTheSameValue(string header)
    {
        Assert.True(DialogAffinity.TryHashCallId(Message("INVITE sip:10001@example.com SIP/2.0", header), out var hash));
        Assert.True(DialogAffinity.TryHashCallId(Message("SIP/2.0 180 Ringing", "Call-ID: a84b4c76e66710@pc33.example.com"), out var expected));

        Assert.Equal(expected, hash);
    }

    [Fact]
    public void Lane_RequestsAndResponsesOfOneCallFromDifferentPeers_SameLane()
    {
        var invite = Message("INVITE sip:10001@example.com SIP/2.0", "Call-ID: call-7@trunk");
        var ringing = Message("SIP/2.0 180 Ringing", "i: call-7@trunk");
        var phone = new IPEndPoint(IPAddress.Parse("10.0.0.44"), 40000);

        Assert.Equal(DialogAffinity.Lane(invite, Trunk, 8), DialogAffinity.Lane(ringing, phone, 8));
    }

    [Fact]
    public void Lane_CallsFromOneTrunk_SpreadOverEveryLane()
    {
        var perLane = new int[4];
        for (var i = 0; i < 1000; i++)
        {
            perLane[DialogAffinity.Lane(Message("INVITE sip:10001@example.com SIP/2.0", $"Call-ID: {Guid.NewGuid()}@trunk"), Trunk, 4)]++;
        }

        // 1,000 random Call-IDs over 4 lanes: each lane gets about 250; fewer than 150 would mean a skewed hash.
        Assert.All(perLane, count => Assert.InRange(count, 150, 350));
    }

    [Fact]
    public void Lane_HeaderNameThatOnlyStartsLikeCallId_NotTaken()
    {
        Assert.False(DialogAffinity.TryHashCallId(Message("OPTIONS sip:a@b SIP/2.0", "Call-Info: <http://x>", "Identity: abc"), out _));
    }

    [Fact]
    public void Lane_CallIdInTheBody_NotTaken()
    {
        var datagram = Encoding.ASCII.GetBytes("MESSAGE sip:a@b SIP/2.0\r\nCSeq: 1 MESSAGE\r\n\r\nCall-ID: in-the-body\r\n");

        Assert.False(DialogAffinity.TryHashCallId(datagram, out _));
    }

    [Fact]
    public void Lane_NoCallId_FallsBackToTheSourceSoAKeepAliveStillHasALane()
    {
        var keepAlive = "\r\n\r\n"u8.ToArray();

        Assert.Equal(DialogAffinity.Lane(keepAlive, Trunk, 8), DialogAffinity.Lane(keepAlive, Trunk, 8));
        Assert.InRange(DialogAffinity.Lane(keepAlive, Trunk, 8), 0, 7);
        Assert.Equal(0, DialogAffinity.Lane(keepAlive, Trunk, 1));
    }

    private static byte[] Message(string startLine, params string[] headers) =>
        Encoding.ASCII.GetBytes($"{startLine}\r\nVia: SIP/2.0/UDP 192.0.2.10;branch=z9hG4bK1\r\n{string.Join("\r\n", headers)}\r\nCSeq: 1 INVITE\r\n\r\n");
}
