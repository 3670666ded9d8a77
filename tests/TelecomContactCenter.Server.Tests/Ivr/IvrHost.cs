using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using TelecomContactCenter.Server.Data;
using TelecomContactCenter.Server.Interactions;
using TelecomContactCenter.Server.Ivr;
using TelecomContactCenter.Server.Telephony;
using TelecomContactCenter.Server.Tests.Infrastructure;
using TelecomContactCenter.Sip.UserAgent;
using TelecomContactCenter.Testing;

namespace TelecomContactCenter.Server.Tests.Ivr;

/// <summary>
/// The real host with the shipped flows on a temporary SQLite database, SIP on ephemeral loopback ports (127.0.0.1
/// a trusted trunk) and a wall clock that reads Monday 2 November 2026, 10:00 at +08:00 (the contact centre is open)
/// yet runs in real time, so SIP, RTP pacing and IVR timers are all real.
/// </summary>
public sealed class IvrHost : WebApplicationFactory<Program>, IAsyncLifetime
{
    public static readonly DateTimeOffset OfficeHours = new(2026, 11, 2, 10, 0, 0, TimeSpan.FromHours(8));

    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"tcc-ivr-{Guid.NewGuid():N}");
    private readonly TimeProvider _clock;
    private readonly IReadOnlyDictionary<string, string> _settings;

    public IvrHost()
        : this(new OffsetTimeProvider(OfficeHours))
    {
    }

    /// <summary>The same host on another clock, e.g. a FakeTimeProvider that drives every timer,
    /// and with extra settings.</summary>
    internal IvrHost(TimeProvider clock, IReadOnlyDictionary<string, string>? settings = null)
    {
        _clock = clock;
        _settings = settings ?? new Dictionary<string, string>();
    }

    public IPEndPoint Udp => Services.GetRequiredService<SipStack>().UdpEndPoint;

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        _ = Server;
        return Task.CompletedTask;
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        HostFolder.Delete(_directory);
    }

    /// <summary>
    /// Waits (at most 15 s) until the call's interaction carries the IVR's final path record, read from the database
    /// (until the call ends the row holds the path as of the admission or the hand-over, without an end).
    /// </summary>
    internal async Task<IvrPathRecord> PathAsync(string caller, string callId)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        while (true)
        {
            if (await TryPathAsync(caller, callId, deadline.Token) is { } path)
            {
                return path;
            }

            await Task.Delay(100, deadline.Token);
        }
    }

    /// <summary>The call's IVR path if it has been written yet.</summary>
    internal async Task<IvrPathRecord?> TryPathAsync(string caller, string callId, CancellationToken cancellationToken)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ContactCenterDbContext>();
        var record = await db.Interactions.AsNoTracking().SingleOrDefaultAsync(c => c.CallId == callId, cancellationToken);
        // Until the call ends the interaction holds the path as of its admission or hand-over (no end): not the final one.
        return record is { IvrPath: { } json } && record.Caller == caller
            && JsonSerializer.Deserialize(json, IvrJsonContext.Default.IvrPathRecord) is { Flow.Length: > 0, End: not null } path
            ? path
            : null;
    }

    /// <summary>Waits (at most 10 s) for telephony's record of the call.</summary>
    internal async Task<Interaction> RecordAsync(string callId)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            await using (var scope = Services.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<ContactCenterDbContext>();
                if (await db.Interactions.AsNoTracking().SingleOrDefaultAsync(c => c.CallId == callId && c.StatusCode != null, deadline.Token) is { } record)
                {
                    return record;
                }
            }

            await Task.Delay(50, deadline.Token);
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in new Dictionary<string, string>
        {
            ["DemoData:CustomerCount"] = ServerFactory.DemoCustomers.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Database:Provider"] = "Sqlite",
            ["Database:SqlitePath"] = Path.Combine(_directory, "contactcenter.db"),
            ["Sip:Transport:Address"] = "127.0.0.1",
            ["Sip:Transport:UdpPort"] = "0",
            ["Sip:Transport:TcpPort"] = "0",
            ["Sip:TrustedTrunks:0"] = "127.0.0.1",
            ["Media:BindAddress"] = "127.0.0.1",
            // Paths are read from the call's record right after the call; a manual clock would hold the batch.
            ["Telephony:RecordFlushDelay"] = "00:00:00",
        }.Concat(_settings))
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton(_clock);
        });
    }
}
