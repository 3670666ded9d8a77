using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR.Client;
using TelecomContactCenter.Server.Tests.Infrastructure;

namespace TelecomContactCenter.Server.Tests.Cluster;

/// <summary>
/// Two nodes on one PostgreSQL database, an agent's desktop on node B and a supervisor on node A: the supervisor's
/// decision reaches the agent through the Redis backplane, and without <c>Cluster:Redis</c> it does not.
/// </summary>
public sealed class RedisBackplaneTests(PostgresCluster postgres) : IClassFixture<PostgresCluster>, IDisposable
{
    private const string Agent = "agent3";
    private readonly string _keys = Path.Combine(Path.GetTempPath(), $"tcc-cluster-keys-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_keys))
        {
            Directory.Delete(_keys, recursive: true);
        }
    }

    [Fact]
    public async Task DiscountApprovedOnNodeA_AgentDesktopOnNodeB_ReceivesTheDecision()
    {
        await using var redis = await RedisServer.StartAsync();
        var (nodeA, nodeB) = await StartNodesAsync("backplane", redis.ConnectionString);
        await using var _ = nodeA;
        await using var __ = nodeB;
        using var agent = await nodeB.ApiAsync(Agent);
        using var supervisor = await nodeA.ApiAsync("supervisor1");
        await using var desktop = await nodeB.AgentDesktopAsync(agent);
        var decisions = Decisions(desktop);

        var id = await RequestDiscountAsync(agent);
        var approved = await supervisor.PostAsJsonAsync($"/api/discounts/{id}/approve", new { note = "Valued customer" });
        var pushed = await NextDecisionAsync(decisions);

        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        Assert.Equal(id, pushed.GetProperty("id").GetInt64());
        Assert.Equal("supervisor1", pushed.GetProperty("decidedBy").GetString());
    }

    [Fact]
    public async Task DiscountApprovedOnNodeA_WithoutBackplane_NeverReachesDesktopOnNodeB()
    {
        var (nodeA, nodeB) = await StartNodesAsync("single", redis: null);
        await using var _ = nodeA;
        await using var __ = nodeB;
        await AssertNodeADecisionNeverReachesNodeBAsync(nodeA, nodeB);
    }

    [Fact]
    public async Task DiscountApprovedOnNodeA_SameRedisOtherChannelPrefix_NeverReachesDesktopOnNodeB()
    {
        await using var redis = await RedisServer.StartAsync();
        var (nodeA, nodeB) = await StartNodesAsync("prefixes", redis.ConnectionString, channelPrefixB: "tcc-other");
        await using var _ = nodeA;
        await using var __ = nodeB;
        await AssertNodeADecisionNeverReachesNodeBAsync(nodeA, nodeB);
    }

    [Fact]
    public async Task Start_RedisUnreachable_FailsNamingClusterRedis()
    {
        var database = await postgres.CreateDatabaseAsync("cluster_unreachable");
        int port;
        using (var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        using var node = new ServerFactory(
            new Dictionary<string, string?>
            {
                ["Database:Provider"] = "Postgres",
                ["Database:PostgresConnectionString"] = database,
                ["Cluster:Redis"] = $"127.0.0.1:{port},connectTimeout=2000",
                ["Cluster:NodeName"] = "node-a",
                ["Cluster:Key"] = ClusterNode.Key,
            },
            new Microsoft.Extensions.Time.Testing.FakeTimeProvider());

        var error = Assert.ThrowsAny<Exception>(() => node.Server);

        Assert.Contains("Cluster:Redis", error.Message, StringComparison.Ordinal);
        Assert.Contains($"127.0.0.1:{port}", error.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// Approves one request on node A, then a second on the agent's own node B: the second is delivered, so a
    /// delivery of the first would have arrived before it on the same connection.
    /// </summary>
    private static async Task AssertNodeADecisionNeverReachesNodeBAsync(ClusterNode nodeA, ClusterNode nodeB)
    {
        using var agent = await nodeB.ApiAsync(Agent);
        using var supervisorOnA = await nodeA.ApiAsync("supervisor1");
        using var supervisorOnB = await nodeB.ApiAsync("supervisor1");
        await using var desktop = await nodeB.AgentDesktopAsync(agent);
        var decisions = Decisions(desktop);

        var onA = await RequestDiscountAsync(agent);
        var approvedOnA = await supervisorOnA.PostAsJsonAsync($"/api/discounts/{onA}/approve", new { note = "Valued customer" });
        var onB = await RequestDiscountAsync(agent, otherCustomer: true);
        var approvedOnB = await supervisorOnB.PostAsJsonAsync($"/api/discounts/{onB}/approve", new { note = "Second outage" });
        var first = await NextDecisionAsync(decisions);

        Assert.Equal(HttpStatusCode.OK, approvedOnA.StatusCode);
        Assert.Equal(HttpStatusCode.OK, approvedOnB.StatusCode);
        Assert.Equal(onB, first.GetProperty("id").GetInt64());
    }

    private Task<(ClusterNode A, ClusterNode B)> StartNodesAsync(string name, string? redis, string? channelPrefixB = null) =>
        ClusterNode.StartPairAsync(postgres, _keys, name, redis, channelPrefixB);

    /// <summary>The discount approvals pushed to <paramref name="desktop"/>, in order.</summary>
    internal static Channel<JsonElement> Decisions(HubConnection desktop)
    {
        var decisions = Channel.CreateUnbounded<JsonElement>();
        desktop.On<JsonElement>("DiscountChanged", d =>
        {
            if (d.GetProperty("status").GetString() == "Approved")
            {
                decisions.Writer.TryWrite(d);
            }
        });
        return decisions;
    }

    internal static async Task<JsonElement> NextDecisionAsync(Channel<JsonElement> decisions)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        return await decisions.Reader.ReadAsync(timeout.Token);
    }

    /// <summary>
    /// Asks, as the agent, for a discount above the agent's own rung: it waits for a supervisor. A second request in
    /// a test is for <paramref name="otherCustomer"/>: discounts in force add up on the ladder, so a second one for
    /// the same Standard customer would pass the tier cap.
    /// </summary>
    internal static async Task<long> RequestDiscountAsync(HttpClient agent, bool otherCustomer = false)
    {
        var (phone, percent) = otherCustomer ? ("+8613800000002", 20) : ("+8613800000004", 8);
        var customer = await agent.GetFromJsonAsync<JsonElement>($"/api/customers/by-phone/{Uri.EscapeDataString(phone)}");
        var response = await agent.PostAsJsonAsync("/api/discounts",
            new { customerId = customer.GetProperty("customerId").GetInt64(), percent, months = 3, reason = "Outage on 1 Nov" });
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Pending", created.GetProperty("status").GetString());
        return created.GetProperty("id").GetInt64();
    }
}
