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
/// holds the queue: the leader pushes (to every node's wallboards, through the backplane, whether or not one is
/// open on it) and the other nodes do not, and a wallboard opening on another node is sent the leader's board.
/// </summary>
internal sealed partial class SupervisorFeed(
    BoardChanges changes, WallboardReadModel readModel, IHubContext<SupervisorHub, ISupervisorClient> supervisors,
    IServiceScopeFactory scopes, Cluster.ClusterMembership membership, IServiceProvider services, ILogger<SupervisorFeed> logger) : BackgroundService
{
    private string _lastQueues = "";
    private string _lastAgents = "";
    private string _lastKpis = "";
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte> _watching = new(StringComparer.Ordinal);

    /// <summary>A wallboard connected (<see cref="SupervisorHub"/>); pushes resume.</summary>
    public void Watch(string connectionId) => _watching[connectionId] = 0;

    /// <summary>A wallboard disconnected (safe to call twice for one connection).</summary>
    public void Unwatch(string connectionId) => _watching.TryRemove(connectionId, out _);

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

        if (_watching.IsEmpty && !membership.Clustered)
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

    [LoggerMessage(Level = LogLevel.Error, Message = "Pushing the supervisor board failed")]
    private static partial void LogPushFailed(ILogger logger, Exception exception);
}
