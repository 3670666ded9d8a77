using TelecomContactCenter.Testing;

namespace TelecomContactCenter.Server.Tests.Bridge;

/// <summary>
/// An agent's phone that registers from one port and listens on another (a separate REGISTER socket, a provisioning
/// proxy registering on its behalf): the service rings the registered Contact (RFC 3261 §10), not the address the
/// REGISTER came from, on the README's defaults (one MD5 challenge, no forced rport).
/// </summary>
public sealed class BridgeContactRoutingTests(BridgeHost host) : IClassFixture<BridgeHost>, IDisposable
{
    private const string Platinum = "+8613800000001";
    private readonly ScenarioFolder _scenarios = new();

    [Fact]
    public async Task PlatinumCall_PhoneContactOnAnotherPortThanItsRegister_RingsTheContactAndIsBridged()
    {
        await using var agent1 = await host.AvailableAgentAsync("agent1");
        var registerPort = ScenarioFolder.FreePort();
        var phonePort = ScenarioFolder.FreePort();
        var registered = await Sipp.RunAsync(
            _scenarios.Write("register.xml", BridgeScenarios.Register("agent1", contactPort: phonePort)), host.Udp, ["-p", registerPort, "-m", "1"]);
        Assert.True(registered.ExitCode == 0, registered.Describe());
        var phone = Sipp.RunAsync(_scenarios.Write("phone.xml", BridgeScenarios.AnsweringPhone(ringMs: 300)), host.Udp,
            ["-p", phonePort, "-m", "1", "-timeout", "25s"]);

        var caller = await Sipp.RunAsync(_scenarios.Write("caller.xml", BridgeScenarios.Caller(rtpAfterMs: 5000, hangUpAfterMs: 3000)),
            host.Udp, ["-s", "10000", "-key", "caller", Platinum, "-m", "1", "-timeout", "25s"]);
        var phoneRun = await phone;
        var pop = await agent1.NextAsync("ScreenPop", wait: TimeSpan.FromSeconds(5));
        await agent1.NextAsync("CallStateChanged", s => s.GetProperty("state").GetString() == "WrapUp", TimeSpan.FromSeconds(10));
        await BridgeHost.WrapUpAsync(agent1, pop, pop.GetProperty("callId").GetString()!);
        await agent1.InvokeAsync("SetStatus", Guid.NewGuid().ToString("N"), "LoggedOut", null);

        Assert.True(caller.ExitCode == 0 && caller.Successful == 1, caller.Describe());
        Assert.True(phoneRun.ExitCode == 0 && phoneRun.Successful == 1, phoneRun.Describe());
        Assert.Contains($"INVITE sip:agent1@127.0.0.1:{phonePort}", phoneRun.Messages, StringComparison.Ordinal);
        Assert.Equal("Platinum", pop.GetProperty("customer").GetProperty("tier").GetString());
        Assert.True(host.Bridge.RelayedToAgent > 0, $"caller → agent: {host.Bridge.RelayedToAgent} packets");
        Assert.True(host.Bridge.RelayedToCaller > 0, $"agent → caller: {host.Bridge.RelayedToCaller} packets");
    }

    public void Dispose() => _scenarios.Dispose();
}
