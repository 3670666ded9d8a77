using System.Text.Json;
using TelecomContactCenter.Server.Ivr.Callbacks;
using TelecomContactCenter.Server.Tests.Telephony;
using TelecomContactCenter.Testing;

namespace TelecomContactCenter.Server.Tests.Bridge;

/// <summary>
/// A due callback whose customer is not reached (busy: the trunk answers 486; or the trunk refuses the service's
/// digest answer): agent1's phone answers, the agent's leg is hung up with the reason on the desktop, and the
/// callback is pending again, one attempt counted, due after the retry delay.
/// </summary>
public sealed class BridgeCallbackBusyTests(BridgeHost host) : IClassFixture<BridgeHost>, IDisposable
{
    private readonly ScenarioFolder _scenarios = new();

    [Theory]
    [InlineData("busy", "busy (486)")]
    [InlineData("refusing", "refused ours")]
    public async Task DueCallback_CustomerNotReached_HangsUpTheAgentWithTheReasonAndRetriesLater(string trunkKind, string reason)
    {
        await using var agent1 = await host.AvailableAgentAsync("agent1");
        var phone = await BridgeCallbackTests.RegisteredPhoneAsync(host, _scenarios, "agent1");
        var phoneRun = Sipp.RunAsync(_scenarios.Write("phone.xml", BridgeScenarios.AnsweringPhone(ringMs: 300)), host.Udp, ["-p", phone, "-m", "1", "-timeout", "20s"]);
        var trunkScenario = trunkKind == "busy" ? CallbackScenarios.BusyTrunk() : CallbackScenarios.RefusingTrunk();
        var trunkRun = Sipp.RunAsync(_scenarios.Write("trunk.xml", trunkScenario), host.Udp, ["-p", host.TrunkPort, "-m", "1", "-timeout", "20s"]);

        var booked = await BridgeCallbackTests.BookDueCallbackAsync(host);
        var pop = await agent1.NextAsync("ScreenPop", wait: TimeSpan.FromSeconds(10));
        var failed = await agent1.NextAsync("CallStateChanged", s => s.GetProperty("state").GetString() == "CallbackFailed", TimeSpan.FromSeconds(10));
        var phoneDone = await phoneRun;
        var trunk = await trunkRun;
        await agent1.NextAsync("CallStateChanged", s => s.GetProperty("state").GetString() == "WrapUp", TimeSpan.FromSeconds(10));
        await BridgeHost.WrapUpAsync(agent1, pop, pop.GetProperty("callId").GetString()!);
        var row = await BridgeCallbackTests.CallbackAsync(host, booked.Id);

        Assert.True(phoneDone.ExitCode == 0 && phoneDone.Successful == 1, phoneDone.Describe());
        Assert.True(trunk.ExitCode == 0 && trunk.Successful == 1, trunk.Describe());
        Assert.Contains(reason, failed.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal((CallbackStatus.Pending, 1), (row.Status, row.Attempts));
        Assert.InRange(row.DueAt - booked.DueAt, TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(16));
    }

    public void Dispose() => _scenarios.Dispose();
}
