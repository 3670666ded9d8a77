using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TelecomContactCenter.Server.Data;
using TelecomContactCenter.Server.Telephony;
using TelecomContactCenter.Sip.Protection;
using TelecomContactCenter.Testing;
using Xunit.Abstractions;

namespace TelecomContactCenter.Server.Tests.Telephony;

/// <summary>
/// Item "refusing costs nothing": a bounded flood of INVITEs from an address that is neither a trunk nor a registered
/// phone, sent as raw UDP datagrams to the real host. Each source address is used by one test only (bans are per
/// source and the fixture is shared).
/// </summary>
public sealed class UntrustedFloodTests(TelephonyFixture fixture, ITestOutputHelper output) : IClassFixture<TelephonyFixture>
{
    private const int Flood = 7_000;

    [Fact]
    public async Task InviteFloodFromUntrustedAddress_WritesNoRows_AtMostOneResponsePerRequest_KeepsNoTransactions()
    {
        var refusals = fixture.Factory.Services.GetRequiredService<RefusalCounters>();
        var bans = fixture.Factory.Services.GetRequiredService<SourceBans>();
        var interactionsBefore = await CountInteractionsAsync();
        var refusedBefore = refusals.Total;
        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        using var flooder = new UdpClient(new IPEndPoint(IPAddress.Parse("127.0.0.6"), 0));
        var local = (IPEndPoint)flooder.Client.LocalEndPoint!;
        var maxKept = 0;

        for (var sent = 0; sent < Flood;)
        {
            var received = fixture.Stack.Statistics.Received;
            var batch = Math.Min(100, Flood - sent);
            for (var i = 0; i < batch; i++, sent++)
            {
                await flooder.SendAsync(Invite(local, sent), fixture.Udp);
            }

            // Paced by what the server has taken in, so the kernel's socket buffer never has to drop any.
            await WaitUntilAsync(() => fixture.Stack.Statistics.Received >= received + batch);
            maxKept = Math.Max(maxKept, fixture.Stack.KeptServerTransactionCount);
        }

        await WaitUntilAsync(() => refusals.Total - refusedBefore >= Flood);
        var responses = new List<string>();
        while (flooder.Available > 0)
        {
            responses.Add(Encoding.ASCII.GetString((await flooder.ReceiveAsync()).Buffer));
        }

        // A call that is admitted afterwards is recorded: once its row is there, any earlier row would be too.
        var run = await Sipp.RunAsync("redirect-from.xml", fixture.Udp, ["-s", "10001", "-key", "caller", "+8613800000004", "-m", "1"]);
        Assert.True(run.ExitCode == 0 && run.Successful == 1, run.Describe());
        await fixture.RecordAsync(TelephonyFixture.CallIdOf(run));
        var heapAfter = GC.GetTotalMemory(forceFullCollection: true);
        output.WriteLine($"{Flood} INVITEs: {responses.Count} responses, heap {heapBefore / 1_048_576} MB -> {heapAfter / 1_048_576} MB, " +
            $"at most {maxKept} server transactions kept");

        Assert.Equal(interactionsBefore + 1, await CountInteractionsAsync());
        Assert.Equal(0, await CountRecordsAsync("flood-"));
        Assert.InRange(responses.Count, 1, Flood);
        Assert.All(responses, r => Assert.StartsWith("SIP/2.0 403", r, StringComparison.Ordinal));
        Assert.Equal(responses.Count, responses.Select(CallIdOf).Distinct().Count());
        Assert.DoesNotContain(responses, r => r.StartsWith("SIP/2.0 100", StringComparison.Ordinal));
        Assert.Equal(0, maxKept);
        Assert.True(bans.IsBanned(IPAddress.Parse("127.0.0.6")));
        Assert.Equal(Flood, refusals.Total - refusedBefore);
    }

    [Fact]
    public async Task DigestGuessingFromOneAddress_WritesSecurityEventsThatTheShippedFail2banFilterMatches()
    {
        var run = await Sipp.RunAsync("register-wrong-password.xml", fixture.Udp, ["-m", "1"], localIp: "127.0.0.7");
        Assert.True(run.ExitCode == 0 && run.Successful == 1, run.Describe());
        var lines = File.ReadAllLines(fixture.SecurityLogPath);
        var guesses = lines.Count(l => l.Contains("reason=digest-failed source=127.0.0.7 user=agent2", StringComparison.Ordinal));

        var filter = Path.Combine(RepositoryFiles.Root(), "deploy", "fail2ban", "filter.d", "telecomcontactcenter.conf");
        var (exitCode, report) = await RunAsync("fail2ban-regex", fixture.SecurityLogPath, filter);

        Assert.Equal(5, guesses);
        Assert.True(exitCode == 0, report);
        Assert.True(report.Contains($"Lines: {lines.Length} lines, 0 ignored, {lines.Length} matched, 0 missed", StringComparison.Ordinal),
            report + "\n" + string.Join("\n", lines));
    }


    private static async Task<(int ExitCode, string Output)> RunAsync(string program, params string[] arguments)
    {
        var start = new System.Diagnostics.ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = System.Diagnostics.Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await error);
    }

    private static byte[] Invite(IPEndPoint local, int index) => Encoding.ASCII.GetBytes(
        $"INVITE sip:10001@127.0.0.1 SIP/2.0\r\n" +
        $"Via: SIP/2.0/UDP {local};branch=z9hG4bKflood{index}\r\n" +
        $"From: <sip:+8613800000001@{local.Address}>;tag=f{index}\r\n" +
        $"To: <sip:10001@127.0.0.1>\r\n" +
        $"Call-ID: flood-{index}\r\n" +
        $"CSeq: 1 INVITE\r\n" +
        $"Contact: <sip:caller@{local}>\r\n" +
        $"Max-Forwards: 70\r\n" +
        $"Content-Length: 0\r\n\r\n");

    private static string CallIdOf(string response) =>
        response.Split("\r\n").Single(line => line.StartsWith("Call-ID:", StringComparison.OrdinalIgnoreCase))[8..].Trim();

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!condition())
        {
            await Task.Delay(5, deadline.Token);
        }
    }

    private async Task<int> CountInteractionsAsync()
    {
        await using var scope = fixture.Factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ContactCenterDbContext>().Interactions.CountAsync();
    }

    private async Task<int> CountRecordsAsync(string callIdPrefix)
    {
        await using var scope = fixture.Factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ContactCenterDbContext>().Interactions
            .CountAsync(r => r.CallId!.StartsWith(callIdPrefix) && r.StatusCode != null);
    }
}
