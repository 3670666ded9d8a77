using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using TelecomContactCenter.Server.Data;
using TelecomContactCenter.Server.Interactions;
using TelecomContactCenter.Server.Tests.Infrastructure;

namespace TelecomContactCenter.Server.Tests.Cluster;

/// <summary>
/// The ACD leadership and a node's own leftovers, on the real host in-process: a leader whose lock session is cut
/// (PostgreSQL ends its backend) steps down and the leadership is taken again in a new term; the status an agent chose
/// on one node is theirs on the next their desktop connects to, and a choice made there is taken up when the desktop
/// comes back; a single node is its own leader, and when it starts it records the calls its previous process left
/// open as ended by node failure.
/// </summary>
public sealed class ClusterMembershipTests(PostgresCluster postgres) : IClassFixture<PostgresCluster>, IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"tcc-membership-{Guid.NewGuid():N}");

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public async Task LeadersLockSessionCut_LeaderStepsDown_AndTheLeadershipIsTakenInANewTerm()
    {
        await using var redis = await RedisServer.StartAsync();
        var (nodeA, nodeB) = await ClusterNode.StartPairAsync(postgres, Path.Combine(_folder, "keys"), "leadership", redis.ConnectionString, extra: new Dictionary<string, string?>
        {
            ["Cluster:Heartbeat"] = "00:00:00.200",
            ["Cluster:LeaderPoll"] = "00:00:00.200",
            ["Cluster:NodeTimeout"] = "00:00:01",
        });
        await using var _ = nodeA;
        await using var __ = nodeB;
        using var supervisor = await nodeB.ApiAsync("supervisor1");
        var before = await ClusterUntilAsync(supervisor, c => c.GetProperty("leader").GetString() is not null
            && c.GetProperty("nodes").EnumerateArray().Count(n => n.GetProperty("alive").GetBoolean()) == 2);

        var cut = await CutLeaderSessionAsync(postgres.ConnectionString("cluster_leadership"));
        var after = await ClusterUntilAsync(supervisor, c => c.GetProperty("leader").GetString() is not null
            && c.GetProperty("leaderSince").GetDateTimeOffset() != before.GetProperty("leaderSince").GetDateTimeOffset());

        Assert.True(cut, "no session held the leadership lock");
        Assert.True(before.GetProperty("clustered").GetBoolean());
        Assert.Contains(after.GetProperty("leader").GetString(), new[] { "node-a", "node-b" });
        Assert.True(after.GetProperty("leaderSince").GetDateTimeOffset() > before.GetProperty("leaderSince").GetDateTimeOffset());
        Assert.Single(after.GetProperty("nodes").EnumerateArray(), n => n.GetProperty("leader").GetBoolean());
    }

    [Fact]
    public async Task AgentsChosenStatus_FollowsTheirDesktopFromNodeToNode_AndBack()
    {
        await using var redis = await RedisServer.StartAsync();
        var (nodeA, nodeB) = await ClusterNode.StartPairAsync(postgres, Path.Combine(_folder, "keys"), "statuses", redis.ConnectionString);
        await using var _ = nodeA;
        await using var __ = nodeB;
        using var agent = await nodeA.ApiAsync("agent3");

        await using (var onA = await nodeA.AgentDesktopAsync(agent))
        {
            await onA.InvokeAsync<JsonElement>("SetStatus", Guid.NewGuid().ToString("N"), "Available", null);
        }

        JsonElement movedToB;
        await using (var onB = await nodeB.AgentDesktopAsync(agent))
        {
            movedToB = await onB.InvokeAsync<JsonElement>("GetState");
            await onB.InvokeAsync<JsonElement>("SetStatus", Guid.NewGuid().ToString("N"), "OnBreak", "lunch");
        }

        await using var backOnA = await nodeA.AgentDesktopAsync(agent);
        var back = await backOnA.InvokeAsync<JsonElement>("GetState");

        Assert.Equal(("Available", "Idle"), (movedToB.GetProperty("status").GetString(), movedToB.GetProperty("state").GetString()));
        Assert.Equal(("OnBreak", "lunch"), (back.GetProperty("status").GetString(), back.GetProperty("breakReason").GetString()));
    }

    [Fact]
    public async Task SingleNode_LeadsItself_AndAtStartEndsTheCallsItsPreviousProcessLeftOpen()
    {
        var settings = ClusterNode.SqliteSettings(_folder);
        settings["Cluster:NodeName"] = "solo";
        var (open, otherNode) = (Guid.NewGuid().ToString("N"), Guid.NewGuid().ToString("N"));
        JsonElement view;
        await using (var node = ClusterNode.Start(settings))
        {
            using var supervisor = await node.ApiAsync("supervisor1");
            view = await supervisor.GetFromJsonAsync<JsonElement>("/api/cluster");
            await using var scope = node.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ContactCenterDbContext>();
            var started = DateTimeOffset.UtcNow.AddMinutes(-1);

            // As a process killed during two calls leaves them: queued or connected, never ended.
            db.Interactions.AddRange(
                new Interaction { CallId = open, Caller = "+8613800000001", Channel = "Voice", StartedAt = started, Node = "solo" },
                new Interaction { CallId = otherNode, Caller = "+8613800000001", Channel = "Voice", StartedAt = started, Node = "elsewhere" });
            await db.SaveChangesAsync();
        }

        await using var restarted = ClusterNode.Start(settings);
        await using var readScope = restarted.Services.CreateAsyncScope();
        var rows = await readScope.ServiceProvider.GetRequiredService<ContactCenterDbContext>().Interactions.AsNoTracking()
            .Where(i => i.CallId == open || i.CallId == otherNode).ToDictionaryAsync(i => i.CallId!);

        Assert.False(view.GetProperty("clustered").GetBoolean());
        Assert.Equal("solo", view.GetProperty("leader").GetString());
        var self = Assert.Single(view.GetProperty("nodes").EnumerateArray());
        Assert.True(self.GetProperty("alive").GetBoolean() && self.GetProperty("leader").GetBoolean());
        Assert.Equal(InteractionWriter.NodeFailureDisposition, rows[open].Disposition);
        Assert.NotNull(rows[open].EndedAt);
        Assert.Null(rows[otherNode].EndedAt);
    }

    [Fact]
    public async Task Stop_AfterTheContainerDisposedTheMembership_EndsQuietlyAndTheHostStops()
    {
        // A host's stop and the disposal of its services can overlap (a test host's do): the stop that comes second
        // must not fail the host's shutdown.
        var settings = ClusterNode.SqliteSettings(_folder);
        var node = ClusterNode.Start(settings);
        using (var supervisor = await node.ApiAsync("supervisor1"))
        {
            Assert.True((await supervisor.GetAsync("/api/cluster")).IsSuccessStatusCode);
        }

        var membership = node.Services.GetRequiredService<TelecomContactCenter.Server.Cluster.ClusterMembership>();
        membership.Dispose();

        await membership.StopAsync(CancellationToken.None);
        await node.DisposeAsync();
    }

    /// <summary>Ends the PostgreSQL backend holding an advisory lock in the test's database (the leader's lock session).</summary>
    private static async Task<bool> CutLeaderSessionAsync(string database)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND granted " +
            "AND database = (SELECT oid FROM pg_database WHERE datname = current_database())", connection);
        return await command.ExecuteScalarAsync() is true;
    }

    private static async Task<JsonElement> ClusterUntilAsync(HttpClient supervisor, Func<JsonElement, bool> until)
    {
        using var deadline = new CancellationTokenSource(Wait);
        while (true)
        {
            var view = await supervisor.GetFromJsonAsync<JsonElement>("/api/cluster", deadline.Token);
            if (until(view))
            {
                return view;
            }

            await Task.Delay(100, deadline.Token);
        }
    }
}
