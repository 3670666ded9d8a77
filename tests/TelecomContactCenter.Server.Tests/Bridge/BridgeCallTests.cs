using System.Net.Http.Json;
using System.Text.Json;
using TelecomContactCenter.Server.Tests.Hubs;
using TelecomContactCenter.Server.Tests.Telephony;
using TelecomContactCenter.Testing;

namespace TelecomContactCenter.Server.Tests.Bridge;

/// <summary>
/// A Platinum caller dials the IVR number with sipp, agent1's desktop is on the hub and agent1's phone is sipp
/// registered with digest: the pop, the ringing phone, the answer, RTP both ways through the relay, the caller's
/// BYE ending both legs, wrap-up and the interaction record, all with real peers.
/// </summary>
public sealed class BridgeCallTests(BridgeHost host) : IClassFixture<BridgeHost>, IDisposable
{
    private const string Platinum = "+8613800000001";
    private readonly ScenarioFolder _scenarios = new();

    [Fact]
    public async Task PlatinumCall_AgentPhoneAnswersAndCallerHangsUp_RelaysBothWaysEndsBothLegsAndKeepsTheRecord()
    {
        await using var agent1 = await host.AvailableAgentAsync("agent1");
        var phonePort = ScenarioFolder.FreePort();
        var registered = await Sipp.RunAsync(_scenarios.Write("register.xml", BridgeScenarios.Register("agent1")), host.Udp, ["-p", phonePort, "-m", "1"]);
        Assert.True(registered.ExitCode == 0, registered.Describe());
        var phone = Sipp.RunAsync(_scenarios.Write("phone.xml", BridgeScenarios.AnsweringPhone(ringMs: 500)), host.Udp, ["-p", phonePort, "-m", "1", "-timeout", "25s"]);

        var caller = await Sipp.RunAsync(_scenarios.Write("caller.xml", BridgeScenarios.Caller(rtpAfterMs: 6500, hangUpAfterMs: 4000)),
            host.Udp, ["-s", "10000", "-key", "caller", Platinum, "-m", "1", "-timeout", "25s"]);
        var phoneRun = await phone;
        var pop = await agent1.NextAsync("ScreenPop", wait: TimeSpan.FromSeconds(5));
        var callId = pop.GetProperty("callId").GetString()!;
        await agent1.NextAsync("CallStateChanged", s => s.GetProperty("state").GetString() == "WrapUp", TimeSpan.FromSeconds(10));
        await BridgeHost.WrapUpAsync(agent1, pop, callId);
        using var api = await host.ApiAsync("agent1");
        var record = (await api.GetFromJsonAsync<JsonElement>($"/api/interactions?caller={Uri.EscapeDataString(Platinum)}"))
            .EnumerateArray().Single(r => r.GetProperty("callId").GetString() == callId);
        await agent1.InvokeAsync("SetStatus", Guid.NewGuid().ToString("N"), "LoggedOut", null);

        Assert.True(caller.ExitCode == 0 && caller.Successful == 1, caller.Describe());
        Assert.True(phoneRun.ExitCode == 0 && phoneRun.Successful == 1, phoneRun.Describe());
        Assert.Equal(TelephonyFixture.CallIdOf(caller), callId);
        Assert.Equal("Platinum", pop.GetProperty("customer").GetProperty("tier").GetString());
        Assert.NotEmpty(pop.GetProperty("offers").EnumerateArray());
        Assert.Contains($"X-Call-Id: {callId}", phoneRun.Messages, StringComparison.Ordinal);
        Assert.Contains("\"Platinum – ", phoneRun.Messages, StringComparison.Ordinal);
        Assert.Contains($"<sip:{Platinum}@", phoneRun.Messages, StringComparison.Ordinal);
        Assert.True(host.Bridge.RelayedToAgent > 50, $"caller → agent: {host.Bridge.RelayedToAgent} packets");
        Assert.True(host.Bridge.RelayedToCaller > 50, $"agent → caller: {host.Bridge.RelayedToCaller} packets");
        Assert.Equal(Platinum, record.GetProperty("callerE164").GetString());
        Assert.Equal("NetworkAsserted", record.GetProperty("identityConfidence").GetString());
        Assert.NotEmpty(record.GetProperty("ivrPath").EnumerateArray());
        Assert.Equal("vip-desk", record.GetProperty("queue").GetString());
        Assert.Equal("agent1", record.GetProperty("agent").GetString());
        Assert.InRange(record.GetProperty("ringSeconds").GetDouble(), 0.3, 3);
        // The caller hangs up 10.5 s after the IVR answered; how much of that is talk depends on the IVR and ring.
        Assert.InRange(record.GetProperty("talkSeconds").GetDouble(), 1, 10.5);
        Assert.Equal("Resolved", record.GetProperty("disposition").GetString());
        Assert.All(record.GetProperty("offers").EnumerateArray(), o => Assert.Equal("Declined", o.GetProperty("outcome").GetString()));
    }

    public void Dispose() => _scenarios.Dispose();
}
