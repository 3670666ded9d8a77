using System.Globalization;
using System.Net;
using TelecomContactCenter.Sip.Messages;
using TelecomContactCenter.Sip.Tests.Integration;
using TelecomContactCenter.Sip.Transport;
using TelecomContactCenter.Sip.UserAgent;
using TelecomContactCenter.Testing;

namespace TelecomContactCenter.Sip.Tests.UserAgent;

/// <summary>The client side against sipp acting as an agent's phone (built-in uas scenario).</summary>
public sealed class OutboundCallTests
{
    [Fact]
    public async Task SendRequestAsync_InviteToPhone_AnsweredAcknowledgedAndHungUp()
    {
        await using var stack = await SipUserAgentTests.StartAsync(new AccessNumberHandler());
        var phonePort = Sipp.FreeUdpAndTcpPort();
        var phone = Sipp.RunAsync(
            ["-sn", "uas", "-default_behaviors", "all,-abortunexp", "-m", "1", "-i", "127.0.0.1", "-p", phonePort.ToString(CultureInfo.InvariantCulture), "-timeout", "15s", "-timeout_error"],
            TimeSpan.FromSeconds(18));
        var invite = stack.CreateRequest(SipMethod.Invite, SipUri.Parse($"sip:agent@127.0.0.1:{phonePort}"),
            NameAddress.Parse("\"Contact Centre\" <sip:10000@127.0.0.1>"), NameAddress.Parse($"<sip:agent@127.0.0.1:{phonePort}>"), "UDP");
        invite.Body = AccessNumberHandler.AnswerSdp;
        invite.ContentType = "application/sdp";
        var provisional = new Collector();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));

        var result = await stack.SendRequestAsync(
            invite, new SipPeer(SipTransportNames.Udp, new IPEndPoint(IPAddress.Loopback, phonePort)), provisional, timeout.Token);
        var bye = await result.Call!.HangUpAsync(timeout.Token);
        var outcome = await phone;

        Assert.Equal(200, result.FinalResponse.StatusCode);
        Assert.Contains(provisional.Responses, r => r.StatusCode == 180);
        Assert.Equal(200, bye!.StatusCode);
        Assert.True(outcome.ExitCode == 0, $"sipp exit {outcome.ExitCode}: {outcome.Errors}");
        Assert.Equal(1, outcome.Successful);
        Assert.Equal(SipCallState.Ended, result.Call.State);
        Assert.Equal(0, stack.UserAgent.ActiveCalls);
    }

    private sealed class Collector : IProgress<SipResponse>
    {
        public List<SipResponse> Responses { get; } = [];

        public void Report(SipResponse value)
        {
            lock (Responses)
            {
                Responses.Add(value);
            }
        }
    }
}
