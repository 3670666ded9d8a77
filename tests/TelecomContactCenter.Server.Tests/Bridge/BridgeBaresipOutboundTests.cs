using Microsoft.Extensions.DependencyInjection;
using TelecomContactCenter.Server.Tests.Infrastructure;
using TelecomContactCenter.Sip.Registrar;
using TelecomContactCenter.Testing;

namespace TelecomContactCenter.Server.Tests.Bridge;

/// <summary>
/// baresip 1.0 as agent1's phone asking for RFC 5626 outbound (<c>sipnat=outbound</c>: +sip.instance, reg-id,
/// Supported: outbound): the registrar keeps the flow its REGISTER came on, says so with Require: outbound, and a
/// Platinum call rings the phone over that flow; baresip answers and the call is bridged.
/// </summary>
public sealed class BridgeBaresipOutboundTests(BridgeHost host) : IClassFixture<BridgeHost>, IDisposable
{
    private const string Platinum = "+8613800000001";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly ScenarioFolder _scenarios = new();

    [Fact]
    public async Task PlatinumCall_BaresipAskingForOutbound_IsRungOverItsRegistrationFlowAndAnswers()
    {
        await using var agent1 = await host.AvailableAgentAsync("agent1");
        await using var phone = BaresipPhone.Start(host.Udp, "agent1", ServerFixture.Password,
            $";sipnat=outbound;outbound=\"sip:{host.Udp.Address}:{host.Udp.Port};transport=udp\"");
        await phone.WaitForAsync(@"200 OK.*\[1 binding\]", Patience);
        var binding = Assert.Single(host.Services.GetRequiredService<IRegistrationLookup>().FindContacts("agent1"));

        var caller = await Sipp.RunAsync(_scenarios.Write("caller.xml", BridgeScenarios.Caller(rtpAfterMs: 5000, hangUpAfterMs: 2000)),
            host.Udp, ["-s", "10000", "-key", "caller", Platinum, "-m", "1", "-timeout", "30s"], deadline: TimeSpan.FromSeconds(45));
        await phone.WaitForAsync("Call established", Patience);
        var pop = await agent1.NextAsync("ScreenPop", wait: Patience);
        await agent1.NextAsync("CallStateChanged", s => s.GetProperty("state").GetString() == "WrapUp", TimeSpan.FromSeconds(10));
        await BridgeHost.WrapUpAsync(agent1, pop, pop.GetProperty("callId").GetString()!);
        await agent1.InvokeAsync("SetStatus", Guid.NewGuid().ToString("N"), "LoggedOut", null);

        Assert.Equal(ContactRoute.OutboundFlow, binding.Route);
        Assert.Contains("+sip.instance", binding.Contact.ToString(), StringComparison.Ordinal);
        Assert.Equal(phone.Port, binding.Target.RemoteEndPoint.Port);
        Assert.True(caller.ExitCode == 0 && caller.Successful == 1, caller.Describe() + "\n" + phone.Tail());
        Assert.Equal("Platinum", pop.GetProperty("customer").GetProperty("tier").GetString());
    }

    public void Dispose() => _scenarios.Dispose();
}
