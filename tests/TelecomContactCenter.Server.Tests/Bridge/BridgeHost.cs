using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using TelecomContactCenter.Server.Bridge;
using TelecomContactCenter.Server.Callbacks;
using TelecomContactCenter.Server.Tests.Hubs;
using TelecomContactCenter.Server.Tests.Infrastructure;
using TelecomContactCenter.Server.Tests.Ivr;
using TelecomContactCenter.Sip.UserAgent;
using TelecomContactCenter.Testing;

namespace TelecomContactCenter.Server.Tests.Bridge;

/// <summary>
/// The whole host for calls end to end: Kestrel on an ephemeral port (agent desktops on real WebSockets), SIP on
/// ephemeral loopback ports with 127.0.0.1 a trusted trunk and the default digest challenge, a temporary SQLite
/// database with a small demo population, the shipped IVR flows, the default discount ladder,
/// and a wall clock inside office hours that runs in real time, so SIP timers, RTP pacing, the ring timeout and the
/// ACD's ticks are all real; callbacks are dialled through a trunk on <see cref="TrunkPort"/>. One host per test class.
/// </summary>
public class BridgeHost : WebApplicationFactory<Program>, IAsyncLifetime
{
    /// <summary>How long an agent's phone rings before the offer is withdrawn (short, so ring-timeout tests are quick).</summary>
    public virtual TimeSpan RingTimeout => TimeSpan.FromSeconds(4);

    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"tcc-bridge-{Guid.NewGuid():N}");

    public Uri BaseAddress { get; private set; } = null!;

    public IPEndPoint Udp => Services.GetRequiredService<SipStack>().UdpEndPoint;

    /// <summary>The local port of the outbound trunk callbacks are dialled through (a sipp UAS in the callback tests).</summary>
    public string TrunkPort { get; } = ScenarioFolder.FreePort();

    internal CallbackConnector Callbacks => Services.GetRequiredService<CallbackConnector>();

    internal CallBridge Bridge => Services.GetRequiredService<CallBridge>();

    public virtual Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        CopyFlowsWithShortAccountManagerWait();
        UseKestrel(0);
        StartServer();
        BaseAddress = new Uri(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return Task.CompletedTask;
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        HostFolder.Delete(_directory);
    }

    private string FlowsFolder => Path.Combine(_directory, "ivr-flows");

    /// <summary>
    /// The shipped flows, except that a Platinum caller's account manager (agent2 in the demo data) is tried for
    /// 1 s instead of 15 s before the VIP desk, so a call reaches agent1 within a sipp run while agent2 is busy.
    /// </summary>
    private void CopyFlowsWithShortAccountManagerWait()
    {
        Directory.CreateDirectory(FlowsFolder);
        foreach (var file in Directory.EnumerateFiles(Path.Combine(AppContext.BaseDirectory, "ivr-flows"), "*.json"))
        {
            var text = File.ReadAllText(file).Replace(
                "\"target\": \"accountManager\", \"overflowAfterSeconds\": 15", "\"target\": \"accountManager\", \"overflowAfterSeconds\": 1",
                StringComparison.Ordinal);
            File.WriteAllText(Path.Combine(FlowsFolder, Path.GetFileName(file)), text);
        }
    }

    public async Task<string> TokenAsync(string userName)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress };
        var response = await http.PostAsJsonAsync("/api/auth/login", new { userName, password = ServerFixture.Password });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
    }

    public async Task<HttpClient> ApiAsync(string userName)
    {
        var http = new HttpClient { BaseAddress = BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(userName));
        return http;
    }

    /// <summary>An agent desktop on the hub, set to Available.</summary>
    /// <summary>What the service answers the trunk's digest challenge with (a trunk that does not challenge ignores it).</summary>
    public const string TrunkUser = "callback";

    public const string TrunkPassword = "trunk-secret";

    public async Task<HubTestClient> AvailableAgentAsync(string userName)
    {
        var client = await HubTestClient.AgentAsync(new Uri(BaseAddress, "/hubs/agent"), await TokenAsync(userName));
        await client.InvokeAsync("SetStatus", Guid.NewGuid().ToString("N"), "Available", null);
        return client;
    }

    /// <summary>Sets a disposition and a Declined outcome for every offer in <paramref name="pop"/>, then completes wrap-up.</summary>
    internal static async Task WrapUpAsync(HubTestClient agent, JsonElement pop, string callId)
    {
        await agent.InvokeAsync("SetDisposition", Guid.NewGuid().ToString("N"), callId, "Resolved");
        foreach (var offer in pop.GetProperty("offers").EnumerateArray())
        {
            await agent.InvokeAsync("RecordOfferOutcome", Guid.NewGuid().ToString("N"), callId, offer.GetProperty("offerId").GetString(),
                "Declined", offer.GetProperty("scriptVersion").GetString());
        }

        await agent.InvokeAsync("CompleteWrapUp", Guid.NewGuid().ToString("N"), callId);
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
            ["Media:PromptFolder"] = Path.Combine(AppContext.BaseDirectory, "ivr-flows", "prompts"),
            ["Ivr:FlowsPath"] = FlowsFolder,
            ["Routing:RingTimeout"] = RingTimeout.ToString(),
            ["Routing:MaxConsecutiveMissedOffers"] = "3",
            ["Telephony:OutboundTrunk"] = $"sip:127.0.0.1:{TrunkPort}",
            ["Telephony:OutboundTrunkUser"] = TrunkUser,
            ["Telephony:OutboundTrunkPassword"] = TrunkPassword,
            ["Callbacks:PollInterval"] = "00:00:00.250",
        })
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(new OffsetTimeProvider(IvrHost.OfficeHours));
        });
    }
}
