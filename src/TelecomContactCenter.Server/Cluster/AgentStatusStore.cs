using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using TelecomContactCenter.Core.Routing;
using TelecomContactCenter.Server.Data;

namespace TelecomContactCenter.Server.Cluster;

/// <summary>
/// The agents' chosen statuses in <c>agent_statuses</c>, in a cluster only (a single node keeps them in its ACD as
/// before): written through when an agent chooses one, so a desktop that reconnects to any node finds the agent as
/// they left themselves. A node applies a saved status only when it is newer than the last one it saw for the agent
/// (saved here or read before), so a status the ACD set by itself since (a break after missed offers) is not undone
/// by a reconnect, while a choice made on another node since is taken up. Times are the saving node's clock.
/// Thread-safe: each call uses a scope of its own; what was seen is a concurrent map.
/// </summary>
internal sealed class AgentStatusStore(ClusterMembership membership, IServiceScopeFactory scopes, TimeProvider time)
{
    /// <summary>The longest break reason kept; a longer one is cut there.</summary>
    public const int MaxReasonLength = 200;

    private readonly ConcurrentDictionary<string, DateTimeOffset> _seen = new(StringComparer.Ordinal);

    public bool Shared => membership.Clustered;

    /// <summary>Saves the status the agent chose; completes once it is committed (nothing when not in a cluster).</summary>
    public async Task SaveAsync(string agent, AgentStatus status, string? reason, CancellationToken cancellationToken)
    {
        if (!Shared)
        {
            return;
        }

        var breakReason = status == AgentStatus.OnBreak ? reason?.Trim() : null;
        if (breakReason is { Length: > MaxReasonLength })
        {
            breakReason = breakReason[..MaxReasonLength];
        }

        var changedAt = time.GetUtcNow();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ContactCenterDbContext>();
        await db.Database.ExecuteSqlAsync(
            $"""
            INSERT INTO agent_statuses ("Agent", "Status", "BreakReason", "ChangedAt", "Node")
            VALUES ({agent}, {status.ToString()}, {breakReason}, {changedAt}, {membership.Node})
            ON CONFLICT ("Agent") DO UPDATE SET "Status" = excluded."Status", "BreakReason" = excluded."BreakReason",
                "ChangedAt" = excluded."ChangedAt", "Node" = excluded."Node"
            """,
            cancellationToken);
        _seen[agent] = changedAt;
    }

    /// <summary>
    /// The status the agent last chose on any node, when this node has not seen it yet; null when not in a cluster,
    /// never chosen, or already seen here.
    /// </summary>
    public Task<(AgentStatus Status, string? Reason)?> UnseenChoiceAsync(string agent, CancellationToken cancellationToken) =>
        ChoiceAsync(agent, unseenOnly: true, cancellationToken);

    /// <summary>The status the agent last chose on any node, seen here or not; null when not in a cluster or never chosen.</summary>
    public Task<(AgentStatus Status, string? Reason)?> LatestChoiceAsync(string agent, CancellationToken cancellationToken) =>
        ChoiceAsync(agent, unseenOnly: false, cancellationToken);

    private async Task<(AgentStatus Status, string? Reason)?> ChoiceAsync(string agent, bool unseenOnly, CancellationToken cancellationToken)
    {
        if (!Shared)
        {
            return null;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ContactCenterDbContext>();
        var row = await db.Set<SharedAgentStatus>().AsNoTracking().FirstOrDefaultAsync(s => s.Agent == agent, cancellationToken);
        if (row is null || !Enum.TryParse<AgentStatus>(row.Status, out var status)
            || (unseenOnly && _seen.TryGetValue(agent, out var seen) && row.ChangedAt <= seen))
        {
            return null;
        }

        _seen[agent] = row.ChangedAt;
        return (status, row.BreakReason);
    }
}
