using Refit;
using TelecomContactCenter.Server.Agents;
using TelecomContactCenter.Server.Contact;
using TelecomContactCenter.Server.Hubs;
using TelecomContactCenter.Server.Profiles;

namespace TelecomContactCenter.Server.Cluster;

/// <summary>
/// The internal API one node calls on another (<c>/internal/</c>, never routed by the load balancer, every request
/// carrying <see cref="ClusterOptions.Key"/>). Three parts: the ACD leader's call entry (a node hands it the calls it
/// owns), the owner's phone (the leader has it ring, cancel, hold and hang up the calls it owns) and the leader's
/// agent desk (a node hands it its desktops' requests); plus what a new leader asks every node at takeover.
/// </summary>
internal interface IClusterApi
{
    [Post("/internal/acd/enqueue")]
    Task<EnqueueResult> EnqueueAsync([Body] CallHandoff call, CancellationToken cancellationToken);

    [Post("/internal/acd/abandon")]
    Task AbandonAsync([Body] ClusterCallRequest call, CancellationToken cancellationToken);

    [Post("/internal/acd/answered")]
    Task<bool> AnsweredAsync([Body] ClusterCallRequest call, CancellationToken cancellationToken);

    [Post("/internal/acd/ended")]
    Task EndedAsync([Body] ClusterCallRequest call, CancellationToken cancellationToken);

    [Post("/internal/phone/ring")]
    Task<RingResult> RingAsync([Body] ClusterRingRequest ring, CancellationToken cancellationToken);

    [Post("/internal/phone/cancel")]
    Task CancelAsync([Body] ClusterCallRequest call, CancellationToken cancellationToken);

    [Post("/internal/phone/desktop-answer")]
    Task AnsweredOnDesktopAsync([Body] ClusterCallRequest call, CancellationToken cancellationToken);

    [Post("/internal/phone/hang-up")]
    Task HangUpAsync([Body] ClusterCallRequest call, CancellationToken cancellationToken);

    [Post("/internal/phone/hold")]
    Task<bool> HoldAsync([Body] ClusterCallRequest call, CancellationToken cancellationToken);

    [Post("/internal/desk/{operation}")]
    Task<DeskReply> DeskAsync(string operation, [Body] DeskRequest request, CancellationToken cancellationToken);

    [Get("/internal/node")]
    Task<NodeFacts> FactsAsync(CancellationToken cancellationToken);

    [Get("/internal/board")]
    Task<BoardViews> BoardAsync(CancellationToken cancellationToken);

    [Post("/internal/board/watchers")]
    Task WatchersAsync([Body] BoardWatchers watchers, CancellationToken cancellationToken);
}

/// <summary>
/// How many wallboards are open on <see cref="Node"/>, as the leader is told so it builds the board only while
/// someone reads it; <see cref="Version"/> grows with each count the node sends, so a late message loses to a newer one.
/// </summary>
internal sealed record BoardWatchers(string Node, int Count, long Version);

/// <summary>The leader's live board (queues and agents), for a supervisor whose wallboard opened on another node.</summary>
internal sealed record BoardViews(IReadOnlyList<QueueStatisticsView> Queues, IReadOnlyList<AgentBoardRow> Agents);

/// <summary>A call (and the agent concerned, when there is one) named in a request between nodes.</summary>
internal sealed record ClusterCallRequest(string CallId, string? Agent = null, bool Hold = false);

/// <summary>
/// The leader asks the call's owner to ring the agent; <see cref="DesktopConnected"/> says the agent's desktop is
/// connected somewhere in the cluster (the leader knows; the owner may not), which desktop answer needs.
/// </summary>
internal sealed record ClusterRingRequest(AgentCallOffer Offer, bool DesktopConnected);

/// <summary>
/// One agent-desk operation handed to the leader: the agent, the call, and the operation's own fields; <see cref="Node"/>
/// is the node whose desktop it came from.
/// </summary>
internal sealed record DeskRequest(string Agent)
{
    public string? Node { get; init; }

    public string? CallId { get; init; }

    public string? Status { get; init; }

    public string? Reason { get; init; }

    public bool Hold { get; init; }

    public string? OfferId { get; init; }

    public string? Outcome { get; init; }

    public string? ScriptVersion { get; init; }

    public string? Text { get; init; }

    public Guid? ComplaintId { get; init; }

    public long? CustomerId { get; init; }

    public IReadOnlyList<OfferView>? Offers { get; init; }
}

/// <summary>What the leader's desk answered: one of the views, by operation.</summary>
internal sealed record DeskReply(AgentStateView? State = null, CallStateView? Call = null, WrapUpView? WrapUp = null);

/// <summary>
/// What a node holds, as a new leader asks at takeover: its calls still waiting for an agent (the hand-overs, with
/// their first queued time), those an agent is on, and the agents whose desktops are connected to it.
/// </summary>
internal sealed record NodeFacts(
    string Node, IReadOnlyList<CallHandoff> Waiting, IReadOnlyList<Acd.ConnectedCall> Connected, IReadOnlyList<string> Desktops, BoardWatchers? Wallboards = null);
