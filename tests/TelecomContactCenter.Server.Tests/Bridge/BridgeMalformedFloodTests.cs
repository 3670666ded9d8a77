using System.Net;
using System.Net.Sockets;
using System.Text;
using TelecomContactCenter.Testing;

namespace TelecomContactCenter.Server.Tests.Bridge;

/// <summary>
/// A Platinum call bridged to agent1's sipp phone while another address (127.0.0.2) floods the service's SIP port with
/// malformed datagrams for the whole call: the call is answered, audio flows both ways, the caller's BYE ends both
/// legs, exactly as without the flood.
/// </summary>
public sealed class BridgeMalformedFloodTests(BridgeHost host) : IClassFixture<BridgeHost>, IDisposable
{
    private const string Platinum = "+8613800000001";
    private readonly ScenarioFolder _scenarios = new();

    /// <summary>Broken in the ways RFC 4475 §3.1.2 describes, and worse: no framing at all.</summary>
    private static readonly string[] Garbage =
    [
        "INVITE sip:10000@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.2;;,;,,\r\nContent-Length: 9999\r\n\r\nv=0\r\n",
        "INVITE sip:10000@127.0.0.1 SIP/2.0\r\nTo: \"unbalanced <sip:a@b>\r\nFrom: sip:x@y;tag=1\r\nCall-ID: flood\r\nCSeq: 1 INVITE\r\nVia: SIP/2.0/UDP 127.0.0.2;branch=z9hG4bKf\r\nContent-Length: -999\r\n\r\n",
        "OPTIONS sip:10000@127.0.0.1 SIP/7.0\r\nVia: SIP/7.0/UDP 127.0.0.2;branch=z9hG4bKv\r\nCSeq: 1 OPTIONS\r\n\r\n",
        "BYE sip:caller@127.0.0.1 SIP/2.0\r\nCSeq: 99999999999999999999 BYE\r\nCall-ID: \r\n\r\n",
        "SIP/2.0 4294967301 better not break the receiver\r\nVia: SIP/2.0/UDP 127.0.0.1;branch=z9hG4bKx\r\nContent-Length: 0\r\n\r\n",
        "\u0000\u0001\u0002\u0003 not SIP at all \u00ff\u00fe",
        "INVITE <sip:10000@127.0.0.1> SIP/2.0\r\n" + new string('X', 1200) + ": y\r\n\r\n",
    ];

    [Fact]
    public async Task PlatinumCall_MalformedFloodFromAnotherAddress_LeavesTheCallUnharmed()
    {
        await using var agent1 = await host.AvailableAgentAsync("agent1");
        var phonePort = ScenarioFolder.FreePort();
        var registered = await Sipp.RunAsync(_scenarios.Write("register.xml", BridgeScenarios.Register("agent1")), host.Udp, ["-p", phonePort, "-m", "1"]);
        Assert.True(registered.ExitCode == 0, registered.Describe());
        var phone = Sipp.RunAsync(_scenarios.Write("phone.xml", BridgeScenarios.AnsweringPhone(ringMs: 300)), host.Udp,
            ["-p", phonePort, "-m", "1", "-timeout", "30s"]);
        var caller = Sipp.RunAsync(_scenarios.Write("caller.xml", BridgeScenarios.Caller(rtpAfterMs: 5000, hangUpAfterMs: 3000)),
            host.Udp, ["-s", "10000", "-key", "caller", Platinum, "-m", "1", "-timeout", "30s"]);

        var sent = await FloodUntilAsync(caller);
        var callerRun = await caller;
        var phoneRun = await phone;
        var pop = await agent1.NextAsync("ScreenPop", wait: TimeSpan.FromSeconds(5));
        await agent1.NextAsync("CallStateChanged", s => s.GetProperty("state").GetString() == "WrapUp", TimeSpan.FromSeconds(10));
        await BridgeHost.WrapUpAsync(agent1, pop, pop.GetProperty("callId").GetString()!);
        await agent1.InvokeAsync("SetStatus", Guid.NewGuid().ToString("N"), "LoggedOut", null);

        Assert.True(sent > 1000, $"only {sent} datagrams sent");
        Assert.True(callerRun.ExitCode == 0 && callerRun.Successful == 1, callerRun.Describe());
        Assert.True(phoneRun.ExitCode == 0 && phoneRun.Successful == 1, phoneRun.Describe());
        Assert.True(host.Bridge.RelayedToAgent > 50, $"caller → agent: {host.Bridge.RelayedToAgent} packets");
        Assert.True(host.Bridge.RelayedToCaller > 50, $"agent → caller: {host.Bridge.RelayedToCaller} packets");
    }

    /// <summary>Sends the garbage round-robin from 127.0.0.2 until <paramref name="call"/> ends; returns how many went.</summary>
    private async Task<long> FloodUntilAsync(Task call)
    {
        using var flooder = new UdpClient(new IPEndPoint(IPAddress.Parse("127.0.0.2"), 0));
        var datagrams = Garbage.Select(Encoding.Latin1.GetBytes).ToArray();
        long sent = 0;
        while (!call.IsCompleted)
        {
            await flooder.SendAsync(datagrams[sent % datagrams.Length], host.Udp);
            if (++sent % 50 == 0)
            {
                // Bursts of 50 with a pause between: thousands a second, without taking a whole core from the service.
                await Task.Delay(1);
            }
        }

        return sent;
    }

    public void Dispose() => _scenarios.Dispose();
}
