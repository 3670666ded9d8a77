using TelecomContactCenter.Server.Tests.Telephony;
using TelecomContactCenter.Testing;

namespace TelecomContactCenter.Server.Tests.Bridge;

/// <summary>
/// agent2's phone (sipp, registered with digest) rings and nobody answers: at the ring timeout the service sends
/// CANCEL and the ACD offers the call to agent1, whose desktop gets the pop. agent2's desktop, online all along, is
/// told the offer was withdrawn and why: their phone did not answer, so they are off calls until they choose
/// (after one miss, though the host allows three before the missed-offer rule would bench them).
/// </summary>
public sealed class BridgeRingTimeoutTests(BridgeHost host) : IClassFixture<BridgeHost>, IDisposable
{
    private const string Platinum = "+8613800000001";
    private readonly ScenarioFolder _scenarios = new();

    [Fact]
    public async Task Offer_Agent2PhoneNeverAnswers_CancelledAtRingTimeoutAndReofferedToAgent1()
    {
        await using var agent2 = await host.AvailableAgentAsync("agent2");
        await using var agent1 = await host.AvailableAgentAsync("agent1");
        var phonePort = ScenarioFolder.FreePort();
        var registered = await Sipp.RunAsync(_scenarios.Write("register.xml", BridgeScenarios.Register("agent2")), host.Udp, ["-p", phonePort, "-m", "1"]);
        Assert.True(registered.ExitCode == 0, registered.Describe());
        var phone = Sipp.RunAsync(_scenarios.Write("phone.xml", BridgeScenarios.RingingPhone()), host.Udp, ["-p", phonePort, "-m", "1", "-timeout", "25s"]);

        var caller = await Sipp.RunAsync(_scenarios.Write("caller.xml", BridgeScenarios.Caller(rtpAfterMs: 12_000, hangUpAfterMs: 1_000)),
            host.Udp, ["-s", "10000", "-key", "caller", Platinum, "-m", "1", "-timeout", "25s"]);
        var phoneRun = await phone;
        var callId = TelephonyFixture.CallIdOf(caller);
        var firstPop = await agent2.NextAsync("ScreenPop", p => p.GetProperty("callId").GetString() == callId);
        var reoffer = await agent1.NextAsync("ScreenPop", p => p.GetProperty("callId").GetString() == callId);
        var withdrawn = await agent2.NextAsync("CallStateChanged", s => s.GetProperty("state").GetString() == "Withdrawn");
        var benched = await agent2.NextAsync("StatusChanged", s => s.GetProperty("breakReason").GetString() == "phone-not-answering");
        var agent2State = await agent2.InvokeAsync("GetState");

        Assert.True(caller.ExitCode == 0, caller.Describe());
        Assert.True(phoneRun.ExitCode == 0 && phoneRun.Successful == 1, phoneRun.Describe());
        Assert.Contains($"X-Call-Id: {callId}", phoneRun.Messages, StringComparison.Ordinal);
        Assert.Contains($"CANCEL sip:", phoneRun.Messages, StringComparison.Ordinal);
        Assert.Equal("Platinum", reoffer.GetProperty("customer").GetProperty("tier").GetString());
        Assert.Equal(0, host.Bridge.RelayedToAgent + host.Bridge.RelayedToCaller);
        Assert.NotEqual(firstPop.GetProperty("routingReason").GetString(), reoffer.GetProperty("routingReason").GetString());
        Assert.Equal(callId, withdrawn.GetProperty("callId").GetString());
        Assert.Equal("OnBreak", benched.GetProperty("status").GetString());
        Assert.Equal("SipPhone", agent2State.GetProperty("device").GetString());
        Assert.Null(agent2State.GetProperty("callId").GetString());
    }

    public void Dispose() => _scenarios.Dispose();
}
