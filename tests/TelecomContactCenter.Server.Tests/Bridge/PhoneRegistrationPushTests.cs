using Microsoft.Extensions.DependencyInjection;
using TelecomContactCenter.Server.Wallboard;
using TelecomContactCenter.Testing;

namespace TelecomContactCenter.Server.Tests.Bridge;

/// <summary>
/// An agent whose desktop is open registers their phone: the desktop's device line turns to "phone" and the board's
/// phone column to "registered" at once, not at the agent's next call or status change.
/// </summary>
public sealed class PhoneRegistrationPushTests(BridgeHost host) : IClassFixture<BridgeHost>, IDisposable
{
    private readonly ScenarioFolder _scenarios = new();

    [Fact]
    public async Task Register_DesktopOpen_DesktopToldPhoneAndBoardShowsItRegistered()
    {
        await using var agent3 = await host.AvailableAgentAsync("agent3");
        var board = host.Services.GetRequiredService<WallboardReadModel>();
        var before = board.AgentBoard().Single(a => a.Agent == "agent3");

        var registered = await Sipp.RunAsync(
            _scenarios.Write("register.xml", BridgeScenarios.Register("agent3")), host.Udp, ["-m", "1"]);
        var pushed = await agent3.NextAsync(
            "StatusChanged", s => s.GetProperty("device").GetString() == "SipPhone", TimeSpan.FromSeconds(20));
        var after = board.AgentBoard().Single(a => a.Agent == "agent3");
        await agent3.InvokeAsync("SetStatus", Guid.NewGuid().ToString("N"), "LoggedOut", null);

        Assert.True(registered.ExitCode == 0, registered.Describe());
        Assert.False(before.PhoneRegistered);
        Assert.Equal("SipPhone", pushed.GetProperty("device").GetString());
        Assert.True(after.PhoneRegistered);
    }

    public void Dispose() => _scenarios.Dispose();
}
