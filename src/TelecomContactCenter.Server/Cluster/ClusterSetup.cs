using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection.Extensions;
using TelecomContactCenter.Server.Acd;
using TelecomContactCenter.Server.AgentDesk;
using TelecomContactCenter.Server.Agents;
using TelecomContactCenter.Server.Auth;
using TelecomContactCenter.Server.Bridge;
using TelecomContactCenter.Server.Contact;

namespace TelecomContactCenter.Server.Cluster;

/// <summary>
/// Node liveness, the ACD leadership and the agents' shared statuses (see <see cref="ClusterMembership"/>), and in a
/// cluster the one queue order: the call entry, the agent phone and the agent desk become the cluster's, which hand
/// every call and desk operation to the ACD leader and carry out its offers on the node owning each call. Registered
/// after the call path, whose single-node registrations it replaces; a single node keeps them as they are.
/// </summary>
internal static class ClusterSetup
{
    public static WebApplicationBuilder AddClusterMembership(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddSingleton<ClusterMembership>();
        services.AddHostedService(sp => sp.GetRequiredService<ClusterMembership>());
        services.AddSingleton<AgentStatusStore>();
        if (builder.Configuration.GetSection(ClusterOptions.Section).Get<ClusterOptions>() is not { Enabled: true })
        {
            services.AddSingleton<IAgentDesk>(sp => sp.GetRequiredService<Desk>());
            return builder;
        }

        // One request per hand-over and per ring: ClusterPeers logs what fails, not every request.
        services.AddHttpClient(ClusterPeers.HttpClientName, http => http.Timeout = TimeSpan.FromSeconds(10)).RemoveAllLoggers();
        services.AddSingleton<ClusterPeers>();
        services.AddSingleton<CallOwners>();
        services.AddSingleton<OwnedCalls>();
        services.AddSingleton<ClusterCallEntry>();
        services.Replace(ServiceDescriptor.Singleton<ICallEntry>(sp => sp.GetRequiredService<ClusterCallEntry>()));
        services.TryAddSingleton<SipAgentPhone>();
        services.Replace(ServiceDescriptor.Singleton<IAgentPhone, ClusterAgentPhone>());
        services.AddSingleton<LeaderDuties>();
        services.AddSingleton<ClusterDesk>();
        services.AddSingleton<IAgentDesk>(sp => sp.GetRequiredService<ClusterDesk>());
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
