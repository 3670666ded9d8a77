using Microsoft.EntityFrameworkCore;
using TelecomContactCenter.Core.Routing;
using TelecomContactCenter.Server.Data;

namespace TelecomContactCenter.Server.Cluster;

/// <summary>
/// The agents' chosen statuses in <c>agent_statuses</c>, in a cluster only (a single node keeps them in its ACD as
/// before): written through when an agent chooses one, so a desktop that reconnects to any node finds the agent as
/// they left themselves. Stateless; each call uses a scope of its own, so thread-safe.
/// </summary>
internal sealed class AgentStatusStore(ClusterMembership membership, IServiceScopeFactory scopes, TimeProvider time)
{
    /// <summary>The longest break reason kept; a longer one is cut there.</summary>
    public const int MaxReasonLength = 200;

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

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ContactCenterDbContext>();
        await db.Database.ExecuteSqlAsync(
            $"""
            INSERT INTO agent_statuses ("Agent", "Status", "BreakReason", "ChangedAt", "Node")
            VALUES ({agent}, {status.ToString()}, {breakReason}, {time.GetUtcNow()}, {membership.Node})
            ON CONFLICT ("Agent") DO UPDATE SET "Status" = excluded."Status", "BreakReason" = excluded."BreakReason",
                "ChangedAt" = excluded."ChangedAt", "Node" = excluded."Node"
            """,
            cancellationToken);
    }

    /// <summary>The status the agent last chose on any node; null when not in a cluster or never chosen.</summary>
    public async Task<(AgentStatus Status, string? Reason)?> FindAsync(string agent, CancellationToken cancellationToken)
    {
        if (!Shared)
        {
            return null;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ContactCenterDbContext>();
        var row = await db.Set<SharedAgentStatus>().AsNoTracking().FirstOrDefaultAsync(s => s.Agent == agent, cancellationToken);
        return row is not null && Enum.TryParse<AgentStatus>(row.Status, out var status) ? (status, row.BreakReason) : null;
    }
}
