using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using TelecomContactCenter.Core.Routing;
using TelecomContactCenter.Server.Contact;

namespace TelecomContactCenter.Server.Tests.Web;

/// <summary>
/// Debian's Chromium, driven by playwright-core (tests/browser), through the agent desktop and the wallboard. The
/// call enters through the ACD's entry point, as the IVR hands it over.
/// </summary>
public sealed class BrowserTests(BrowserHostFixture fixture) : IClassFixture<BrowserHostFixture>
{
    [Fact]
    public async Task DeskAndBoard_PlatinumCallerWithComplaintResolvedOnCall_PopsAndBoardUpdatesFcr()
    {
        var root = BrowserHostFixture.RepositoryRoot();
        var output = Path.Combine(root, "test-output", "browser");
        var script = Path.Combine(root, "tests", "browser", "desk-and-board.mjs");
        var start = new ProcessStartInfo("node", [script, fixture.BaseAddress.ToString().TrimEnd('/'), output])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.Combine(root, "tests", "browser"),
        };
        var transcript = new StringBuilder();
        var enqueued = false;
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(400));

        using var node = Process.Start(start)!;
        var errors = node.StandardError.ReadToEndAsync(deadline.Token);
        try
        {
            while (await node.StandardOutput.ReadLineAsync(deadline.Token) is { } line)
            {
                transcript.AppendLine(line);
                if (line == "READY_FOR_CALL")
                {
                    var result = await fixture.Factory.Services.GetRequiredService<ICallEntry>().EnqueueAsync(new CallHandoff
                    {
                        CallId = new CallId($"browser-{Guid.NewGuid():N}"),
                        Caller = new CallerIdentityInfo("+8613800000001", "+8613800000001", "NetworkAsserted"),
                        CustomerPhone = "+8613800000001",
                        Queue = "general",
                    }, deadline.Token);
                    enqueued = result.Tier == Core.Customers.ValueTier.Platinum;
                }
            }

            await node.WaitForExitAsync(deadline.Token);
        }
        finally
        {
            if (!node.HasExited)
            {
                node.Kill(entireProcessTree: true);
            }
        }

        transcript.Append(await errors);
        Assert.True(enqueued, "The call was not queued as Platinum:\n" + transcript);
        Assert.True(node.ExitCode == 0, transcript.ToString());
        Assert.Contains("PASS", transcript.ToString(), StringComparison.Ordinal);
        Assert.Contains("complaint resolved on the call", transcript.ToString(), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(output, "agent-desktop.png")));
        Assert.True(File.Exists(Path.Combine(output, "wallboard.png")));
    }
}
