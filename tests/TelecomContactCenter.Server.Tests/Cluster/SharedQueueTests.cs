using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using TelecomContactCenter.Server.Tests.Bridge;
using TelecomContactCenter.Server.Tests.Hubs;
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
        var follower = cluster.Follower;
        var agent = await cluster.AgentOnAsync(follower, "Available");

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
        cluster.Passed = run.ExitCode == 0 && run.Successful == calls;
        var rows = new List<(string? Node, string? Agent, string? Disposition, DateTimeOffset? QueuedAt, string? Notes)>();
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
        var (leader, follower) = (cluster.Leader, cluster.Follower);
        var agent = await cluster.AgentOnAsync(leader, "OnBreak", "training");

        var first = CallerTo(follower.Sip);
        await QueuedAsync(cluster.Database, follower.Name);
        var second = CallerTo(leader.Sip);
        await QueuedAsync(cluster.Database, leader.Name);

        await agent.SetStatusAsync("Available");
        var offeredFirst = await agent.AnswerNextAsync();
        await agent.HangUpAndWrapUpAsync();
        var offeredSecond = await agent.AnswerNextAsync();
        await agent.HangUpAndWrapUpAsync();
        var (firstRun, secondRun) = (await first, await second);
        var firstRow = await WrappedUpRowAsync(cluster.Database, offeredFirst);
        var secondRow = await WrappedUpRowAsync(cluster.Database, offeredSecond);
        cluster.Passed = firstRow.Node == follower.Name;

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
        var (leader, follower) = (cluster.Leader, cluster.Follower);
        var agent = await cluster.AgentOnAsync(leader, "OnBreak", "training");
        var caller = CallerTo(follower.Sip);
        var queuedAt = await QueuedAsync(cluster.Database, follower.Name);

        var led = await LeaderKilledAsync(cluster, agent);
        var restored = await agent.StateUntilAsync(s => s.GetProperty("status").GetString() == "OnBreak");
        await agent.SetStatusAsync("Available");
        var answered = await agent.AnswerNextAsync();
        await agent.HangUpAndWrapUpAsync();
        var run = await caller;
        var row = await WrappedUpRowAsync(cluster.Database, answered);
        cluster.Passed = run.ExitCode == 0 && row.Node == follower.Name;

        output.WriteLine($"{leader.Name} killed; {led.Leader} leads; call {answered} {row}, queued at {queuedAt:o}, after: {row.QueuedAt:o}");
        Assert.True(run.ExitCode == 0 && run.Successful == 1, run.Describe());
        Assert.Equal(follower.Name, led.Leader);
        Assert.Equal(("training", follower.Name), (restored.GetProperty("breakReason").GetString(), agent.HaproxyNode()));
        Assert.Equal((follower.Name, "agent1", "Resolved"), (row.Node, row.Agent, row.Disposition));
        Assert.Equal(queuedAt, row.QueuedAt);
    }

    [Fact]
    public async Task LeaderKilled_AgentOnACallTheFollowerOwns_StaysOnItUnderTheNewLeader_TheWrapUpKeepsItsNotes()
    {
        await using var cluster = await StartAsync("shared_queue_connected");
        var (leader, follower) = (cluster.Leader, cluster.Follower);
        var agent = await cluster.AgentOnAsync(leader, "Available");
        var caller = CallerTo(follower.Sip);
        var callId = await agent.AnswerNextAsync();
        await agent.InvokeAsync("SetNotes", callId, "Roaming charges disputed");

        await LeaderKilledAsync(cluster, agent);
        var kept = await agent.StateUntilAsync(s => s.GetProperty("callId").GetString() == callId);
        await agent.HangUpAndWrapUpAsync();
        var run = await caller;
        var row = await WrappedUpRowAsync(cluster.Database, callId);
        cluster.Passed = run.ExitCode == 0 && row.Notes is not null;

        output.WriteLine($"{leader.Name} killed while agent1 was on {callId} of {follower.Name}: {kept}; record {row}");
        Assert.Equal(("InCall", callId), (kept.GetProperty("state").GetString(), kept.GetProperty("callId").GetString()));
        Assert.True(run.ExitCode == 0 && run.Successful == 1, run.Describe());
        Assert.Equal((follower.Name, "agent1", "Resolved", "Roaming charges disputed"), (row.Node, row.Agent, row.Disposition, row.Notes));
    }

    [Fact]
    public async Task FollowerKilledWhileItsCallRingsAnAgentOnTheLeader_TheAgentIsFreed_TheCallEndedByNodeFailure()
    {
        await using var cluster = await StartAsync("shared_queue_dead_owner");
        var (leader, follower) = (cluster.Leader, cluster.Follower);
        var agent = await cluster.AgentOnAsync(leader, "Available");

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
        cluster.Passed = ended.Disposition == "NodeFailure";

        output.WriteLine($"{follower.Name} killed while {callId} rang agent1: {freed}; record {ended}");
        Assert.Equal(("Ringing", callId), (ringing.GetProperty("state").GetString(), ringing.GetProperty("callId").GetString()));
        Assert.Equal(("Available", "Idle"), (freed.GetProperty("status").GetString(), freed.GetProperty("state").GetString()));
        Assert.Equal(("NodeFailure", follower.Name), ended);
    }

    [Fact]
    public async Task WallboardOnTheFollower_ShowsTheLeadersQueueAndAgents_AndHearsTheLeadersChanges()
    {
        await using var cluster = await StartAsync("shared_queue_board");
        var (leader, follower) = (cluster.Leader, cluster.Follower);
        var agent = await cluster.AgentOnAsync(leader, "OnBreak", "training");
        var caller = CallerTo(follower.Sip);
        await QueuedAsync(cluster.Database, follower.Name);
        using var supervisor = await ClusterNode.SignInAsync(follower.BaseAddress, "supervisor1");
        await using var board = await HubTestClient.SupervisorAsync(new Uri(follower.BaseAddress, "/hubs/supervisor"),
            supervisor.DefaultRequestHeaders.Authorization!.Parameter!);

        var queues = await board.NextAsync("QueueStatistics");
        var agents = await board.NextAsync("AgentStates");
        await agent.SetStatusAsync("Available");
        var pushed = await board.NextAsync("AgentStates", a => Row(a, "agent1") is { } row && row.GetProperty("status").GetString() == "Available", Wait);
        await agent.AnswerNextAsync();
        await agent.HangUpAndWrapUpAsync();
        var run = await caller;
        cluster.Passed = run.ExitCode == 0;

        output.WriteLine($"board on {follower.Name}: {queues}; {agents}; then {pushed}");
        var vip = Assert.Single(queues.EnumerateArray(), q => q.GetProperty("waiting").GetInt32() > 0);
        Assert.Equal(1, vip.GetProperty("waiting").GetInt32());
        var onBreak = Row(agents, "agent1")!.Value;
        Assert.Equal(("OnBreak", "training", true), (onBreak.GetProperty("status").GetString(), onBreak.GetProperty("breakReason").GetString(), onBreak.GetProperty("desktopConnected").GetBoolean()));
        Assert.True(run.ExitCode == 0 && run.Successful == 1, run.Describe());
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
        cluster.Passed = served.IsSuccessStatusCode;

        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal(cluster.Leader.Name, (await served.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("node").GetString());
        Assert.Equal(HttpStatusCode.NotFound, proxiedAnswer.StatusCode);
    }

    /// <summary>One Platinum caller straight to a node, waiting (up to two minutes) for the agent's hang-up.</summary>
    private Task<SippRun> CallerTo(IPEndPoint node) =>
        Sipp.RunAsync(_scenarios.Write($"waiting-{Guid.NewGuid():N}.xml", CallerWaitingForTheService()), node,
            ["-s", "10000", "-key", "caller", Platinum, "-m", "1", "-timeout", "120s"], deadline: TimeSpan.FromSeconds(125));

    /// <summary>SIGKILL to the leader; once the follower leads and the agent's desktop has reconnected (to it), what the cluster looks like.</summary>
    private static async Task<NodeFailureTests.ClusterSeen> LeaderKilledAsync(Cluster cluster, ClusterDesktop agent)
    {
        cluster.Leader.Kill();
        using var supervisor = await ClusterNode.SignInAsync(cluster.Haproxy.BaseAddress, "supervisor1");
        var led = await NodeFailureTests.ClusterUntilAsync(supervisor, c => c.Leader == cluster.Follower.Name);
        await agent.ReconnectedAsync();
        return led;
    }

    private async Task<Cluster> StartAsync(string name)
    {
        var cluster = new Cluster(await TwoNodeCluster.StartAsync(postgres, _folder, name), output);
        try
        {
            using var supervisor = await ClusterNode.SignInAsync(cluster.Haproxy.BaseAddress, "supervisor1");
            var leader = await NodeFailureTests.ClusterUntilAsync(supervisor, c => c.Leader is not null && c.Alive.Count == 2);
            cluster.Lead(leader.Leader!);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Waits (at most <see cref="Wait"/>) until the leader has recorded a call of <paramref name="node"/> as queued and
    /// not yet ended; when it was queued.
    /// </summary>
    private static Task<DateTimeOffset> QueuedAsync(string database, string node) =>
        RowAsync(database, "SELECT \"QueuedAt\" FROM interactions WHERE \"Node\" = @key AND \"QueuedAt\" IS NOT NULL AND \"EndedAt\" IS NULL " +
            "ORDER BY \"QueuedAt\" DESC LIMIT 1", node, r => r.GetFieldValue<DateTimeOffset>(0));

    /// <summary>The interaction of <paramref name="callId"/> once its wrap-up is saved (at most <see cref="Wait"/>).</summary>
    private static Task<(string? Node, string? Agent, string? Disposition, DateTimeOffset? QueuedAt, string? Notes)> WrappedUpRowAsync(string database, string callId) =>
        RowAsync(database, "SELECT \"Node\", \"Agent\", \"Disposition\", \"QueuedAt\", \"Notes\" FROM interactions WHERE \"CallId\" = @key AND \"WrapUpCompletedAt\" IS NOT NULL",
            callId, r => (Text(r, 0), Text(r, 1), Text(r, 2), r.IsDBNull(3) ? (DateTimeOffset?)null : r.GetFieldValue<DateTimeOffset>(3), Text(r, 4)));

    /// <summary>The disposition and node of <paramref name="callId"/>'s interaction once it is ended (at most <see cref="Wait"/>).</summary>
    private static Task<(string? Disposition, string? Node)> EndedRowAsync(string database, string callId) =>
        RowAsync(database, "SELECT \"Disposition\", \"Node\" FROM interactions WHERE \"CallId\" = @key AND \"EndedAt\" IS NOT NULL",
            callId, r => (Text(r, 0), Text(r, 1)));

    private static string? Text(NpgsqlDataReader reader, int column) => reader.IsDBNull(column) ? null : reader.GetString(column);

    /// <summary>Asks <paramref name="sql"/> (with @key) every 100 ms until it reads a row (at most <see cref="Wait"/>); that row, read.</summary>
    private static async Task<T> RowAsync<T>(string database, string sql, string key, Func<NpgsqlDataReader, T> read)
    {
        using var deadline = new CancellationTokenSource(Wait);
        while (true)
        {
            await using (var connection = new NpgsqlConnection(database))
            {
                await connection.OpenAsync(deadline.Token);
                await using var command = new NpgsqlCommand(sql, connection);
                command.Parameters.AddWithValue("key", key);
                await using var reader = await command.ExecuteReaderAsync(deadline.Token);
                if (await reader.ReadAsync(deadline.Token))
                {
                    return read(reader);
                }
            }

            await Task.Delay(100, deadline.Token);
        }
    }

    /// <summary>The wallboard's row of <paramref name="agent"/> in an AgentStates push, or null.</summary>
    private static JsonElement? Row(JsonElement agents, string agent) =>
        agents.EnumerateArray().Where(a => a.GetProperty("agent").GetString() == agent).Select(a => (JsonElement?)a).FirstOrDefault();

    private static string CallerWaitingForTheService() => NodeFailureTests.CallerWaitingForTheService();

    /// <summary>
    /// The test's <see cref="TwoNodeCluster"/> with which of its nodes leads and agent1's desktop; disposing writes both
    /// nodes' logs to the test's output unless the test got as far as <see cref="Passed"/>.
    /// </summary>
    private sealed class Cluster(TwoNodeCluster nodes, ITestOutputHelper output) : IAsyncDisposable
    {
        private ClusterDesktop? _agent;

        public bool Passed { get; set; }

        public string Database => nodes.Database;

        public KamailioEdge Edge => nodes.Edge;

        public HaproxyServer Haproxy => nodes.Haproxy;

        public string Logs => nodes.Logs;

        public NodeProcess Leader { get; private set; } = null!;

        public NodeProcess Follower { get; private set; } = null!;

        public void Lead(string name) => (Leader, Follower) = name == nodes.Node1.Name ? (nodes.Node1, nodes.Node2) : (nodes.Node2, nodes.Node1);

        /// <summary>agent1's desktop pinned through HAProxy to <paramref name="node"/>, with the status given.</summary>
        public async Task<ClusterDesktop> AgentOnAsync(NodeProcess node, string status, string? reason = null)
        {
            _agent = await ClusterDesktop.StartAsync(Haproxy.BaseAddress, "agent1", node.Name);
            await _agent.SetStatusAsync(status, reason);
            return _agent;
        }

        public async ValueTask DisposeAsync()
        {
            if (!Passed)
            {
                output.WriteLine(Logs);
            }

            if (_agent is not null)
            {
                await _agent.DisposeAsync();
            }

            await nodes.DisposeAsync();
        }
    }
}
