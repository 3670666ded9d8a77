using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using TelecomContactCenter.Server.Contact;
using TelecomContactCenter.Server.Tests.Infrastructure;

namespace TelecomContactCenter.Server.Tests.Hubs;

/// <summary>
/// The real host on Kestrel (ephemeral port) and a temporary SQLite database, on a clock the test drives, so hub
/// clients connect over real WebSockets. Ring timeout 10 s; the ACD ticks every second of the manual clock.
/// </summary>
public class HubServerFixture : IAsyncLifetime
{
    public const string Password = "ContactCenter!1";
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"tcc-hubs-{Guid.NewGuid():N}");
    private KestrelFactory? Factory { get; set; }

    /// <summary>A Monday 06:00 UTC (14:00 in Beijing), inside business hours.</summary>
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 2, 6, 0, 0, TimeSpan.Zero));

    public Uri BaseAddress { get; private set; } = null!;

    public IServiceProvider Services => Factory!.Services;

    internal ICallEntry Calls => Services.GetRequiredService<ICallEntry>();

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        var settings = new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Sqlite",
            ["Database:SqlitePath"] = Path.Combine(_directory, "contactcenter.db"),
            ["DemoData:CustomerCount"] = "500",
            // Main's telephony starts SIP in every host; ephemeral ports keep parallel fixtures apart.
            ["Sip:Transport:UdpPort"] = "0",
            ["Sip:Transport:TcpPort"] = "0",
            ["Routing:RingTimeout"] = "00:00:10",
            ["Routing:MaxConsecutiveMissedOffers"] = "3",
        };
        foreach (var (key, value) in ExtraSettings())
        {
            settings[key] = value;
        }

        Factory = new KestrelFactory(settings, Clock, ConfigureServices);
        Factory.UseKestrel(0);
        Factory.StartServer();
        var addresses = Factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        BaseAddress = new Uri(addresses.First());
        await Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        if (Factory is not null)
        {
            await Factory.DisposeAsync();
        }

        HostFolder.Delete(_directory);
    }

    public HttpClient Http() => new() { BaseAddress = BaseAddress };

    public async Task<string> TokenAsync(string userName)
    {
        using var http = Http();
        var response = await http.PostAsJsonAsync("/api/auth/login", new { userName, password = Password });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
    }

    public async Task<HttpClient> ApiAsync(string userName)
    {
        var http = Http();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(userName));
        return http;
    }

    public async Task<HubTestClient> AgentAsync(string userName) =>
        await HubTestClient.AgentAsync(new Uri(BaseAddress, "/hubs/agent"), await TokenAsync(userName));

    public async Task<HubTestClient> SupervisorAsync(string userName = "supervisor1") =>
        await HubTestClient.SupervisorAsync(new Uri(BaseAddress, "/hubs/supervisor"), await TokenAsync(userName));

    protected virtual IEnumerable<KeyValuePair<string, string?>> ExtraSettings() => [];

    /// <summary>Replaces host services for a degraded-mode fixture.</summary>
    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    private sealed class KestrelFactory(
        IReadOnlyDictionary<string, string?> settings, FakeTimeProvider clock, Action<IServiceCollection> configure)
        : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Testing");
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }

            builder.ConfigureServices(services =>
            {
                services.RemoveAll<TimeProvider>();
                services.AddSingleton<TimeProvider>(clock);
                configure(services);
            });
        }
    }
}
