using Microsoft.AspNetCore.Http.HttpResults;
using TelecomContactCenter.Server.Auth;

namespace TelecomContactCenter.Server.Cluster;

/// <summary>Node liveness, the ACD leadership and the agents' shared statuses (see <see cref="ClusterMembership"/>).</summary>
internal static class ClusterSetup
{
    public static WebApplicationBuilder AddClusterMembership(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<ClusterMembership>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ClusterMembership>());
        builder.Services.AddSingleton<AgentStatusStore>();
        return builder;
    }

    public static RouteGroupBuilder MapCluster(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGet("/cluster", ClusterAsync).WithTags("Cluster").RequireAuthorization(Policies.Supervision)
            .WithSummary("Nodes and the ACD leader")
            .WithDescription("Every node of the cluster with its last heartbeat, whether it is alive (a heartbeat within Cluster:NodeTimeout), " +
                "where it listens and whether it leads the ACD, and since when. A single node lists itself as the leader.");
        return api;
    }

    public static async Task<Ok<ClusterView>> ClusterAsync(ClusterMembership membership, CancellationToken cancellationToken)
    {
        var nodes = await membership.NodesAsync(cancellationToken);
        var leader = nodes.FirstOrDefault(n => n.Leader);
        return TypedResults.Ok(new ClusterView(membership.Clustered, membership.Node, leader?.Name, leader?.LeaderSince, nodes));
    }
}
