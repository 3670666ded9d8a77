using TelecomContactCenter.Core.Routing;
using TelecomContactCenter.Server.Hubs;
using TelecomContactCenter.Server.Profiles;

namespace TelecomContactCenter.Server.AgentDesk;

/// <summary>
/// The agent desk as the hub and the profile service ask it: <see cref="Desk"/> on a single node and on the ACD
/// leader, <see cref="ClusterDesk"/> on every node of a cluster (the leader's desk, in process or over the internal
/// API). A refusal is a <see cref="DeskRefusedException"/> either way.
/// </summary>
internal interface IAgentDesk
{
    Task<AgentStateView> StateOfAsync(string agent, CancellationToken cancellationToken);

    /// <summary>A desktop of the agent's connected to this node: their saved status is restored.</summary>
    Task ConnectedAsync(string agent, CancellationToken cancellationToken);

    /// <summary>The agent's last desktop on this node closed.</summary>
    Task DisconnectedAsync(string agent, CancellationToken cancellationToken);

    Task<AgentStateView> SetStatusAsync(string agent, AgentStatus status, string? reason, CancellationToken cancellationToken);

    Task<CallStateView> AcceptAsync(string agent, CallId callId, CancellationToken cancellationToken);

    Task<CallStateView> HangUpAsync(string agent, CallId callId, CancellationToken cancellationToken);

    Task<CallStateView> HoldAsync(string agent, CallId callId, bool hold, CancellationToken cancellationToken);

    Task<WrapUpView> RecordOfferOutcomeAsync(string agent, CallId callId, string offerId, string outcome, string scriptVersion, CancellationToken cancellationToken);

    Task<WrapUpView> SetDispositionAsync(string agent, CallId callId, string disposition, CancellationToken cancellationToken);

    Task<WrapUpView> SetNotesAsync(string agent, CallId callId, string? notes, CancellationToken cancellationToken);

    Task<WrapUpView> CompleteWrapUpAsync(string agent, CallId callId, CancellationToken cancellationToken);

    Task LinkComplaintAsync(string agent, Guid complaintId, CancellationToken cancellationToken);

    Task RefreshOffersAsync(long customerId, IReadOnlyList<OfferView> offers, CancellationToken cancellationToken);
}
