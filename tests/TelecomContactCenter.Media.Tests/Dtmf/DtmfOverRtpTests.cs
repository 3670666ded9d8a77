using System.Net;
using Microsoft.Extensions.Time.Testing;
using TelecomContactCenter.Media.Dtmf;
using TelecomContactCenter.Media.Rtp;
using TelecomContactCenter.Media.Tests.Rtp;

namespace TelecomContactCenter.Media.Tests.Dtmf;

public sealed class DtmfOverRtpTests
{
    [Fact]
    public async Task Session_SipTesterPoundCaptureSentOverUdp_DetectsOnePound()
    {
        var time = new FakeTimeProvider();
        await using var session = RtpSessionFactory.OpenEphemeral(IPAddress.Loopback, new RtpSessionOptions { Cname = "t" }, time);
        var detector = new DtmfDetector();
        var digits = new List<char>();
        var packets = 0;
        var allArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var capture = DtmfDetectorTests.ReadCapture("pound");
        session.PacketReceived += (_, packet) =>
        {
            if (packet.PayloadType == 101 && detector.Process(packet.Ssrc, packet.Timestamp, packet.Payload) is { } d)
            {
                digits.Add(d);
            }

            if (++packets == capture.Count)
            {
                allArrived.TrySetResult();
            }
        };
        session.Start();
        using var caller = RtpSessionTests.Bound();

        foreach (var packet in capture)
        {
            await caller.SendToAsync(packet.Datagram, session.LocalRtpEndPoint);
        }

        await allArrived.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(['#'], digits);
    }
}
