using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using TelecomContactCenter.Server.Tests.Bridge;
using TelecomContactCenter.Server.Tests.Infrastructure;
using TelecomContactCenter.Testing;
using Xunit.Abstractions;

namespace TelecomContactCenter.Server.Tests.Cluster;

/// <summary>
/// A node killed outright (SIGKILL, as <c>kill -9</c>) in a two-node cluster that runs as operators run it: the
/// built server in two child processes on one PostgreSQL database and one Redis, Kamailio's dispatcher
/// (deploy/kamailio/dispatcher.cfg) in front of their SIP, HAProxy (deploy/haproxy/haproxy.cfg) in front of their
/// HTTP, agent desktops (the SignalR .NET client) pinned through HAProxy to one node each, and sipp callers through
/// Kamailio. Platinum callers go to the VIP desk, where agent1 and agent2 take them on their desktops.
/// <para>
/// First the node that does not lead is killed while its agent is on a call, then, once it has rejoined, the leader
/// while an agent is on a call with it. Each time: the next call through Kamailio is answered by the remaining node
/// within 5 s of the kill (the test's own clock), tried first on the dead node or not as Kamailio's round robin
/// has it (an INVITE the dead node leaves unanswered is retried on the other); the dead node's open call is recorded
/// as ended by node failure by the leader; the desktops that were on it reconnect through HAProxy to the remaining
/// node with the status their agent chose, and its agent is freed of the dead call once the leader has ended it (a
/// desktop may reconnect before the leader has found the node dead); what was acknowledged on the call before the kill (its notes, an offer
/// outcome, a complaint) is there; after the leader's death the leadership moves within 5 s; Kamailio takes the dead
/// node out, and the killed node restarted beats again and Kamailio sends it calls again.
/// </para>
/// </summary>
public sealed partial class NodeFailureTests(PostgresCluster postgres, ITestOutputHelper output) : IClassFixture<PostgresCluster>, IDisposable
{
    private const string Platinum = "+8613800000001";
    private static readonly TimeSpan FailoverBound = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("tcc-node-failure-");
    private readonly ScenarioFolder _scenarios = new();

    public void Dispose()
    {
        _scenarios.Dispose();
        _folder.Delete(recursive: true);
    }

    [Fact]
    public async Task NodeKilled_ThenLeaderKilled_CallsGoOnThroughTheOther_DeadCallsEndedByNodeFailure_AgentsKeepTheirStatus_NodesRejoin()
    {
        await using var cluster = await TwoNodeCluster.StartAsync(postgres, _folder, "cluster_failure");
        var (database, node1, node2, edge, haproxy) = (cluster.Database, cluster.Node1, cluster.Node2, cluster.Edge, cluster.Haproxy);
        try
        {
            using var supervisor = await ClusterNode.SignInAsync(haproxy.BaseAddress, "supervisor1");
            var leader = await ClusterUntilAsync(supervisor, c => c.Leader is not null && c.Alive.Count == 2);
            await using var agent1 = await ClusterDesktop.StartAsync(haproxy.BaseAddress, "agent1", "node1");
            await using var agent2 = await ClusterDesktop.StartAsync(haproxy.BaseAddress, "agent2", "node2");
            await agent1.SetStatusAsync("Available");
            await agent2.SetStatusAsync("Available");

            // Phase 1: a call on each node, both answered (one queue: either agent may take either call); the node
            // that does not lead dies, and with it the call it holds, whichever agent is on it.
            var (victim, survivor) = leader.Leader == "node1" ? (node2, node1) : (node1, node2);
            var (victimAgent, survivorAgent) = victim == node1 ? (agent1, agent2) : (agent2, agent1);
            var callers = CallersWaitingAsync(edge.EndPoint, calls: 2);
            var first = await victimAgent.AnswerNextAsync();
            var second = await survivorAgent.AnswerNextAsync();
            var (victimCall, survivorCall, callAgent) = await NodeOfAsync(database, first) == victim.Name
                ? (first, second, victimAgent)
                : (second, first, survivorAgent);
            await callAgent.InvokeAsync("SetNotes", victimCall, "Roaming charges disputed");
            var declined = await callAgent.DeclineFirstOfferAsync();
            var complaint = await callAgent.ComplaintAsync();
            var callsBeforeKill = new[] { victimCall, survivorCall };

            var firstKill = Stopwatch.StartNew();
            var logAtFirstKill = edge.Log.Length;
            victim.Kill();
            var (nextCall, answeredAfter) = await CallAnsweredAsync(edge, firstKill);
            await victimAgent.ReconnectedAsync();
            var movedState = await victimAgent.StateAsync();
            var ended = await EndedByNodeFailureAsync(database, victimCall);
            var nextNode = await NodeOfAsync(database, nextCall);
            var complaintAfter = await supervisor.GetAsync($"/api/complaints/{complaint}");
            var survivorRow = await RowAsync(database, survivorCall);
            var outcomes = await OfferOutcomesAsync(database, callAgent.Agent, declined);
            var freed = await callAgent.StateUntilAsync(s => s.GetProperty("callId").GetString() != victimCall);

            output.WriteLine($"{victim.Name} killed: next call answered by {nextNode} after {answeredAfter.TotalSeconds:0.00} s{RetriedNote(edge, nextCall)}; " +
                $"call {victimCall} {ended.Disposition} at {ended.EndedAt:o}; agent moved to {victimAgent.HaproxyNode()}: {movedState}");
            Assert.Contains(victimAgent.Pinned == "node1" ? "node2" : "node1", victimAgent.HaproxyNode());
            Assert.True(answeredAfter <= FailoverBound, $"answered {answeredAfter.TotalSeconds:0.00} s after the kill\n{edge.Log}");
            Assert.Equal(survivor.Name, nextNode);
            Assert.Equal(("NodeFailure", victim.Name, "Roaming charges disputed"), (ended.Disposition, ended.Node, ended.Notes));
            Assert.Equal("Available", movedState.GetProperty("status").GetString());
            Assert.Equal(HttpStatusCode.OK, complaintAfter.StatusCode);
            Assert.Equal(1, outcomes);
            Assert.Null(survivorRow.EndedAt);
            Assert.Equal(survivor.Name, survivorRow.Node);
            Assert.Equal("Idle", freed.GetProperty("state").GetString());

            await edge.WaitForLogAsync($"dispatcher: node sip:{victim.Sip} down", Wait, logAtFirstKill);
            var logAtFirstRestart = edge.Log.Length;
            await victim.RestartAsync();
            await edge.WaitForLogAsync($"dispatcher: node sip:{victim.Sip} up", Wait, logAtFirstRestart);
            var rejoined = await ClusterUntilAsync(supervisor, c => c.Alive.Contains(victim.Name) && c.Alive.Count == 2);
            var afterRestart = await CallsThroughAsync(edge, calls: 2);

            Assert.Equal(leader.Leader, rejoined.Leader);
            Assert.Contains(afterRestart, id => edge.Log.Contains($"dispatcher: INVITE {id} to sip:{victim.Sip}", StringComparison.Ordinal));

            // Phase 2: the leader dies while an agent is on a call with it and another of its calls waits (the agent
            // on the survivor's call of phase 1 is still on it).
            var oldLeader = survivor;
            var newLeader = victim;
            var secondCallers = CallersWaitingAsync(oldLeader.Sip, calls: 2);
            // One of those two: a pop of a phase-1 call through the edge (on the other node) may still be offered.
            var leaderCall = await callAgent.AnswerNextAsync(async id => await NodeOfAsync(database, id) == oldLeader.Name);
            var secondKill = Stopwatch.StartNew();
            var logAtSecondKill = edge.Log.Length;
            oldLeader.Kill();
            var (afterLeaderCall, answeredAfterLeader) = await CallAnsweredAsync(edge, secondKill);
            var led = await ClusterUntilAsync(supervisor, c => c.Leader == newLeader.Name);
            var ledAfter = secondKill.Elapsed;
            await Task.WhenAll(agent1.ReconnectedAsync(), agent2.ReconnectedAsync());
            var leaderCallEnded = await EndedByNodeFailureAsync(database, leaderCall);
            var survivorCallEnded = await EndedByNodeFailureAsync(database, survivorCall);
            var states = new[] { await agent1.StateAsync(), await agent2.StateAsync() };
            var afterLeaderNode = await NodeOfAsync(database, afterLeaderCall);

            output.WriteLine($"leader {oldLeader.Name} killed: next call answered by {afterLeaderNode} after {answeredAfterLeader.TotalSeconds:0.00} s{RetriedNote(edge, afterLeaderCall)}; " +
                $"{newLeader.Name} leads after {ledAfter.TotalSeconds:0.00} s; {leaderCallEnded}; {survivorCallEnded}; states {states[0]} {states[1]}");
            Assert.True(answeredAfterLeader <= FailoverBound, $"answered {answeredAfterLeader.TotalSeconds:0.00} s after the leader's kill\n{edge.Log}");
            Assert.Equal(newLeader.Name, afterLeaderNode);
            Assert.True(ledAfter <= FailoverBound, $"leadership moved {ledAfter.TotalSeconds:0.00} s after the kill");
            Assert.Equal(newLeader.Name, led.Leader);
            Assert.Equal(("NodeFailure", oldLeader.Name), (leaderCallEnded.Disposition, leaderCallEnded.Node));
            Assert.Equal(("NodeFailure", oldLeader.Name), (survivorCallEnded.Disposition, survivorCallEnded.Node));
            Assert.All(states, s => Assert.Equal("Available", s.GetProperty("status").GetString()));
            Assert.All(states, s => Assert.DoesNotContain(s.GetProperty("callId").GetString(), callsBeforeKill.Append(leaderCall)));

            await edge.WaitForLogAsync($"dispatcher: node sip:{oldLeader.Sip} down", Wait, logAtSecondKill);
            var logAtSecondRestart = edge.Log.Length;
            await oldLeader.RestartAsync();
            await edge.WaitForLogAsync($"dispatcher: node sip:{oldLeader.Sip} up", Wait, logAtSecondRestart);
            var back = await ClusterUntilAsync(supervisor, c => c.Alive.Count == 2);

            Assert.Equal(newLeader.Name, back.Leader);
            callers.Dispose();
            secondCallers.Dispose();
        }
        catch
        {
            // What the nodes said is the first thing to read when this fails.
            output.WriteLine(node1.Log);
            output.WriteLine(node2.Log);
            throw;
        }
    }

    [Fact]
    public async Task Start_ClusterTimingsOutOfRange_StopsNamingTheKeys()
    {
        using var node = new ServerFactory(
            new Dictionary<string, string?>
            {
                ["Database:Provider"] = "Postgres",
                ["Database:PostgresConnectionString"] = await postgres.CreateDatabaseAsync("cluster_bad_timings"),
                ["Cluster:Redis"] = "127.0.0.1:6379",
                ["Cluster:NodeName"] = "node1",
                ["Cluster:LeaderPoll"] = "00:00:00.01",
                ["Cluster:NodeTimeout"] = "00:00:01",
            },
            new Microsoft.Extensions.Time.Testing.FakeTimeProvider());

        var error = Assert.ThrowsAny<Exception>(() => node.Server);

        Assert.Contains("Cluster:LeaderPoll", error.Message, StringComparison.Ordinal);
        Assert.Contains("Cluster:NodeTimeout", error.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// Platinum callers through the edge (or straight to a node), placed together, each waiting (up to 90 s) for the service to hang up;
    /// disposing kills them.
    /// </summary>
    private Callers CallersWaitingAsync(IPEndPoint to, int calls)
    {
        var scenario = _scenarios.Write($"waiting-{Guid.NewGuid():N}.xml", CallerWaitingForTheService());
        var run = Sipp.RunAsync(scenario, to,
            ["-s", "10000", "-key", "caller", Platinum, "-m", calls.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "-l", calls.ToString(System.Globalization.CultureInfo.InvariantCulture), "-timeout", "90s"],
            deadline: TimeSpan.FromSeconds(95));
        return new Callers(run);
    }

    /// <summary>One call through the edge started now: its Call-ID and how long after <paramref name="since"/> it had been answered and hung up (half a second after its answer).</summary>
    private async Task<(string CallId, TimeSpan Answered)> CallAnsweredAsync(KamailioEdge edge, Stopwatch since)
    {
        var run = await Sipp.RunAsync(_scenarios.Write($"quick-{Guid.NewGuid():N}.xml", KamailioDispatcherTests.CallerHangingUpAlongTheRoute()), edge.EndPoint,
            ["-s", "10000", "-key", "caller", Platinum, "-m", "1"], deadline: Wait);
        var answered = since.Elapsed;
        Assert.True(run.ExitCode == 0 && run.Successful == 1, run.Describe() + "\n" + edge.Log);
        return (CallIdLine().Match(run.Messages).Groups[1].Value.Trim(), answered);
    }

    /// <summary>" (sent to the dead node first, retried)" when the edge retried <paramref name="callId"/> on another node.</summary>
    private static string RetriedNote(KamailioEdge edge, string callId) =>
        edge.Log.Contains($"dispatcher: {callId} retried on ", StringComparison.Ordinal) ? " (sent to the dead node first, retried)" : "";

    /// <summary><paramref name="calls"/> calls through the edge one after another, each answered and hung up; their Call-IDs.</summary>
    private async Task<IReadOnlyList<string>> CallsThroughAsync(KamailioEdge edge, int calls)
    {
        var run = await Sipp.RunAsync(_scenarios.Write($"quick-{Guid.NewGuid():N}.xml", KamailioDispatcherTests.CallerHangingUpAlongTheRoute()), edge.EndPoint,
            ["-s", "10000", "-key", "caller", Platinum, "-m", calls.ToString(System.Globalization.CultureInfo.InvariantCulture), "-l", "1"],
            deadline: Wait);
        Assert.True(run.ExitCode == 0 && run.Successful == calls, run.Describe() + "\n" + edge.Log);
        return [.. CallIdLine().Matches(run.Messages).Select(m => m.Groups[1].Value.Trim()).Distinct()];
    }

    /// <summary>GET /api/cluster until <paramref name="until"/> holds (at most <see cref="Wait"/>).</summary>
    internal static async Task<ClusterSeen> ClusterUntilAsync(HttpClient supervisor, Func<ClusterSeen, bool> until)
    {
        using var deadline = new CancellationTokenSource(Wait);
        ClusterSeen? seen = null;
        while (!deadline.IsCancellationRequested)
        {
            try
            {
                var view = await supervisor.GetFromJsonAsync<JsonElement>("/api/cluster", deadline.Token);
                seen = new ClusterSeen(
                    view.GetProperty("leader").GetString(),
                    [.. view.GetProperty("nodes").EnumerateArray().Where(n => n.GetProperty("alive").GetBoolean()).Select(n => n.GetProperty("name").GetString()!)]);
                if (until(seen))
                {
                    return seen;
                }
            }
            catch (HttpRequestException)
            {
                // HAProxy has not taken a dead node out yet: ask again.
            }

            await Task.Delay(100, CancellationToken.None);
        }

        throw new TimeoutException($"The cluster did not reach the expected state; last seen {seen}.");
    }

    /// <summary>The interaction of <paramref name="callId"/> once it is ended (at most <see cref="Wait"/>).</summary>
    private static async Task<Row> EndedByNodeFailureAsync(string database, string callId)
    {
        using var deadline = new CancellationTokenSource(Wait);
        while (true)
        {
            var row = await RowAsync(database, callId);
            if (row.EndedAt is not null || deadline.IsCancellationRequested)
            {
                return row;
            }

            await Task.Delay(100, CancellationToken.None);
        }
    }

    /// <summary>The node recorded on <paramref name="callId"/>'s interaction once there is one (at most <see cref="Wait"/>).</summary>
    private static async Task<string?> NodeOfAsync(string database, string callId)
    {
        using var deadline = new CancellationTokenSource(Wait);
        while (true)
        {
            var row = await RowAsync(database, callId);
            if (row.Node is not null || deadline.IsCancellationRequested)
            {
                return row.Node;
            }

            await Task.Delay(100, CancellationToken.None);
        }
    }

    private static async Task<Row> RowAsync(string database, string callId)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT \"EndedAt\", \"Disposition\", \"Node\", \"Notes\" FROM interactions WHERE \"CallId\" = @id", connection);
        command.Parameters.AddWithValue("id", callId);
        await using var reader = await command.ExecuteReaderAsync();
        return await reader.ReadAsync()
            ? new Row(reader.IsDBNull(0) ? null : reader.GetFieldValue<DateTimeOffset>(0), reader.IsDBNull(1) ? null : reader.GetString(1),
                reader.IsDBNull(2) ? null : reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3))
            : new Row(null, null, null, null);
    }

    /// <summary>How many Declined outcomes of <paramref name="offerId"/> by <paramref name="agent"/> take-up reporting holds.</summary>
    private static async Task<long> OfferOutcomesAsync(string database, string agent, string offerId)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM offer_outcomes WHERE \"Agent\" = @agent AND \"OfferId\" = @offer AND \"Outcome\" = 'Declined'", connection);
        command.Parameters.AddWithValue("agent", agent);
        command.Parameters.AddWithValue("offer", offerId);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>A caller through the edge: answered, then waiting for the service's BYE (the agent's hang-up).</summary>
    internal static string CallerWaitingForTheService() => $$"""
        <?xml version="1.0" encoding="ISO-8859-1" ?>
        <scenario name="caller through the dispatcher, waiting">
          {{KamailioDispatcherTests.CallerAnsweredThroughTheEdge()}}
          <recv request="BYE" />
          {{BridgeScenarios.UasResponse("200 OK", "")}}
        </scenario>
        """;

    [GeneratedRegex(@"^Call-ID:\s*(\S+)", RegexOptions.Multiline | RegexOptions.IgnoreCase)]
    private static partial Regex CallIdLine();

    internal sealed record ClusterSeen(string? Leader, IReadOnlyList<string> Alive);

    private sealed record Row(DateTimeOffset? EndedAt, string? Disposition, string? Node, string? Notes);

    /// <summary>A sipp run of waiting callers; what it ends with is not asserted (one of its calls dies with its node).</summary>
    private sealed class Callers(Task<SippRun> run) : IDisposable
    {
        public void Dispose() => _ = run.ContinueWith(t => t.Exception, TaskScheduler.Default);
    }
}
