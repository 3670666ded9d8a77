using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using TelecomContactCenter.Server.Tests.Bridge;
using TelecomContactCenter.Server.Tests.Infrastructure;
using TelecomContactCenter.Sip.UserAgent;
using TelecomContactCenter.Testing;

namespace TelecomContactCenter.Server.Tests.Cluster;

/// <summary>
/// A phone's registration outlives the node that accepted it: after a restart the agent's phone is still registered
/// (the 200 OK promised that until its expiry), and in a cluster a phone registered through node A is the agent's
/// phone on node B too. Real sipp phones registering with digest; SQLite for one node, PostgreSQL and Redis for two.
/// </summary>
public sealed class SharedRegistrationTests(PostgresCluster postgres) : IClassFixture<PostgresCluster>, IDisposable
{
    private const string Agent = "agent1";
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"tcc-registrations-{Guid.NewGuid():N}");
    private readonly ScenarioFolder _scenarios = new();

    public void Dispose()
    {
        _scenarios.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public async Task PhoneRegistered_NodeRestarted_AgentsPhoneStillRegisteredWithoutANewRegister()
    {
        var settings = ClusterNode.SqliteSettings(_folder);
        string before;
        await using (var node = ClusterNode.Start(settings))
        {
            before = await DeviceAsync(node);
            await RegisterPhoneAsync(node);
        }

        await using var restarted = ClusterNode.Start(settings);
        var after = await DeviceAsync(restarted);

        Assert.Equal("Desktop", before);
        Assert.Equal("SipPhone", after);
    }

    [Fact]
    public async Task PhoneUnregistered_NodeRestarted_AgentBackOnTheDesktop()
    {
        var settings = ClusterNode.SqliteSettings(_folder);
        var phonePort = ScenarioFolder.FreePort();
        string registered;
        await using (var node = ClusterNode.Start(settings))
        {
            await RegisterPhoneAsync(node, phonePort);
            registered = await DeviceAsync(node);
            await RegisterPhoneAsync(node, phonePort, expires: 0);
        }

        await using var restarted = ClusterNode.Start(settings);
        var after = await DeviceAsync(restarted);

        Assert.Equal("SipPhone", registered);
        Assert.Equal("Desktop", after);
    }

    [Fact]
    public async Task PhoneRegisteredThroughNodeA_AgentOnNodeB_HasTheirPhone()
    {
        await using var redis = await RedisServer.StartAsync();
        var database = await postgres.CreateDatabaseAsync("cluster_registrations");
        var settings = new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Postgres",
            ["Database:PostgresConnectionString"] = database,
            ["DataProtection:KeysPath"] = Path.Combine(_folder, "keys"),
            ["DemoData:CustomerCount"] = "500",
            ["Sip:Transport:UdpPort"] = "0",
            ["Sip:Transport:TcpPort"] = "0",
            ["Cluster:Redis"] = redis.ConnectionString,
            ["Cluster:NodeName"] = "node-a",
            ["Cluster:Key"] = ClusterNode.Key,
        };
        await using var nodeA = ClusterNode.Start(settings);
        settings["Cluster:NodeName"] = "node-b";
        await using var nodeB = ClusterNode.Start(settings);
        using var agent = await nodeB.ApiAsync(Agent);
        await using var desktop = await nodeB.AgentDesktopAsync(agent);
        var before = await StateAsync(desktop);

        await RegisterPhoneAsync(nodeA);
        var after = await WaitForDeviceAsync(desktop, "SipPhone");

        Assert.Equal("Desktop", before.GetProperty("device").GetString());
        Assert.Equal("SipPhone", after.GetProperty("device").GetString());
    }

    [Fact]
    public void Start_ClusterOnSqlite_FailsNamingTheDatabaseProvider()
    {
        using var node = new ServerFactory(
            new Dictionary<string, string?>
            {
                ["Database:SqlitePath"] = Path.Combine(_folder, "contactcenter.db"),
                ["Cluster:Redis"] = "127.0.0.1:6379",
                ["Cluster:NodeName"] = "node-a",
            },
            new Microsoft.Extensions.Time.Testing.FakeTimeProvider());

        var error = Assert.ThrowsAny<Exception>(() => node.Server);

        Assert.Contains("Database:Provider", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Start_ClusterWithoutNodeName_FailsNamingClusterNodeName()
    {
        using var node = new ServerFactory(
            new Dictionary<string, string?>
            {
                ["Database:SqlitePath"] = Path.Combine(_folder, "contactcenter.db"),
                ["Cluster:Redis"] = "127.0.0.1:6379",
            },
            new Microsoft.Extensions.Time.Testing.FakeTimeProvider());

        var error = Assert.ThrowsAny<Exception>(() => node.Server);

        Assert.Contains("Cluster:NodeName", error.Message, StringComparison.Ordinal);
    }

    /// <summary>A sipp phone registers <see cref="Agent"/> (from <paramref name="phonePort"/>; <paramref name="expires"/> 0 removes the binding).</summary>
    private async Task RegisterPhoneAsync(ClusterNode node, string? phonePort = null, int expires = 600)
    {
        var sip = node.Services.GetRequiredService<SipStack>().UdpEndPoint;
        var registered = await Sipp.RunAsync(
            _scenarios.Write($"register-{sip.Port}-{expires}.xml", BridgeScenarios.Register(Agent, expires: expires)),
            new IPEndPoint(IPAddress.Loopback, sip.Port),
            ["-p", phonePort ?? ScenarioFolder.FreePort(), "-m", "1"]);
        Assert.True(registered.ExitCode == 0, registered.Describe());
    }

    private static async Task<string> DeviceAsync(ClusterNode node)
    {
        using var agent = await node.ApiAsync(Agent);
        await using var desktop = await node.AgentDesktopAsync(agent);
        return (await StateAsync(desktop)).GetProperty("device").GetString()!;
    }

    private static Task<JsonElement> StateAsync(HubConnection desktop) =>
        desktop.InvokeAsync<JsonElement>("GetState");

    /// <summary>The agent's state as node B computes it, read until it shows <paramref name="device"/> (30 s at most).</summary>
    private static async Task<JsonElement> WaitForDeviceAsync(HubConnection desktop, string device)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var state = await StateAsync(desktop);
            if (state.GetProperty("device").GetString() == device || deadline.IsCancellationRequested)
            {
                return state;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), CancellationToken.None);
        }
    }
}
