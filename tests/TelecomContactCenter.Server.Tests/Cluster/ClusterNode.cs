using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using TelecomContactCenter.Server.Tests.Infrastructure;

namespace TelecomContactCenter.Server.Tests.Cluster;

/// <summary>One node of a deployment: the real host on Kestrel (ephemeral port) with the settings every node shares.</summary>
public sealed class ClusterNode : WebApplicationFactory<Program>
{
    private const string Password = "ContactCenter!1";

    /// <summary>The cluster key (<c>Cluster:Key</c>) the test nodes share.</summary>
    public const string Key = "cluster-test-key-0123456789";
    private readonly IReadOnlyDictionary<string, string?> _settings;

    private ClusterNode(IReadOnlyDictionary<string, string?> settings) => _settings = new Dictionary<string, string?>(settings);

    public Uri BaseAddress { get; private set; } = null!;

    public static ClusterNode Start(IReadOnlyDictionary<string, string?> settings)
    {
        var node = new ClusterNode(settings);
        node.UseKestrel(0);
        node.StartServer();
        node.BaseAddress = new Uri(node.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return node;
    }

    /// <summary>
    /// Nodes A and B on one fresh database (<paramref name="name"/>) and one keys folder, so a token signed on one is
    /// good on the other; B started after A has created the schema.
    /// </summary>
    public static async Task<(ClusterNode A, ClusterNode B)> StartPairAsync(
        PostgresCluster postgres, string keys, string name, string? redis, string? channelPrefixB = null,
        IReadOnlyDictionary<string, string?>? extra = null)
    {
        ArgumentNullException.ThrowIfNull(postgres);
        var database = await postgres.CreateDatabaseAsync($"cluster_{name}");
        var settings = new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Postgres",
            ["Database:PostgresConnectionString"] = database,
            ["DataProtection:KeysPath"] = keys,
            ["DemoData:CustomerCount"] = "500",
            ["Sip:Transport:UdpPort"] = "0",
            ["Sip:Transport:TcpPort"] = "0",
            ["Cluster:Redis"] = redis,
            ["Cluster:NodeName"] = "node-a",
            ["Cluster:Key"] = Key,
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var a = Start(settings);
        settings["Cluster:NodeName"] = "node-b";
        if (channelPrefixB is not null)
        {
            settings["Cluster:ChannelPrefix"] = channelPrefixB;
        }

        return (a, Start(settings));
    }

    /// <summary>A single node's settings: its SQLite database and keys in <paramref name="folder"/>, SIP on free ports.</summary>
    public static Dictionary<string, string?> SqliteSettings(string folder) => new()
    {
        ["Database:SqlitePath"] = Path.Combine(folder, "contactcenter.db"),
        ["DataProtection:KeysPath"] = Path.Combine(folder, "keys"),
        ["DemoData:CustomerCount"] = "500",
        ["Sip:Transport:UdpPort"] = "0",
        ["Sip:Transport:TcpPort"] = "0",
    };

    public Task<HttpClient> ApiAsync(string userName) => SignInAsync(BaseAddress, userName);

    /// <summary>A client signed in as <paramref name="userName"/> at <paramref name="baseAddress"/> (a node or a balancer in front).</summary>
    public static async Task<HttpClient> SignInAsync(Uri baseAddress, string userName)
    {
        var http = new HttpClient { BaseAddress = baseAddress };
        var response = await http.PostAsJsonAsync("/api/auth/login", new { userName, password = Password });
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    /// <summary>An agent desktop on this node's agent hub, through the SignalR .NET client over WebSockets.</summary>
    public async Task<HubConnection> AgentDesktopAsync(HttpClient signedIn)
    {
        var token = signedIn.DefaultRequestHeaders.Authorization!.Parameter;
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(BaseAddress, "/hubs/agent"), o => o.AccessTokenProvider = () => Task.FromResult(token))
            .AddJsonProtocol()
            .Build();
        await connection.StartAsync();
        return connection;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }
}
