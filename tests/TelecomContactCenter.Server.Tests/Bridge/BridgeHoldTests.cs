using TelecomContactCenter.Server.Tests.Telephony;
using TelecomContactCenter.Testing;

namespace TelecomContactCenter.Server.Tests.Bridge;

/// <summary>
/// Hold passes through the B2BUA: agent1's phone (sipp) holds the bridged Platinum caller with a re-INVITE and
/// resumes; the caller's UA (sipp) receives both as re-INVITEs from the service, and each side gets back the
/// direction the other agreed to.
/// </summary>
public sealed class BridgeHoldTests(BridgeHost host) : IClassFixture<BridgeHost>, IDisposable
{
    private const string Platinum = "+8613800000001";
    private readonly ScenarioFolder _scenarios = new();

    [Fact]
    public async Task AgentPhoneHoldsAndResumes_CallerReceivesBothReInvitesAndEachSideGetsTheAgreedDirection()
    {
        await using var agent1 = await host.AvailableAgentAsync("agent1");
        var phonePort = ScenarioFolder.FreePort();
        var registered = await Sipp.RunAsync(_scenarios.Write("register.xml", BridgeScenarios.Register("agent1")), host.Udp, ["-p", phonePort, "-m", "1"]);
        Assert.True(registered.ExitCode == 0, registered.Describe());
        var phone = Sipp.RunAsync(_scenarios.Write("phone.xml", HoldScenarios.HoldingPhone(holdAfterMs: 1000)), host.Udp,
            ["-p", phonePort, "-m", "1", "-timeout", "25s"]);

        var caller = await Sipp.RunAsync(_scenarios.Write("caller.xml", HoldScenarios.HeldCaller()), host.Udp,
            ["-s", "10000", "-key", "caller", Platinum, "-m", "1", "-timeout", "25s"]);
        var phoneRun = await phone;
        Assert.True(caller.ExitCode == 0 && caller.Successful == 1, caller.Describe());
        Assert.True(phoneRun.ExitCode == 0 && phoneRun.Successful == 1, phoneRun.Describe());
        var pop = await agent1.NextAsync("ScreenPop", wait: TimeSpan.FromSeconds(5));
        await agent1.InvokeAsync("SetStatus", Guid.NewGuid().ToString("N"), "LoggedOut", null);

        Assert.Equal(TelephonyFixture.CallIdOf(caller), pop.GetProperty("callId").GetString());
        Assert.Contains("a=sendonly", caller.Messages, StringComparison.Ordinal);
        Assert.Contains("a=recvonly", phoneRun.Messages, StringComparison.Ordinal);
    }

    public void Dispose() => _scenarios.Dispose();
}
