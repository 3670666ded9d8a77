using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using TelecomContactCenter.Server.Complaints;
using TelecomContactCenter.Server.Data;
using TelecomContactCenter.Server.Hubs;
using TelecomContactCenter.Server.Offers;

namespace TelecomContactCenter.Server.Wallboard;

/// <summary>
/// Pushes the wallboard when something changed (never on a poll): queue statistics, agent states and the KPIs,
/// each only when it differs from what was last pushed. Single consumer of <see cref="BoardChanges"/>, so its
/// "last pushed" fields are touched by one loop only. With no wallboard open nothing is built: a supervisor who
/// connects gets the current board from <see cref="SendCurrentAsync"/>. In a cluster only the ACD leader's runtime
/// holds the queue: the leader pushes (to every node's wallboards, through the backplane) and the other nodes do not,
/// and a wallboard opening on another node is sent the leader's board. The leader builds nothing while no wallboard
/// is open anywhere: each node tells it how many are open there (<see cref="WatchAsync"/>, versioned so a late message
/// cannot undo a newer one), a new leader asks every node at takeover, and a dead node's count is dropped.
/// </summary>
internal sealed partial class SupervisorFeed(
    BoardChanges changes, WallboardReadModel readModel, IHubContext<SupervisorHub, ISupervisorClient> supervisors,
    IServiceScopeFactory scopes, Cluster.ClusterMembership membership, IServiceProvider services, ILogger<SupervisorFeed> logger) : BackgroundService
{
    private string _lastQueues = "";
    private string _lastAgents = "";
    private string _lastKpis = "";
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte> _watching = new(StringComparer.Ordinal);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Cluster.BoardWatchers> _watchingElsewhere = new(StringComparer.Ordinal);
    // Starts from the wall clock, so a node restarted before the leader noticed its death still sends newer counts.
    private long _version = DateTimeOffset.UtcNow.UtcTicks;

    /// <summary>
    /// A wallboard connected (<see cref="SupervisorHub"/>); pushes resume. In a cluster the leader hears this node's
    /// count before the call returns, so the board sent next is followed by the leader's changes.
    /// </summary>
    public Task WatchAsync(string connectionId, CancellationToken cancellationToken)
    {
        _watching[connectionId] = 0;
        return TellLeaderAsync(cancellationToken);
    }

    /// <summary>A wallboard disconnected (safe to call twice for one connection).</summary>
    public async Task UnwatchAsync(string connectionId)
    {
        if (_watching.TryRemove(connectionId, out _))
        {
            try
            {
                await TellLeaderAsync(CancellationToken.None);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The leader builds a board nobody reads until a new leader asks this node again.
                LogWatchersUntold(logger, ex);
            }
        }
    }

    /// <summary>As the leader: the wallboards open on another node, unless a newer count from it is already known.</summary>
    public void WatchedElsewhere(Cluster.BoardWatchers watchers)
    {
        ArgumentNullException.ThrowIfNull(watchers);
        _watchingElsewhere.AddOrUpdate(watchers.Node, watchers, (_, known) => watchers.Version > known.Version ? watchers : known);
    }

    /// <summary>As a new leader (<paramref name="node"/> null: every node) or when a node died: its wallboards no longer count.</summary>
    public void ForgetElsewhere(string? node)
    {
        if (node is null)
        {
            _watchingElsewhere.Clear();
        }
        else
        {
            _watchingElsewhere.TryRemove(node, out _);
        }
    }

    /// <summary>Whether a wallboard is open here or, as far as this node (the leader) was told, on another node.</summary>
    public bool AnyoneWatching => !_watching.IsEmpty || _watchingElsewhere.Any(w => w.Value.Count > 0);

    /// <summary>This node's count, versioned, as the leader is told it and as a new leader asks for it.</summary>
    public Cluster.BoardWatchers Watchers() => new(membership.Node, _watching.Count, Interlocked.Increment(ref _version));

    private async Task TellLeaderAsync(CancellationToken cancellationToken)
    {
        if (services.GetService<Cluster.ClusterPeers>() is not { } peers)
        {
            return;
        }

        var watchers = Watchers();
        await peers.ViaLeaderAsync(() => Task.FromResult(true), async api =>
        {
            await api.WatchersAsync(watchers, cancellationToken);
            return true;
        }, "the count of open wallboards", cancellationToken);
    }

    /// <summary>The current board for a supervisor who just connected.</summary>
    public async Task SendCurrentAsync(ISupervisorClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var board = services.GetService<Cluster.ClusterPeers>() is { } peers
            ? await peers.ViaLeaderAsync(() => Task.FromResult(Local()), api => api.BoardAsync(cancellationToken), "the live board", cancellationToken)
            : Local();
        await client.QueueStatistics(board.Queues);
        await client.AgentStates(board.Agents);
        await client.Kpis(await KpisAsync(cancellationToken));
    }

    private Cluster.BoardViews Local() => new(readModel.QueueStatistics(), readModel.AgentBoard());

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            await changes.WaitAsync(stoppingToken);
            try
            {
                await PushChangesAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogPushFailed(logger, ex);
            }
        }
    }

    private async Task PushChangesAsync(CancellationToken cancellationToken)
    {
        if (membership.Clustered && !membership.IsLeader)
        {
            return;
        }

        if (!AnyoneWatching)
        {
            // Nobody to push to; forget what was pushed so the next watcher's first change is sent in full.
            (_lastQueues, _lastAgents, _lastKpis) = ("", "", "");
            return;
        }

        var queues = readModel.QueueStatistics();
        if (Differs(queues, ref _lastQueues))
        {
            await supervisors.Clients.All.QueueStatistics(queues);
        }

        var agents = readModel.AgentBoard();
        if (Differs(agents.Select(a => a with { SecondsInState = 0 }).ToList(), ref _lastAgents))
        {
            await supervisors.Clients.All.AgentStates(agents);
        }

        var kpis = await KpisAsync(cancellationToken);
        if (Differs(kpis, ref _lastKpis))
        {
            await supervisors.Clients.All.Kpis(kpis);
        }
    }

    private async Task<KpiView> KpisAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ContactCenterDbContext>();
        var (fcr, resolvedCount) = await ComplaintFcr.CountAsync(db, scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow(), cancellationToken);
        var outcomes = await db.OfferOutcomes.AsNoTracking()
            .Where(o => o.Outcome == OfferOutcomeKind.Accepted || o.Outcome == OfferOutcomeKind.Declined)
            .GroupBy(o => o.Outcome).Select(g => new { Outcome = g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        var offered = outcomes.Sum(o => o.Count);
        var accepted = outcomes.Where(o => o.Outcome == OfferOutcomeKind.Accepted).Sum(o => o.Count);
        return new KpiView(
            resolvedCount == 0 ? null : Math.Round(100.0 * fcr / resolvedCount, 1), resolvedCount,
            offered == 0 ? null : Math.Round(100.0 * accepted / offered, 1), offered);
    }

    private static bool Differs<T>(T value, ref string last)
    {
        var json = JsonSerializer.Serialize(value);
        if (json == last)
        {
            return false;
        }

        last = json;
        return true;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The ACD leader could not be told how many wallboards are open here")]
    private static partial void LogWatchersUntold(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Pushing the supervisor board failed")]
    private static partial void LogPushFailed(ILogger logger, Exception exception);
}
