using TelecomContactCenter.Core.Routing;
using TelecomContactCenter.Server.Agents;
using TelecomContactCenter.Server.Bridge;
using TelecomContactCenter.Server.Cluster;

namespace TelecomContactCenter.Server.Acd;

/// <summary>
/// The agent phone of the ACD leader in a cluster (<see cref="IAgentPhone"/>): an offer is carried out by the node
/// that owns the call (<see cref="CallOwners"/>), since only it has the caller's leg to bridge: this node's own
/// <see cref="SipAgentPhone"/> for its calls, the owner's internal API for the others' (which rings the agent's phone,
/// registrations being shared, and reports the answer back through its call entry). A request the owner cannot take
/// (it died, say) is a ring that failed at once, so the call goes to the next agent; the other operations are logged
/// and dropped, as the owner's death ends the call anyway. Stateless.
/// </summary>
internal sealed partial class ClusterAgentPhone(
    SipAgentPhone local, CallOwners owners, ClusterPeers peers, ClusterMembership membership, AgentConnections connections,
    ILogger<ClusterAgentPhone> logger) : IAgentPhone
{
    public async ValueTask<RingResult> RingAsync(AgentCallOffer offer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(offer);
        if (Remote(offer.CallId) is not { } owner)
        {
            return await local.RingAsync(offer, cancellationToken);
        }

        var ring = new ClusterRingRequest(offer, connections.IsConnected(offer.AgentId.Value));
        return await OnOwnerAsync(owner, "ring", offer.CallId, api => api.RingAsync(ring, cancellationToken), RingResult.Rejected, cancellationToken);
    }

    public ValueTask CancelAsync(CallId callId, AgentId agentId, CancellationToken cancellationToken) =>
        Remote(callId) is { } owner
            ? OnOwnerAsync(owner, "cancel", callId, api => api.CancelAsync(new ClusterCallRequest(callId.Value, agentId.Value), cancellationToken), cancellationToken)
            : local.CancelAsync(callId, agentId, cancellationToken);

    public ValueTask AnsweredOnDesktopAsync(CallId callId, AgentId agentId, CancellationToken cancellationToken) =>
        Remote(callId) is { } owner
            ? OnOwnerAsync(owner, "desktop answer", callId, api => api.AnsweredOnDesktopAsync(new ClusterCallRequest(callId.Value, agentId.Value), cancellationToken), cancellationToken)
            : local.AnsweredOnDesktopAsync(callId, agentId, cancellationToken);

    public ValueTask HangUpAsync(CallId callId, AgentId agentId, CancellationToken cancellationToken) =>
        Remote(callId) is { } owner
            ? OnOwnerAsync(owner, "hang-up", callId, api => api.HangUpAsync(new ClusterCallRequest(callId.Value, agentId.Value), cancellationToken), cancellationToken)
            : local.HangUpAsync(callId, agentId, cancellationToken);

    public async ValueTask<bool> HoldAsync(CallId callId, AgentId agentId, bool hold, CancellationToken cancellationToken) =>
        Remote(callId) is { } owner
            ? await OnOwnerAsync(owner, "hold", callId, api => api.HoldAsync(new ClusterCallRequest(callId.Value, agentId.Value, hold), cancellationToken), false, cancellationToken)
            : await local.HoldAsync(callId, agentId, hold, cancellationToken);

    /// <summary>Registrations are shared, so any node knows the agent's device.</summary>
    public AgentDevice DeviceOf(AgentId agentId) => local.DeviceOf(agentId);

    /// <summary>The call's owner when it is another node; null for this node's own calls.</summary>
    private string? Remote(CallId callId) => owners.Of(callId) is { } owner && owner != membership.Node ? owner : null;

    private async ValueTask OnOwnerAsync(string owner, string what, CallId callId, Func<IClusterApi, Task> call, CancellationToken cancellationToken) =>
        await OnOwnerAsync(owner, what, callId, async api =>
        {
            await call(api);
            return true;
        }, false, cancellationToken);

    /// <summary>Runs <paramref name="call"/> on the call's owner; a request it cannot take is logged and answered <paramref name="failed"/>.</summary>
    private async Task<T> OnOwnerAsync<T>(string owner, string what, CallId callId, Func<IClusterApi, Task<T>> call, T failed, CancellationToken cancellationToken)
    {
        try
        {
            return await peers.OnNodeAsync(owner, call, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogOwnerFailed(logger, ex, what, callId.Value, owner);
            return failed;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The {What} of call {CallId} could not be handed to its owner {Node}")]
    private static partial void LogOwnerFailed(ILogger logger, Exception exception, string what, string callId, string node);
}
