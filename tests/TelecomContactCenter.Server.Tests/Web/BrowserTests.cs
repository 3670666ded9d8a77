using TelecomContactCenter.Server.Tests.Bridge;
using TelecomContactCenter.Server.Tests.Telephony;
using TelecomContactCenter.Testing;

namespace TelecomContactCenter.Server.Tests.Web;

/// <summary>
/// Debian's Chromium, driven by playwright-core (tests/browser), through the agent desktop and the wallboard, with
/// real peers for the call: sipp dials the main line from a trusted trunk, the IVR sends the Platinum caller to the
/// ACD, and agent1's phone is sipp registered with digest, which rings and answers. The page's hub connection is cut
/// during the call and comes back after the caller has hung up, so the desk must resync to wrap-up from the server.
/// On the call the discount ladder is walked: an offer's discount within agent1's Platinum rung applies at once, a
/// goodwill discount above it is approved on the wallboard, one above the tier cap is refused in the agent's words.
/// </summary>
public sealed class BrowserTests(BridgeHost host) : IClassFixture<BridgeHost>, IDisposable
{
    private const string Platinum = "+8613800000001";
    private static readonly TimeSpan CallDeadline = TimeSpan.FromSeconds(200);
    private readonly ScenarioFolder _scenarios = new();

    [Fact]
    public async Task DeskAndBoard_PlatinumSippCallWithComplaintResolvedOnCall_PopsResyncsAfterDropAndBoardUpdatesFcr()
    {
        var phonePort = ScenarioFolder.FreePort();
        var registered = await Sipp.RunAsync(_scenarios.Write("register.xml", BridgeScenarios.Register("agent1")), host.Udp, ["-p", phonePort, "-m", "1"]);
        Assert.True(registered.ExitCode == 0, registered.Describe());
        Task<SippRun>? phone = null;
        Task<SippRun>? caller = null;
        var (exitCode, transcript) = await BrowserScript.RunAsync("desk-and-board.mjs", host.BaseAddress, onLine: line =>
        {
            if (line == "READY_FOR_CALL")
            {
                // The phone rings long enough for the page to show the countdown; the caller talks long enough
                // for the agent to work the complaint and offers, then hangs up while the page is cut off.
                phone = Sipp.RunAsync(_scenarios.Write("phone.xml", BridgeScenarios.AnsweringPhone(ringMs: 2000)), host.Udp,
                    ["-p", phonePort, "-m", "1", "-timeout", "180s"], deadline: CallDeadline);
                caller = Sipp.RunAsync(_scenarios.Write("caller.xml", BridgeScenarios.Caller(rtpAfterMs: 1000, hangUpAfterMs: 90_000)), host.Udp,
                    ["-s", "10000", "-key", "caller", Platinum, "-m", "1", "-timeout", "180s"], deadline: CallDeadline);
            }

            return Task.CompletedTask;
        });

        Assert.NotNull(caller);
        var callerRun = await caller;
        var phoneRun = await phone!;
        Assert.True(exitCode == 0, transcript);
        Assert.Contains("PASS", transcript, StringComparison.Ordinal);
        Assert.Contains("complaint resolved on the call", transcript, StringComparison.Ordinal);
        Assert.Contains("goodwill above the tier cap refused with the translated rule", transcript, StringComparison.Ordinal);
        Assert.Contains("the 360 lists the discount approved during the call", transcript, StringComparison.Ordinal);
        Assert.Contains("desk resynced to WrapUp after reconnecting", transcript, StringComparison.Ordinal);
        Assert.True(callerRun.ExitCode == 0 && callerRun.Successful == 1, callerRun.Describe());
        Assert.True(phoneRun.ExitCode == 0 && phoneRun.Successful == 1, phoneRun.Describe());
        Assert.Contains($"X-Call-Id: {TelephonyFixture.CallIdOf(callerRun)}", phoneRun.Messages, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(BrowserScript.OutputFolder, "agent-desktop.png")));
        Assert.True(File.Exists(Path.Combine(BrowserScript.OutputFolder, "wallboard.png")));
    }

    public void Dispose() => _scenarios.Dispose();

}
