using System.Diagnostics;
using System.Text.Json;
using TelecomContactCenter.Core.Routing;
using TelecomContactCenter.Server.Contact;

namespace TelecomContactCenter.Server.Tests.Hubs;

/// <summary>The agent hub driven by the real npm @microsoft/signalr client in Node (negotiate, then WebSocket).</summary>
public sealed class NodeClientTests(HubServerFixture fixture) : IClassFixture<HubServerFixture>
{
    private const string Gold = "+8613800000002";

    [Fact]
    public async Task NodeSignalRClient_SignsInAndGoesAvailable_ReceivesTheScreenPop()
    {
        var directory = NodeDirectory();
        if (!Directory.Exists(Path.Combine(directory, "node_modules", "@microsoft", "signalr")))
        {
            await RunAsync("npm", directory, TimeSpan.FromMinutes(3), ["ci", "--no-audit", "--no-fund"]);
        }

        var callId = $"{Guid.NewGuid():N}@node";
        using var node = Process.Start(new ProcessStartInfo("node", ["screen-pop.mjs", fixture.BaseAddress.ToString().TrimEnd('/'), "agent2", HubServerFixture.Password])
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(40));

        try
        {
            Assert.Equal("READY", await node.StandardOutput.ReadLineAsync(timeout.Token));
            await fixture.Calls.EnqueueAsync(new CallHandoff
            {
                CallId = new CallId(callId),
                Caller = new CallerIdentityInfo(Gold, Gold, "NetworkAsserted"),
                CustomerPhone = Gold,
                Queue = "vip-desk",
            }, default);
            var line = await node.StandardOutput.ReadLineAsync(timeout.Token);
            await node.WaitForExitAsync(timeout.Token);
            await fixture.Calls.AbandonAsync(new CallId(callId), default);
            using var pop = JsonDocument.Parse(line!);

            Assert.Equal(0, node.ExitCode);
            Assert.Equal(callId, pop.RootElement.GetProperty("callId").GetString());
            Assert.Equal("Gold", pop.RootElement.GetProperty("customer").GetProperty("tier").GetString());
        }
        finally
        {
            if (!node.HasExited)
            {
                node.Kill(entireProcessTree: true);
            }
        }
    }

    private static async Task RunAsync(string file, string directory, TimeSpan limit, IEnumerable<string> arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true })!;
        using var timeout = new CancellationTokenSource(limit);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        _ = await process.StandardOutput.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"{file} {string.Join(' ', arguments)} failed: {await error}");
    }

    private static string NodeDirectory()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "tests", "TelecomContactCenter.Server.Tests", "node");
            if (File.Exists(Path.Combine(candidate, "package.json")))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("tests/TelecomContactCenter.Server.Tests/node not found above the test output.");
    }
}
