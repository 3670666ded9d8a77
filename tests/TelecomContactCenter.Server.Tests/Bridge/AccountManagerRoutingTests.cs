using System.Net.Http.Json;
using System.Text.Json;
using TelecomContactCenter.Server.Tests.Telephony;
using TelecomContactCenter.Testing;

namespace TelecomContactCenter.Server.Tests.Bridge;

/// <summary>
/// The Platinum demo customer's account manager is agent2, a demo agent. With agent1 longer idle on the VIP desk,
/// a Platinum call still rings agent2's sipp-registered phone first, and the pop names the manager by user name.
/// </summary>
public sealed class AccountManagerRoutingTests(BridgeHost host) : IClassFixture<BridgeHost>, IDisposable
{
    private const string Platinum = "+8613800000001";
    private readonly ScenarioFolder _scenarios = new();

    [Fact]
    public async Task PlatinumCall_AccountManagerAvailable_RingsTheAccountManagersPhoneBeforeTheVipDesk()
    {
        // agent1 becomes available first: by the longest-idle rule alone the VIP desk would offer the call to agent1.
        await using var agent1 = await host.AvailableAgentAsync("agent1");
        await using var agent2 = await host.AvailableAgentAsync("agent2");
        var phonePort = ScenarioFolder.FreePort();
        var registered = await Sipp.RunAsync(_scenarios.Write("register.xml", BridgeScenarios.Register("agent2")), host.Udp, ["-p", phonePort, "-m", "1"]);
        Assert.True(registered.ExitCode == 0, registered.Describe());
        var phone = Sipp.RunAsync(_scenarios.Write("phone.xml", BridgeScenarios.AnsweringPhone(ringMs: 300)), host.Udp, ["-p", phonePort, "-m", "1", "-timeout", "25s"]);

        var caller = await Sipp.RunAsync(_scenarios.Write("caller.xml", BridgeScenarios.Caller(rtpAfterMs: 3000, hangUpAfterMs: 1000)),
            host.Udp, ["-s", "10000", "-key", "caller", Platinum, "-m", "1", "-timeout", "25s"]);
        var phoneRun = await phone;
        var pop = await agent2.NextAsync("ScreenPop", wait: TimeSpan.FromSeconds(5));
        var callId = pop.GetProperty("callId").GetString()!;
        await agent2.NextAsync("CallStateChanged", s => s.GetProperty("state").GetString() == "WrapUp", TimeSpan.FromSeconds(10));
        await BridgeHost.WrapUpAsync(agent2, pop, callId);
        using var api = await host.ApiAsync("agent2");
        var record = (await api.GetFromJsonAsync<JsonElement>($"/api/interactions?caller={Uri.EscapeDataString(Platinum)}"))
            .EnumerateArray().Single(r => r.GetProperty("callId").GetString() == callId);

        Assert.True(caller.ExitCode == 0 && caller.Successful == 1, caller.Describe());
        Assert.True(phoneRun.ExitCode == 0 && phoneRun.Successful == 1, phoneRun.Describe());
        Assert.Equal(TelephonyFixture.CallIdOf(caller), callId);
        Assert.Empty(agent1.Drain("ScreenPop"));
        Assert.Equal("agent2", record.GetProperty("agent").GetString());
        var manager = pop.GetProperty("customer").GetProperty("accountManager");
        Assert.Equal("agent2", manager.GetProperty("userName").GetString());
        Assert.False(string.IsNullOrWhiteSpace(manager.GetProperty("displayName").GetString()));
        Assert.DoesNotContain("not reached", pop.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain("not signed in", pop.GetRawText(), StringComparison.Ordinal);
    }

    public void Dispose() => _scenarios.Dispose();
}
