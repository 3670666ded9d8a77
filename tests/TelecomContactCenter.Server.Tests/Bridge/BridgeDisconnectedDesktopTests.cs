using TelecomContactCenter.Server.Tests.Telephony;
using TelecomContactCenter.Testing;

namespace TelecomContactCenter.Server.Tests.Bridge;

/// <summary>
/// An agent whose desktop dropped stays Available (a reconnect resumes the shift), but their phone must not ring
/// for a call whose pop they cannot see: the call goes to the next agent at once.
/// </summary>
public sealed class BridgeDisconnectedDesktopTests(BridgeHost host) : IClassFixture<BridgeHost>, IDisposable
{
    private const string Platinum = "+8613800000001";
    private readonly ScenarioFolder _scenarios = new();

    [Fact]
    public async Task Offer_Agent2DesktopDisconnectedWithPhoneRegistered_PhoneNeverRingsAndAgent1TakesTheCall()
    {
        var agent2 = await host.AvailableAgentAsync("agent2");
        await using var agent1 = await host.AvailableAgentAsync("agent1");
        var agent2Port = ScenarioFolder.FreePort();
        var agent1Port = ScenarioFolder.FreePort();
        var registered2 = await Sipp.RunAsync(_scenarios.Write("register2.xml", BridgeScenarios.Register("agent2")), host.Udp, ["-p", agent2Port, "-m", "1"]);
        var registered1 = await Sipp.RunAsync(_scenarios.Write("register1.xml", BridgeScenarios.Register("agent1")), host.Udp, ["-p", agent1Port, "-m", "1"]);
        Assert.True(registered2.ExitCode == 0 && registered1.ExitCode == 0, registered2.Describe() + registered1.Describe());
        await agent2.AbortAsync();
        var agent2Phone = Sipp.RunAsync(_scenarios.Write("phone2.xml", BridgeScenarios.RingingPhone()), host.Udp, ["-p", agent2Port, "-m", "1", "-timeout", "15s"]);
        var agent1Phone = Sipp.RunAsync(_scenarios.Write("phone1.xml", BridgeScenarios.AnsweringPhone(ringMs: 300)), host.Udp, ["-p", agent1Port, "-m", "1", "-timeout", "25s"]);

        var caller = await Sipp.RunAsync(_scenarios.Write("caller.xml", BridgeScenarios.Caller(rtpAfterMs: 6500, hangUpAfterMs: 2000)),
            host.Udp, ["-s", "10000", "-key", "caller", Platinum, "-m", "1", "-timeout", "25s"]);
        var callId = TelephonyFixture.CallIdOf(caller);
        var pop = await agent1.NextAsync("ScreenPop", p => p.GetProperty("callId").GetString() == callId);
        var phone1Run = await agent1Phone;
        var phone2Run = await agent2Phone;
        await agent2.DisposeAsync();

        Assert.True(caller.ExitCode == 0 && caller.Successful == 1, caller.Describe());
        Assert.True(phone1Run.ExitCode == 0 && phone1Run.Successful == 1, phone1Run.Describe());
        Assert.Contains($"X-Call-Id: {callId}", phone1Run.Messages, StringComparison.Ordinal);
        Assert.DoesNotContain("INVITE sip:", phone2Run.Messages, StringComparison.Ordinal);
        Assert.Equal("Platinum", pop.GetProperty("customer").GetProperty("tier").GetString());
    }

    public void Dispose() => _scenarios.Dispose();
}
