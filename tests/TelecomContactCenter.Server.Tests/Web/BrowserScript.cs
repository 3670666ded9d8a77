using System.Diagnostics;
using System.Text;
using TelecomContactCenter.Testing;

namespace TelecomContactCenter.Server.Tests.Web;

/// <summary>What a browser script printed (stdout, then stderr) and how it exited.</summary>
internal sealed record BrowserRun(int ExitCode, string Transcript);

/// <summary>
/// Runs one of tests/browser's scripts with node (playwright-core driving Debian's Chromium) against a host: the
/// script gets the base address, the screenshot folder (test-output/browser) and any further arguments, and each
/// line it prints is handed to <c>onLine</c> as it comes (and awaited before the next is read), so a test can start a
/// peer (a sipp call) when the page is ready for it. The script is killed with its browser if it outlives the deadline.
/// </summary>
internal static class BrowserScript
{
    public static string OutputFolder => Path.Combine(RepositoryFiles.Root(), "test-output", "browser");

    public static async Task<BrowserRun> RunAsync(
        string script, Uri baseAddress, IEnumerable<string>? arguments = null, Func<string, Task>? onLine = null, TimeSpan? deadline = null)
    {
        var root = RepositoryFiles.Root();
        var start = new ProcessStartInfo("node",
            [Path.Combine(root, "tests", "browser", script), baseAddress.ToString().TrimEnd('/'), OutputFolder, .. arguments ?? []])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.Combine(root, "tests", "browser"),
        };
        var transcript = new StringBuilder();
        using var timeout = new CancellationTokenSource(deadline ?? TimeSpan.FromSeconds(400));
        using var node = Process.Start(start)!;
        var errors = node.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            while (await node.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                transcript.AppendLine(line);
                if (onLine is not null)
                {
                    await onLine(line);
                }
            }

            await node.WaitForExitAsync(timeout.Token);
        }
        finally
        {
            if (!node.HasExited)
            {
                node.Kill(entireProcessTree: true);
            }
        }

        transcript.Append(await errors);
        return new BrowserRun(node.ExitCode, transcript.ToString());
    }
}
