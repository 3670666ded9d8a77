using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TelecomContactCenter.Server.Tests.Infrastructure;
using TelecomContactCenter.Testing;

namespace TelecomContactCenter.Server.Tests.Telephony;

/// <summary>
/// Real sipp calls into the host with every log line captured at Trace: a caller's number may appear only masked
/// (first five and last two characters), in whatever category, scope or exception it turns up.
/// </summary>
public sealed class CallLogMaskTests(CallLogMaskTests.LoggedHost host) : IClassFixture<CallLogMaskTests.LoggedHost>
{
    [Fact]
    public async Task Calls_AssertedFromAndUnknownNumber_LogLinesCarryNoFullNumber()
    {
        var asserted = await Sipp.RunAsync("redirect-asserted.xml", host.Udp,
            ["-s", "10001", "-key", "caller", "13900000099", "-key", "asserted", "+8613800000001", "-m", "1"]);
        var fromOnly = await Sipp.RunAsync("redirect-from.xml", host.Udp, ["-s", "10001", "-key", "caller", "+8613800000004", "-m", "1"]);
        var unknown = await Sipp.RunAsync("invite-unknown.xml", host.Udp, ["-s", "55555", "-key", "caller", "+8613800000003", "-m", "1"]);

        // Each call's line is logged just after its 302 or 404 went out: wait for the three before reading them all.
        var masked = new List<bool>();
        foreach (var number in (string[])["+8613*******01", "+8613*******04", "+8613*******03"])
        {
            masked.Add(await host.WaitForLineAsync(l => l.Contains(number, StringComparison.Ordinal), TimeSpan.FromSeconds(10)));
        }

        var lines = host.Lines.ToList();

        Assert.True(asserted.ExitCode == 0 && fromOnly.ExitCode == 0 && unknown.ExitCode == 0,
            asserted.Describe() + fromOnly.Describe() + unknown.Describe());
        Assert.Equal([true, true, true], masked);
        foreach (var number in (string[])["13800000001", "13800000004", "13800000003", "13900000099"])
        {
            Assert.DoesNotContain(lines, l => l.Contains(number, StringComparison.Ordinal));
        }
    }

    /// <summary>The host of <see cref="TelephonyFixture"/>, with a logger that keeps every line it is given.</summary>
    public sealed class LoggedHost : IAsyncLifetime
    {
        private readonly string _directory = Path.Combine(Path.GetTempPath(), $"tcc-logmask-{Guid.NewGuid():N}");

        private ServerFactory Factory { get; set; } = null!;

        private WebApplicationFactory<Program> Logged { get; set; } = null!;

        private CapturedLogs Logs { get; } = new();

        public IEnumerable<string> Lines => Logs.Lines;

        public Task<bool> WaitForLineAsync(Func<string, bool> match, TimeSpan timeout) => Logs.WaitForAsync(match, timeout);

        public System.Net.IPEndPoint Udp => Logged.Services.GetRequiredService<TelecomContactCenter.Sip.UserAgent.SipStack>().UdpEndPoint;

        public Task InitializeAsync()
        {
            Directory.CreateDirectory(_directory);
            Factory = TelephonyFixture.NewFactory(_directory);
            Logged = Factory.WithWebHostBuilder(builder => builder.ConfigureLogging(logging =>
            {
                logging.AddProvider(Logs);
                logging.AddFilter<CapturedLogs>(null, LogLevel.Trace);
            }));
            _ = Logged.Server;
            return Task.CompletedTask;
        }

        public async Task DisposeAsync()
        {
            await Logged.DisposeAsync();
            await Factory.DisposeAsync();
            Logs.Dispose();
            HostFolder.Delete(_directory);
        }
    }
}
