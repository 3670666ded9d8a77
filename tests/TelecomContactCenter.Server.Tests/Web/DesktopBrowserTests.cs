using TelecomContactCenter.Server.Tests.Bridge;
using TelecomContactCenter.Server.Tests.Telephony;
using TelecomContactCenter.Testing;

namespace TelecomContactCenter.Server.Tests.Web;

/// <summary>
/// Debian's Chromium (tests/browser/desktop.mjs) through the agent desktop at 1366×768 in desktop-answer mode, with a
/// real sipp caller: accept, a complaint resolved, confirmed and closed, another escalated with a reason, the offers
/// recorded, zh-CN with no English on the agent's path (a server refusal included), axe-core in both languages, then
/// Hang up on the desktop, after which the sipp caller must have received BYE (its scenario fails without it), and
/// wrap-up with notes that the next pop's recent contacts show. Then agent1's phone (sipp)
/// registers and rings unanswered: the pop leaves at the ring timeout, the desktop says the phone did not answer and
/// the agent chooses a break.
/// </summary>
public sealed class DesktopBrowserTests(BridgeHost host) : IClassFixture<BridgeHost>, IDisposable
{
    private const string Platinum = "+8613800000001";
    private readonly ScenarioFolder _scenarios = new();

    [Fact]
    public async Task Desktop_DesktopAnswerSippCall_ComplaintClosedEscalationWithReasonZhCnAndHangUpSendsBye()
    {
        Task<SippRun>? caller = null;
        SippRun? registered = null;
        Task<SippRun>? phone = null;
        Task<SippRun>? secondCaller = null;
        var (exitCode, transcript) = await BrowserScript.RunAsync("desktop.mjs", host.BaseAddress, onLine: async line =>
        {
            if (line == "READY_FOR_CALL")
            {
                caller = Sipp.RunAsync(_scenarios.Write("caller.xml", BridgeDesktopAnswerTests.CallerWaitingForBye()), host.Udp,
                    ["-s", "10000", "-key", "caller", Platinum, "-m", "1", "-timeout", "300s"], deadline: TimeSpan.FromSeconds(320));
            }
            else if (line == "READY_FOR_PHONE_CALL")
            {
                var phonePort = ScenarioFolder.FreePort();
                registered = await Sipp.RunAsync(_scenarios.Write("register.xml", BridgeScenarios.Register("agent1")), host.Udp, ["-p", phonePort, "-m", "1"]);
                phone = Sipp.RunAsync(_scenarios.Write("phone.xml", BridgeScenarios.RingingPhone()), host.Udp,
                    ["-p", phonePort, "-m", "1", "-timeout", "120s"], deadline: TimeSpan.FromSeconds(140));
                // Hangs up well after the ring timeout (4 s), so the withdrawn offer is not an abandonment.
                secondCaller = Sipp.RunAsync(_scenarios.Write("caller2.xml", BridgeScenarios.Caller(rtpAfterMs: 500, hangUpAfterMs: 25_000)), host.Udp,
                    ["-s", "10000", "-key", "caller", Platinum, "-m", "1", "-timeout", "120s"], deadline: TimeSpan.FromSeconds(140));
            }
        });

        Assert.True(exitCode == 0, transcript);
        Assert.NotNull(caller);
        var callerRun = await caller;
        Assert.Contains("PASS", transcript, StringComparison.Ordinal);
        Assert.Contains("complaint opened, resolved, confirmed and closed", transcript, StringComparison.Ordinal);
        Assert.Contains("zh-CN: no English on the agent's path", transcript, StringComparison.Ordinal);
        Assert.Contains("zh-CN: the server's refusal is shown in Chinese", transcript, StringComparison.Ordinal);
        Assert.Contains("the next pop's recent contacts show the wrap-up notes", transcript, StringComparison.Ordinal);
        Assert.True(callerRun.ExitCode == 0 && callerRun.Successful == 1, callerRun.Describe());
        Assert.Contains("BYE sip:", callerRun.Messages, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(BrowserScript.OutputFolder, "agent-desktop-zh-CN.png")));
        Assert.Contains("phone did not answer: pop cleared, agent asked, chose a break", transcript, StringComparison.Ordinal);
        Assert.True(registered is { ExitCode: 0 }, registered?.Describe());
        var phoneRun = await phone!;
        var secondRun = await secondCaller!;
        Assert.True(phoneRun.ExitCode == 0 && phoneRun.Successful == 1, phoneRun.Describe());
        Assert.Contains("CANCEL sip:", phoneRun.Messages, StringComparison.Ordinal);
        Assert.True(secondRun.ExitCode == 0, secondRun.Describe());
    }

    public void Dispose() => _scenarios.Dispose();
}
