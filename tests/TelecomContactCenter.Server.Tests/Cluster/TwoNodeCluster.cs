using TelecomContactCenter.Server.Tests.Bridge;
using TelecomContactCenter.Server.Tests.Infrastructure;

namespace TelecomContactCenter.Server.Tests.Cluster;

/// <summary>
/// A two-node cluster as operators run it, for one test: Redis, a fresh PostgreSQL database, the built server in two
/// child processes (node1, node2), Kamailio's dispatcher in front of their SIP and HAProxy in front of their HTTP.
/// Platinum callers are tried on their account manager for 1 s before the VIP desk. Disposing stops them all.
/// </summary>
internal sealed class TwoNodeCluster : IAsyncDisposable
{
    private readonly RedisServer _redis;

    private TwoNodeCluster(RedisServer redis, string database, NodeProcess node1, NodeProcess node2, KamailioEdge edge, HaproxyServer haproxy)
    {
        _redis = redis;
        Database = database;
        Node1 = node1;
        Node2 = node2;
        Edge = edge;
        Haproxy = haproxy;
    }

    public string Database { get; }

    public NodeProcess Node1 { get; }

    public NodeProcess Node2 { get; }

    public KamailioEdge Edge { get; }

    public HaproxyServer Haproxy { get; }

    /// <summary>What both nodes logged, for a failure's message.</summary>
    public string Logs => Node1.Log + Node2.Log;

    /// <summary>Starts everything on database <paramref name="name"/>, the nodes' folders under <paramref name="folder"/>.</summary>
    public static async Task<TwoNodeCluster> StartAsync(PostgresCluster postgres, DirectoryInfo folder, string name)
    {
        var redis = await RedisServer.StartAsync();
        var database = await postgres.CreateDatabaseAsync(name);
        var settings = Settings(folder, database, redis.ConnectionString);
        var node1 = await NodeProcess.StartAsync("node1", settings);
        var node2 = await NodeProcess.StartAsync("node2", settings);
        var edge = await KamailioEdge.StartAsync("dispatcher.cfg", (edgeFolder, port) =>
        {
            var list = Path.Combine(edgeFolder, "dispatcher.list");
            File.WriteAllLines(list, [$"1 sip:{node1.Sip}", $"1 sip:{node2.Sip}"]);
            return [$"EDGE_LISTEN=udp:127.0.0.1:{port}", $"DISPATCHER_LIST=\"{list}\"", "PROBE_INTERVAL=1", "NODE_TIMEOUT=1000"];
        });
        var haproxy = await HaproxyServer.StartAsync(node1.BaseAddress, node2.BaseAddress);
        return new TwoNodeCluster(redis, database, node1, node2, edge, haproxy);
    }

    public async ValueTask DisposeAsync()
    {
        await Haproxy.DisposeAsync();
        await Edge.DisposeAsync();
        await Node2.DisposeAsync();
        await Node1.DisposeAsync();
        await _redis.DisposeAsync();
    }

    /// <summary>The settings every node of a two-node test shares: its data folders under <paramref name="folder"/>.</summary>
    private static Dictionary<string, string> Settings(DirectoryInfo folder, string database, string redis)
    {
        var flows = Path.Combine(folder.FullName, "ivr-flows");
        Directory.CreateDirectory(flows);
        var shipped = Path.Combine(NodeProcess.ServerFolder(), "ivr-flows");
        foreach (var file in Directory.EnumerateFiles(shipped, "*.json"))
        {
            // A Platinum caller's account manager is tried for 1 s, not 15, before the VIP desk.
            File.WriteAllText(Path.Combine(flows, Path.GetFileName(file)), File.ReadAllText(file).Replace(
                "\"target\": \"accountManager\", \"overflowAfterSeconds\": 15", "\"target\": \"accountManager\", \"overflowAfterSeconds\": 1",
                StringComparison.Ordinal));
        }

        return new Dictionary<string, string>
        {
            ["Database:Provider"] = "Postgres",
            ["Database:PostgresConnectionString"] = database,
            ["DataProtection:KeysPath"] = Path.Combine(folder.FullName, "keys"),
            ["DemoData:CustomerCount"] = "500",
            ["Cluster:Redis"] = redis,
            ["Cluster:Key"] = ClusterNode.Key,
            ["Cluster:Heartbeat"] = "00:00:00.500",
            ["Cluster:LeaderPoll"] = "00:00:00.500",
            ["Cluster:NodeTimeout"] = "00:00:02",
            ["Ivr:FlowsPath"] = flows,
            ["Media:PromptFolder"] = Path.Combine(shipped, "prompts"),
            ["Media:BindAddress"] = "127.0.0.1",
        };
    }
}
