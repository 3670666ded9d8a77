using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using TelecomContactCenter.Server.Data;
using TelecomContactCenter.Server.Interactions;
using TelecomContactCenter.Server.Telephony;
using TelecomContactCenter.Server.Tests.Infrastructure;
using TelecomContactCenter.Sip.UserAgent;
using TelecomContactCenter.Testing;

namespace TelecomContactCenter.Server.Tests.Telephony;

/// <summary>
/// The real host on a temporary SQLite database with SIP on ephemeral loopback ports. Only 127.0.0.1 is a trusted
/// trunk, so sipp bound to 127.0.0.2 is a stranger. sipp 3.6.1 answers MD5 challenges only.
/// </summary>
public sealed partial class TelephonyFixture : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"tcc-telephony-{Guid.NewGuid():N}");

    public ServerFactory Factory { get; private set; } = null!;

    public SipStack Stack => Factory.Services.GetRequiredService<SipStack>();

    public IPEndPoint Udp => Stack.UdpEndPoint;

    /// <summary>The security-event file the host appends to (Sip:SecurityEvents:FilePath).</summary>
    public string SecurityLogPath => Path.Combine(_directory, "security.log");

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        Factory = NewFactory(_directory);
        _ = Factory.Server;
        return Task.CompletedTask;
    }

    /// <summary>This fixture's host, not started, with its database and security log in <paramref name="directory"/>.</summary>
    internal static ServerFactory NewFactory(string directory) => new(
        new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Sqlite",
            ["Database:SqlitePath"] = Path.Combine(directory, "contactcenter.db"),
            ["Sip:Transport:Address"] = "127.0.0.1",
            ["Sip:Transport:UdpPort"] = "0",
            ["Sip:Transport:TcpPort"] = "0",
            ["Sip:TrustedTrunks:0"] = "127.0.0.1",
            ["Sip:SecurityEvents:FilePath"] = Path.Combine(directory, "security.log"),
            ["Telephony:AccessNumbers:10009:Mode"] = "ivr", // an IVR number no flow claims: 480
        },
        new FakeTimeProvider(new DateTimeOffset(2026, 11, 2, 6, 0, 0, TimeSpan.Zero)));

    public async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        HostFolder.Delete(_directory);
    }

    /// <summary>The first Call-ID in a sipp message log.</summary>
    internal static string CallIdOf(SippRun run) => CallIdLine().Match(run.Messages) is { Success: true } match
        ? match.Groups[1].Value.Trim()
        : throw new InvalidOperationException("No Call-ID in sipp's message log.\n" + run.Describe());

    /// <summary>Waits (at most 10 s) for the interaction writer to store telephony's outcome of the call.</summary>
    internal async Task<Interaction> RecordAsync(string callId)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            await using (var scope = Factory.Services.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<ContactCenterDbContext>();
                var record = await db.Interactions.AsNoTracking()
                    .SingleOrDefaultAsync(c => c.CallId == callId && c.StatusCode != null, deadline.Token);
                if (record is not null)
                {
                    return record;
                }
            }

            await Task.Delay(50, deadline.Token);
        }
    }

    /// <summary>Whether a record of the call is stored now (ask after a later call's record is, to prove absence).</summary>
    internal async Task<bool> HasRecordAsync(string callId)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ContactCenterDbContext>().Interactions
            .AnyAsync(c => c.CallId == callId && c.StatusCode != null);
    }

    [GeneratedRegex(@"^Call-ID:\s*(\S+)", RegexOptions.Multiline | RegexOptions.IgnoreCase)]
    private static partial Regex CallIdLine();
}
