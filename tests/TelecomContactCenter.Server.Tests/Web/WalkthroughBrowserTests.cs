using TelecomContactCenter.Server.Tests.Bridge;
using TelecomContactCenter.Testing;

namespace TelecomContactCenter.Server.Tests.Web;

/// <summary>
/// What a user met on a fresh clone, in Debian's Chromium with a Chinese browser (tests/browser/walkthrough.mjs):
/// the sign-in page in the browser's language with its refusal, a recorded resolution read in words in the complaint's
/// history, a wrap-up line that follows the disposition as it is chosen and names the offers left, a second call whose
/// wrap-up does not start with the first call's disposition, and a wallboard with no raw slots and whole agent
/// headings in English and Chinese. Both calls are real sipp callers on the main line that wait for the service's BYE.
/// </summary>
public sealed class WalkthroughBrowserTests(BridgeHost host) : IClassFixture<BridgeHost>, IDisposable
{
    private const string Platinum = "+8613800000001";
    private readonly ScenarioFolder _scenarios = new();

    [Fact]
    public async Task Walkthrough_ZhCnSignInTwoCallsInARowAndWallboard_ReadInTheUsersLanguageWithNothingCarriedOver()
    {
        var callers = new List<Task<SippRun>>();
        var (exitCode, transcript) = await BrowserScript.RunAsync("walkthrough.mjs", host.BaseAddress, onLine: line =>
        {
            if (line == "READY_FOR_CALL")
            {
                callers.Add(Sipp.RunAsync(_scenarios.Write($"caller{callers.Count}.xml", BridgeDesktopAnswerTests.CallerWaitingForBye()), host.Udp,
                    ["-s", "10000", "-key", "caller", Platinum, "-m", "1", "-timeout", "200s"], deadline: TimeSpan.FromSeconds(220)));
            }

            return Task.CompletedTask;
        });

        Assert.True(exitCode == 0, transcript);
        Assert.Contains("PASS", transcript, StringComparison.Ordinal);
        Assert.Contains("sign-in page in zh-CN and en, wrong password in both", transcript, StringComparison.Ordinal);
        Assert.Contains("break reason asked for only when choosing a break", transcript, StringComparison.Ordinal);
        Assert.Contains("my work's SLA countdowns read in days and hours", transcript, StringComparison.Ordinal);
        Assert.Contains("the account manager's number reads grouped", transcript, StringComparison.Ordinal);
        Assert.Contains("held products read in the desk's language", transcript, StringComparison.Ordinal);
        Assert.Contains("recorded resolution reads in words in the history", transcript, StringComparison.Ordinal);
        Assert.Contains("wrap-up line names the offers left and follows the disposition when chosen", transcript, StringComparison.Ordinal);
        Assert.Contains("the next call's wrap-up starts with no disposition", transcript, StringComparison.Ordinal);
        Assert.Contains("the Complaint tab counts the caller's open complaint", transcript, StringComparison.Ordinal);
        Assert.Contains("wallboard: no raw slots, agent headings and queue names whole and distinct in en and zh-CN", transcript, StringComparison.Ordinal);
        Assert.Contains("wallboard before any call: every queue listed, idle, with the agents free for it", transcript, StringComparison.Ordinal);
        Assert.Contains("wallboard kept reconnecting past the default retries and is live again", transcript, StringComparison.Ordinal);
        Assert.Contains("an agent on the wallboard page is shown the way back to the desk", transcript, StringComparison.Ordinal);
        Assert.Contains("a desk whose sign-in ended goes to the sign-in page at once", transcript, StringComparison.Ordinal);
        Assert.True(callers.Count == 2, $"{callers.Count} calls placed, 2 expected");
        foreach (var caller in callers)
        {
            var run = await caller;
            Assert.True(run.ExitCode == 0 && run.Successful == 1, run.Describe());
            Assert.Contains("BYE sip:", run.Messages, StringComparison.Ordinal);
        }
    }

    public void Dispose() => _scenarios.Dispose();
}
