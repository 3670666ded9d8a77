using Microsoft.AspNetCore.Hosting;
using TelecomContactCenter.Server.Ivr.Callbacks;
using TelecomContactCenter.Server.Tests.Telephony;
using TelecomContactCenter.Testing;

namespace TelecomContactCenter.Server.Tests.Bridge;

/// <summary>The whole host for calls, with the call-path features (telephony, contact centre, IVR, bridge, callbacks) composed in reverse order.</summary>
public sealed class ReversedCallPathHost : BridgeHost
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Host:ReverseCallPath", "true");
    }
}

/// <summary>
/// The order the features are added in does not matter: with the call path composed backwards (callbacks before the
/// bridge, the bridge before the IVR, telephony last) a queued caller still reaches agent1's registered phone and is
/// relayed both ways, and a due callback still rings agent1's phone and dials the customer through the trunk. Real
/// peers: sipp caller, phone and trunk.
/// </summary>
public sealed class CompositionOrderTests(ReversedCallPathHost host) : IClassFixture<ReversedCallPathHost>, IDisposable
{
    private const string Platinum = "+8613800000001";
    private readonly ScenarioFolder _scenarios = new();

    [Fact]
    public async Task ReversedCallPath_QueuedInboundCall_ReachesTheAgentsPhoneAndIsRelayedBothWays()
    {
        await using var agent1 = await host.AvailableAgentAsync("agent1");
        var phonePort = await BridgeCallbackTests.RegisteredPhoneAsync(host, _scenarios, "agent1");
        var phone = Sipp.RunAsync(_scenarios.Write("phone.xml", BridgeScenarios.AnsweringPhone(ringMs: 500)), host.Udp,
            ["-p", phonePort, "-m", "1", "-timeout", "25s"]);

        var caller = await Sipp.RunAsync(_scenarios.Write("caller.xml", BridgeScenarios.Caller(rtpAfterMs: 6500, hangUpAfterMs: 4000)),
            host.Udp, ["-s", "10000", "-key", "caller", Platinum, "-m", "1", "-timeout", "25s"]);
        var phoneRun = await phone;
        var pop = await agent1.NextAsync("ScreenPop", wait: TimeSpan.FromSeconds(5));
        var callId = pop.GetProperty("callId").GetString()!;
        await agent1.NextAsync("CallStateChanged", s => s.GetProperty("state").GetString() == "WrapUp", TimeSpan.FromSeconds(10));
        await BridgeHost.WrapUpAsync(agent1, pop, callId);
        await agent1.InvokeAsync("SetStatus", Guid.NewGuid().ToString("N"), "LoggedOut", null);

        Assert.True(caller.ExitCode == 0 && caller.Successful == 1, caller.Describe());
        Assert.True(phoneRun.ExitCode == 0 && phoneRun.Successful == 1, phoneRun.Describe());
        Assert.Equal(TelephonyFixture.CallIdOf(caller), callId);
        Assert.Contains($"X-Call-Id: {callId}", phoneRun.Messages, StringComparison.Ordinal);
        Assert.True(host.Bridge.RelayedToAgent > 50, $"caller → agent: {host.Bridge.RelayedToAgent} packets");
        Assert.True(host.Bridge.RelayedToCaller > 50, $"agent → caller: {host.Bridge.RelayedToCaller} packets");
    }

    [Fact]
    public async Task ReversedCallPath_DueCallback_RingsTheAgentsPhoneThenDialsTheCustomerAndIsDone()
    {
        await using var agent1 = await host.AvailableAgentAsync("agent1");
        var phonePort = await BridgeCallbackTests.RegisteredPhoneAsync(host, _scenarios, "agent1");
        var phone = Sipp.RunAsync(_scenarios.Write("phone.xml", BridgeScenarios.AnsweringPhone(ringMs: 500)), host.Udp,
            ["-p", phonePort, "-m", "1", "-timeout", "25s"]);
        var trunk = Sipp.RunAsync(_scenarios.Write("trunk.xml", CallbackScenarios.AnsweringTrunk(hangUpAfterMs: 2000)), host.Udp,
            ["-p", host.TrunkPort, "-m", "1", "-timeout", "25s"]);

        var booked = await BridgeCallbackTests.BookDueCallbackAsync(host);
        var pop = await agent1.NextAsync("ScreenPop", wait: TimeSpan.FromSeconds(10));
        var phoneRun = await phone;
        var trunkRun = await trunk;
        await agent1.NextAsync("CallStateChanged", s => s.GetProperty("state").GetString() == "WrapUp", TimeSpan.FromSeconds(10));
        var callId = pop.GetProperty("callId").GetString()!;
        await BridgeHost.WrapUpAsync(agent1, pop, callId);
        await agent1.InvokeAsync("SetStatus", Guid.NewGuid().ToString("N"), "LoggedOut", null);
        var row = await BridgeCallbackTests.CallbackAsync(host, booked.Id);

        Assert.True(phoneRun.ExitCode == 0 && phoneRun.Successful == 1, phoneRun.Describe());
        Assert.True(trunkRun.ExitCode == 0 && trunkRun.Successful == 1, trunkRun.Describe());
        Assert.Contains($"X-Call-Id: {callId}", phoneRun.Messages, StringComparison.Ordinal);
        Assert.Contains($"INVITE sip:{BridgeCallbackTests.Customer}@127.0.0.1:{host.TrunkPort} SIP/2.0", trunkRun.Messages, StringComparison.Ordinal);
        Assert.Equal((CallbackStatus.Done, "agent1"), (row.Status, row.CompletedBy));
    }

    public void Dispose() => _scenarios.Dispose();
}
