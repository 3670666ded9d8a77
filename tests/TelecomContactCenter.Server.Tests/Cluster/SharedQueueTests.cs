using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using TelecomContactCenter.Server.Tests.Bridge;
using TelecomContactCenter.Server.Tests.Infrastructure;
using TelecomContactCenter.Testing;
using Xunit.Abstractions;

namespace TelecomContactCenter.Server.Tests.Cluster;

/// <summary>
/// One queue order across the nodes of a cluster run as operators run it: two built servers in child processes on
/// one PostgreSQL and one Redis, Kamailio's dispatcher in front of their SIP and HAProxy in front of their HTTP, an
/// agent desktop (the SignalR .NET client) pinned through HAProxy to one node, sipp callers. A Platinum caller waits
/// for the VIP desk, which agent1 takes on the desktop. Every call is decided by the ACD leader whichever node holds
/// its SIP leg, and the node holding it carries the offer out.
/// </summary>
public sealed class SharedQueueTests(PostgresCluster postgres, ITestOutputHelper output) : IClassFixture<PostgresCluster>, IDisposable
{
    private const string Platinum = "+8613800000001";
    private static readonly TimeSpan Wait = ClusterDesktop.Wait;
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("tcc-shared-queue-");
    private readonly ScenarioFolder _scenarios = new();

    public void Dispose()
    {
        _scenarios.Dispose();
        _folder.Delete(recursive: true);
    }

    [Fact]
    public async Task CallsThroughKamailio_LandOnBothNodes_EveryOneAnsweredByTheAgentWhoseDesktopIsOnTheFollower()
    {
        await using var cluster = await StartAsync("shared_queue_answered");
        using var logs = new LogsOnFailure(output, cluster);
        var follower = cluster.Follower;
        await using var agent = await ClusterDesktop.StartAsync(cluster.Haproxy.BaseAddress, "agent1", follower.Name);
        await agent.SetStatusAsync("Available");

        const int calls = 4;
        var callers = Sipp.RunAsync(_scenarios.Write("waiting.xml", CallerWaitingForTheService()), cluster.Edge.EndPoint,
            ["-s", "10000", "-key", "caller", Platinum, "-m", $"{calls}", "-l", $"{calls}", "-timeout", "240s"], deadline: TimeSpan.FromSeconds(245));
        var answered = new List<string>();
        for (var i = 0; i < calls; i++)
        {
            answered.Add(await agent.AnswerNextAsync());
            await agent.HangUpAndWrapUpAsync();
        }

        var run = await callers;
        logs.Passed = run.ExitCode == 0 && run.Successful == calls;
        var rows = new List<(string? Node, string? Agent, string? Disposition, DateTimeOffset? QueuedAt)>();
        foreach (var callId in answered)
        {
            rows.Add(await WrappedUpRowAsync(cluster.Database, callId));
        }

        output.WriteLine($"leader {cluster.Leader.Name}; answered on {agent.HaproxyNode()}: {string.Join(", ", rows)}");
        Assert.True(run.ExitCode == 0 && run.Successful == calls, run.Describe() + "\n" + cluster.Edge.Log);
        Assert.Equal(calls, answered.Distinct().Count());
        Assert.Equal(follower.Name, agent.HaproxyNode());
        Assert.All(rows, r => Assert.Equal(("agent1", "Resolved"), (r.Agent, r.Disposition)));
        Assert.Equal(new[] { "node1", "node2" }, rows.Select(r => r.Node).Distinct().Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task OneCallWaitingOnEachNode_AgentBecomesAvailable_TheCallQueuedFirstIsOfferedFirst_OnTheFollowerThoughTheDesktopIsOnTheLeader()
    {
        await using var cluster = await StartAsync("shared_queue_order");
        using var logs = new LogsOnFailure(output, cluster);
        var (leader, follower) = (cluster.Leader, cluster.Follower);
        await using var agent = await ClusterDesktop.StartAsync(cluster.Haproxy.BaseAddress, "agent1", leader.Name);
        await agent.SetStatusAsync("OnBreak", "training");

        var scenario = _scenarios.Write("waiting.xml", CallerWaitingForTheService());
        var first = Sipp.RunAsync(scenario, follower.Sip, ["-s", "10000", "-key", "caller", Platinum, "-m", "1", "-timeout", "240s"], deadline: TimeSpan.FromSeconds(245));
        await QueuedAsync(cluster.Database, follower.Name);
        var second = Sipp.RunAsync(scenario, leader.Sip, ["-s", "10000", "-key", "caller", Platinum, "-m", "1", "-timeout", "240s"], deadline: TimeSpan.FromSeconds(245));
        await QueuedAsync(cluster.Database, leader.Name);

        await agent.SetStatusAsync("Available");
        var offeredFirst = await agent.AnswerNextAsync();
        await agent.HangUpAndWrapUpAsync();
        var offeredSecond = await agent.AnswerNextAsync();
        await agent.HangUpAndWrapUpAsync();
        var (firstRun, secondRun) = (await first, await second);
        var firstRow = await WrappedUpRowAsync(cluster.Database, offeredFirst);
        var secondRow = await WrappedUpRowAsync(cluster.Database, offeredSecond);
        logs.Passed = firstRow.Node == follower.Name;

        output.WriteLine($"leader {leader.Name}: offered first {offeredFirst} {firstRow}, then {offeredSecond} {secondRow}");
        Assert.True(firstRun.ExitCode == 0 && firstRun.Successful == 1, firstRun.Describe());
        Assert.True(secondRun.ExitCode == 0 && secondRun.Successful == 1, secondRun.Describe());
        Assert.Equal(follower.Name, firstRow.Node);
        Assert.Equal(leader.Name, secondRow.Node);
        Assert.All([firstRow, secondRow], r => Assert.Equal(("agent1", "Resolved"), (r.Agent, r.Disposition)));
        Assert.True(firstRow.QueuedAt < secondRow.QueuedAt, $"queued at {firstRow.QueuedAt:o} and {secondRow.QueuedAt:o}");
    }

    [Fact]
    public async Task LeaderKilled_CallWaitingOnTheFollower_FollowerLeads_TheCallIsAnsweredKeepingItsQueuedTime()
    {
        await using var cluster = await StartAsync("shared_queue_takeover");
        using var logs = new LogsOnFailure(output, cluster);
        var (leader, follower) = (cluster.Leader, cluster.Follower);
        await using var agent = await ClusterDesktop.StartAsync(cluster.Haproxy.BaseAddress, "agent1", leader.Name);
        await agent.SetStatusAsync("OnBreak", "training");
        var caller = Sipp.RunAsync(_scenarios.Write("waiting.xml", CallerWaitingForTheService()), follower.Sip,
            ["-s", "10000", "-key", "caller", Platinum, "-m", "1", "-timeout", "120s"], deadline: TimeSpan.FromSeconds(125));
        var queuedAt = await QueuedAsync(cluster.Database, follower.Name);

        leader.Kill();
        using var supervisor = await ClusterNode.SignInAsync(cluster.Haproxy.BaseAddress, "supervisor1");
        var led = await NodeFailureTests.ClusterUntilAsync(supervisor, c => c.Leader == follower.Name);
        await agent.ReconnectedAsync();
        var restored = await agent.StateUntilAsync(s => s.GetProperty("status").GetString() == "OnBreak");
        await agent.SetStatusAsync("Available");
        var answered = await agent.AnswerNextAsync();
        await agent.HangUpAndWrapUpAsync();
        var run = await caller;
        var row = await WrappedUpRowAsync(cluster.Database, answered);
        logs.Passed = run.ExitCode == 0 && row.Node == follower.Name;

        output.WriteLine($"{leader.Name} killed; {led.Leader} leads; call {answered} {row}, queued at {queuedAt:o}, after: {row.QueuedAt:o}");
        Assert.True(run.ExitCode == 0 && run.Successful == 1, run.Describe());
        Assert.Equal(follower.Name, led.Leader);
        Assert.Equal(("training", follower.Name), (restored.GetProperty("breakReason").GetString(), agent.HaproxyNode()));
        Assert.Equal((follower.Name, "agent1", "Resolved"), (row.Node, row.Agent, row.Disposition));
        Assert.Equal(queuedAt, row.QueuedAt);
    }

    [Fact]
    public async Task FollowerKilledWhileItsCallRingsAnAgentOnTheLeader_TheAgentIsFreed_TheCallEndedByNodeFailure()
    {
        await using var cluster = await StartAsync("shared_queue_dead_owner");
        using var logs = new LogsOnFailure(output, cluster);
        var (leader, follower) = (cluster.Leader, cluster.Follower);
        await using var agent = await ClusterDesktop.StartAsync(cluster.Haproxy.BaseAddress, "agent1", leader.Name);
        await agent.SetStatusAsync("Available");

        // The caller dies with the node's answer to it; sipp gives up on its own after a minute, unawaited.
        _ = Sipp.RunAsync(_scenarios.Write("waiting.xml", CallerWaitingForTheService()), follower.Sip,
            ["-s", "10000", "-key", "caller", Platinum, "-m", "1", "-timeout", "60s"], deadline: TimeSpan.FromSeconds(65))
            .ContinueWith(t => t.Exception, TaskScheduler.Default);
        var pop = await agent.NextPopAsync();
        var callId = pop.GetProperty("callId").GetString()!;
        var ringing = await agent.StateAsync();

        follower.Kill();
        var freed = await agent.StateUntilAsync(s => s.GetProperty("callId").ValueKind == JsonValueKind.Null);
        var ended = await EndedRowAsync(cluster.Database, callId);
        logs.Passed = ended.Disposition == "NodeFailure";

        output.WriteLine($"{follower.Name} killed while {callId} rang agent1: {freed}; record {ended}");
        Assert.Equal(("Ringing", callId), (ringing.GetProperty("state").GetString(), ringing.GetProperty("callId").GetString()));
        Assert.Equal(("Available", "Idle"), (freed.GetProperty("status").GetString(), freed.GetProperty("state").GetString()));
        Assert.Equal(("NodeFailure", follower.Name), ended);
    }

    [Fact]
    public async Task InternalApi_WithoutTheClusterKeyOrThroughHaproxy_IsRefused()
    {
        await using var cluster = await StartAsync("shared_queue_key");
        using var direct = new HttpClient { BaseAddress = cluster.Leader.BaseAddress };
        using var wrong = new HttpRequestMessage(HttpMethod.Get, "/internal/node");
        wrong.Headers.Add("X-Cluster-Key", "not-the-cluster-key-at-all");
        using var right = new HttpRequestMessage(HttpMethod.Get, "/internal/node");
        right.Headers.Add("X-Cluster-Key", ClusterNode.Key);
        using var proxied = new HttpClient { BaseAddress = cluster.Haproxy.BaseAddress };
        using var throughHaproxy = new HttpRequestMessage(HttpMethod.Get, "/internal/node");
        throughHaproxy.Headers.Add("X-Cluster-Key", ClusterNode.Key);

        var missing = await direct.GetAsync(new Uri("/internal/node", UriKind.Relative));
        var refused = await direct.SendAsync(wrong);
        var served = await direct.SendAsync(right);
        var proxiedAnswer = await proxied.SendAsync(throughHaproxy);

        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal(cluster.Leader.Name, (await served.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("node").GetString());
        Assert.Equal(HttpStatusCode.NotFound, proxiedAnswer.StatusCode);
    }

    private async Task<Cluster> StartAsync(string name)
    {
        var redis = await RedisServer.StartAsync();
        var database = await postgres.CreateDatabaseAsync(name);
        var settings = NodeFailureTests.Settings(_folder, database, redis.ConnectionString);
        var node1 = await NodeProcess.StartAsync("node1", settings);
        var node2 = await NodeProcess.StartAsync("node2", settings);
        var edge = await KamailioEdge.StartAsync("dispatcher.cfg", (folder, port) =>
        {
            var list = Path.Combine(folder, "dispatcher.list");
            File.WriteAllLines(list, [$"1 sip:{node1.Sip}", $"1 sip:{node2.Sip}"]);
            return [$"EDGE_LISTEN=udp:127.0.0.1:{port}", $"DISPATCHER_LIST=\"{list}\"", "PROBE_INTERVAL=1", "NODE_TIMEOUT=1000"];
        });
        var haproxy = await HaproxyServer.StartAsync(node1.BaseAddress, node2.BaseAddress);
        var cluster = new Cluster(redis, database, node1, node2, edge, haproxy);
        try
        {
            using var supervisor = await ClusterNode.SignInAsync(haproxy.BaseAddress, "supervisor1");
            var leader = await NodeFailureTests.ClusterUntilAsync(supervisor, c => c.Leader is not null && c.Alive.Count == 2);
            cluster.Lead(leader.Leader!);
            return cluster;
        }
        catch
        {
            output.WriteLine(node1.Log + node2.Log);
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Waits (at most <see cref="Wait"/>) until the leader has recorded a call of <paramref name="node"/> as queued and
    /// not yet ended; when it was queued.
    /// </summary>
    private static async Task<DateTimeOffset> QueuedAsync(string database, string node)
    {
        using var deadline = new CancellationTokenSource(Wait);
        while (true)
        {
            await using (var connection = new NpgsqlConnection(database))
            {
                await connection.OpenAsync(deadline.Token);
                await using var command = new NpgsqlCommand(
                    "SELECT max(\"QueuedAt\") FROM interactions WHERE \"Node\" = @node AND \"QueuedAt\" IS NOT NULL AND \"EndedAt\" IS NULL", connection);
                command.Parameters.AddWithValue("node", node);
                if (await command.ExecuteScalarAsync(deadline.Token) is DateTime queued)
                {
                    return new DateTimeOffset(queued, TimeSpan.Zero);
                }
            }

            await Task.Delay(100, deadline.Token);
        }
    }

    /// <summary>The interaction of <paramref name="callId"/> once its wrap-up is saved (at most <see cref="Wait"/>).</summary>
    private static async Task<(string? Node, string? Agent, string? Disposition, DateTimeOffset? QueuedAt)> WrappedUpRowAsync(string database, string callId)
    {
        using var deadline = new CancellationTokenSource(Wait);
        while (true)
        {
            await using (var connection = new NpgsqlConnection(database))
            {
                await connection.OpenAsync(deadline.Token);
                await using var command = new NpgsqlCommand(
                    "SELECT \"Node\", \"Agent\", \"Disposition\", \"QueuedAt\" FROM interactions WHERE \"CallId\" = @id AND \"WrapUpCompletedAt\" IS NOT NULL", connection);
                command.Parameters.AddWithValue("id", callId);
                await using var reader = await command.ExecuteReaderAsync(deadline.Token);
                if (await reader.ReadAsync(deadline.Token))
                {
                    return (reader.IsDBNull(0) ? null : reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1),
                        reader.IsDBNull(2) ? null : reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetFieldValue<DateTimeOffset>(3));
                }
            }

            await Task.Delay(100, deadline.Token);
        }
    }

    /// <summary>The disposition and node of <paramref name="callId"/>'s interaction once it is ended (at most <see cref="Wait"/>).</summary>
    private static async Task<(string? Disposition, string? Node)> EndedRowAsync(string database, string callId)
    {
        using var deadline = new CancellationTokenSource(Wait);
        while (true)
        {
            await using (var connection = new NpgsqlConnection(database))
            {
                await connection.OpenAsync(deadline.Token);
                await using var command = new NpgsqlCommand(
                    "SELECT \"Disposition\", \"Node\" FROM interactions WHERE \"CallId\" = @id AND \"EndedAt\" IS NOT NULL", connection);
                command.Parameters.AddWithValue("id", callId);
                await using var reader = await command.ExecuteReaderAsync(deadline.Token);
                if (await reader.ReadAsync(deadline.Token))
                {
                    return (reader.IsDBNull(0) ? null : reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1));
                }
            }

            await Task.Delay(100, deadline.Token);
        }
    }

    /// <summary>A caller: answered by the IVR, then waiting for the service's BYE (the agent's hang-up).</summary>
    private static string CallerWaitingForTheService() => $$"""
        <?xml version="1.0" encoding="ISO-8859-1" ?>
        <scenario name="caller waiting for the agent">
          {{KamailioDispatcherTests.CallerAnsweredThroughTheEdge()}}
          <recv request="BYE" />
          {{BridgeScenarios.UasResponse("200 OK", "")}}
        </scenario>
        """;

    /// <summary>Writes both nodes' logs to the test's output unless the test got as far as <see cref="Passed"/>.</summary>
    private sealed class LogsOnFailure(ITestOutputHelper output, Cluster cluster) : IDisposable
    {
        public bool Passed { get; set; }

        public void Dispose()
        {
            if (!Passed)
            {
                output.WriteLine(cluster.Logs);
            }
        }
    }

    /// <summary>Redis, the two nodes, the Kamailio edge and HAProxy of one test; disposing stops them all.</summary>
    private sealed class Cluster(RedisServer redis, string database, NodeProcess node1, NodeProcess node2, KamailioEdge edge, HaproxyServer haproxy)
        : IAsyncDisposable
    {
        public string Database => database;

        public KamailioEdge Edge => edge;

        public HaproxyServer Haproxy => haproxy;

        /// <summary>What both nodes logged, for a failure's message.</summary>
        public string Logs => node1.Log + node2.Log;

        public NodeProcess Leader { get; private set; } = null!;

        public NodeProcess Follower { get; private set; } = null!;

        public void Lead(string name) => (Leader, Follower) = name == node1.Name ? (node1, node2) : (node2, node1);

        public async ValueTask DisposeAsync()
        {
            await haproxy.DisposeAsync();
            await edge.DisposeAsync();
            await node2.DisposeAsync();
            await node1.DisposeAsync();
            await redis.DisposeAsync();
        }
    }
}
