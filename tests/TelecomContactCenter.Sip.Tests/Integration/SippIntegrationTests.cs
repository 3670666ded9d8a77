using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using TelecomContactCenter.Sip.Transport;
using TelecomContactCenter.Sip.UserAgent;
using TelecomContactCenter.Testing;

namespace TelecomContactCenter.Sip.Tests.Integration;

/// <summary>The stack against a real peer: sipp as the caller, over UDP and TCP, with loss, CANCEL and a flood.</summary>
public sealed class SippIntegrationTests
{
    private static readonly TimeSpan SippTimeout = TimeSpan.FromSeconds(18);

    [Fact]
    public async Task Uac_TenCallsOverUdp_AllComplete()
    {
        var handler = new AccessNumberHandler();
        await using var stack = await StartStackAsync(handler);

        var outcome = await Sipp.RunAsync(UacArguments(stack.UdpEndPoint, "u1"), SippTimeout);

        AssertAllCallsCompleted(outcome, 10);
        Assert.Equal(10, handler.Calls);
        Assert.Equal(10, (await handler.WaitForAsync(DialogEventKind.Bye, 10)).Count);
    }

    [Fact]
    public async Task Uac_TenCallsOverTcp_AllComplete()
    {
        await using var stack = await StartStackAsync(new AccessNumberHandler());

        var outcome = await Sipp.RunAsync([.. UacArguments(stack.TcpEndPoint, "t1"), "-t", "t1"], SippTimeout);

        AssertAllCallsCompleted(outcome, 10);
    }

    [Fact]
    public async Task Uac_TenPercentLoss_RetransmissionsCompleteEveryCall()
    {
        await using var stack = await StartStackAsync(new AccessNumberHandler());

        var outcome = await Sipp.RunAsync([.. UacArguments(stack.UdpEndPoint, "u1", calls: 20), "-lost", "10"], SippTimeout);

        AssertAllCallsCompleted(outcome, 20);
        Assert.True(outcome.Retransmissions > 0, "sipp lost nothing, so the run proved nothing");
    }

    [Fact]
    public async Task Cancel_BeforeAnswer_Gets200And487()
    {
        var handler = new AccessNumberHandler();
        await using var stack = await StartStackAsync(handler);

        var outcome = await Sipp.RunAsync(
            ScenarioArguments(stack.UdpEndPoint, "cancel.xml", "10001", calls: 3), SippTimeout);

        AssertAllCallsCompleted(outcome, 3);
        Assert.Equal(3, (await handler.WaitForAsync(DialogEventKind.Cancelled, 3)).Count);
        Assert.Equal(0, stack.UserAgent.ActiveCalls);
    }

    [Fact]
    public async Task Options_Probe_Answered200WithAllow()
    {
        await using var stack = await StartStackAsync(new AccessNumberHandler());

        var outcome = await Sipp.RunAsync(
            ScenarioArguments(stack.UdpEndPoint, "options.xml", "10000", calls: 3), SippTimeout);

        AssertAllCallsCompleted(outcome, 3);
    }

    [Fact]
    public async Task Uac_WhileMalformedFloodArrives_EveryCallCompletesAndStackStaysUp()
    {
        await using var stack = await StartStackAsync(new AccessNumberHandler());
        using var flooder = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        using var stopFlood = new CancellationTokenSource();
        var sent = 0;
        var flood = Task.Run(async () =>
        {
            var random = new Random(4475);
            var garbage = new byte[400];
            // Bounded so a slow shared machine still leaves the stack time for sipp's calls.
            while (!stopFlood.IsCancellationRequested && sent < 20_000)
            {
                random.NextBytes(garbage);
                await flooder.SendAsync(sent % 2 == 0 ? garbage : Respondable400(sent), stack.UdpEndPoint);
                sent++;
                if (sent % 10 == 0)
                {
                    await Task.Yield();
                }
            }
        });

        var outcome = await Sipp.RunAsync(UacArguments(stack.UdpEndPoint, "u1"), SippTimeout);
        await stopFlood.CancelAsync();
        await flood;

        AssertAllCallsCompleted(outcome, 10);
        Assert.True(sent > 100, $"only {sent} malformed datagrams were sent");
        Assert.True(stack.Statistics.MalformedDropped + stack.Statistics.MalformedAnswered > 50,
            $"dropped {stack.Statistics.MalformedDropped}, answered {stack.Statistics.MalformedAnswered} of {sent}");
        var after = await Sipp.RunAsync(ScenarioArguments(stack.UdpEndPoint, "options.xml", "10000", calls: 1), SippTimeout);
        AssertAllCallsCompleted(after, 1);
    }

    private static byte[] Respondable400(int index) => Encoding.ASCII.GetBytes(
        "INVITE sip:10000@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:9;branch=z9hG4bKflood" + index + "\r\n" +
        "From: <sip:flood@example.com>;tag=f\r\nTo: <sip:10000@example.com>\r\nCall-ID: flood" + index + "\r\n" +
        "CSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n");

    private static async Task<SipStack> StartStackAsync(ISipRequestHandler handler)
    {
        var options = new SipStackOptions { Transport = new SipTransportOptions { Address = "127.0.0.1", UdpPort = 0, TcpPort = 0 } };
        var stack = new SipStack(options, handler, TimeProvider.System, NullLoggerFactory.Instance);
        await stack.StartAsync(CancellationToken.None);
        return stack;
    }

    private static string[] UacArguments(IPEndPoint target, string transport, int calls = 10) =>
    [
        $"127.0.0.1:{target.Port}", "-sn", "uac", "-s", "10000",
        "-m", calls.ToString(System.Globalization.CultureInfo.InvariantCulture), "-r", "10", "-l", "10",
        "-i", "127.0.0.1", "-p", Sipp.FreeUdpAndTcpPort().ToString(System.Globalization.CultureInfo.InvariantCulture),
        "-timeout", "15s", "-timeout_error", "-t", transport,
    ];

    private static string[] ScenarioArguments(IPEndPoint target, string scenario, string service, int calls) =>
    [
        $"127.0.0.1:{target.Port}", "-sf", Path.Combine(AppContext.BaseDirectory, "Scenarios", scenario), "-s", service,
        "-m", calls.ToString(System.Globalization.CultureInfo.InvariantCulture), "-r", "10",
        "-i", "127.0.0.1", "-p", Sipp.FreeUdpAndTcpPort().ToString(System.Globalization.CultureInfo.InvariantCulture),
        "-timeout", "15s", "-timeout_error",
    ];

    private static void AssertAllCallsCompleted(SippRun outcome, long calls)
    {
        Assert.True(outcome.ExitCode == 0, $"sipp exit {outcome.ExitCode}: {outcome.Errors}");
        Assert.Equal(calls, outcome.Successful);
        Assert.Equal(0, outcome.Failed);
    }
}
