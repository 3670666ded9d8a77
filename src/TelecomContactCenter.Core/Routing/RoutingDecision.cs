using TelecomContactCenter.Core.Customers;

namespace TelecomContactCenter.Core.Routing;

/// <summary>
/// Something the ACD decided that the host must carry out and record on the interaction, with a reason a supervisor
/// can read ("Platinum +100, waited 12 s +12; longest idle agent with skills vip≥1 (idle 95 s)").
/// </summary>
public abstract record RoutingDecision(string Reason);

/// <summary>Ring the agent's phone and push the screen pop. Report the outcome with OfferAccepted or OfferTimedOut.</summary>
public sealed record OfferCall(CallId CallId, AgentId AgentId, string Reason) : RoutingDecision(Reason);

/// <summary>Stop ringing the agent (CANCEL the INVITE, withdraw the pop): ring timeout, abandonment or the agent left.</summary>
public sealed record CancelOffer(CallId CallId, AgentId AgentId, string Reason) : RoutingDecision(Reason);

/// <summary>The call waited its queue's maximum and moved to another queue; it keeps its place in time.</summary>
public sealed record Overflow(CallId CallId, string FromQueue, string ToQueue, string Reason) : RoutingDecision(Reason);

/// <summary>The call waited its queue's maximum and left the ACD: offer the caller a callback from <paramref name="Queue"/>.</summary>
public sealed record Callback(CallId CallId, string Queue, string Reason) : RoutingDecision(Reason);

/// <summary>The ACD put the agent on break (their desktop should show it).</summary>
public sealed record AgentNotReady(AgentId AgentId, string Reason) : RoutingDecision(Reason);

/// <summary>A call handed to the ACD, usually from the IVR's EnqueueCall action.</summary>
public sealed record QueuedCallRequest
{
    public required CallId CallId { get; init; }

    public required string Queue { get; init; }

    /// <summary>Null for a caller without a customer record.</summary>
    public ValueTier? Tier { get; init; }

    public int PriorityBonus { get; init; }

    /// <summary>Skill → minimum level an agent needs.</summary>
    public IReadOnlyDictionary<string, int> Skills { get; init; } = new Dictionary<string, int>();

    /// <summary>Complaint owner or account manager: the only agent offered the call until <see cref="PreferredAgentTimeout"/> passes.</summary>
    public AgentId? PreferredAgent { get; init; }

    public TimeSpan? PreferredAgentTimeout { get; init; }

    /// <summary>
    /// When the call first joined a queue, for a call taken over from another distributor (its waiting time and place
    /// in the queue carry over); null means now.
    /// </summary>
    public DateTimeOffset? FirstQueuedAt { get; init; }

    /// <summary>The request for a call whose IVR flow ended in a queue state.</summary>
    public static QueuedCallRequest FromIvr(CallId callId, ValueTier? tier, Ivr.EnqueueCall enqueue)
    {
        ArgumentNullException.ThrowIfNull(enqueue);
        return new QueuedCallRequest
        {
            CallId = callId,
            Queue = enqueue.Queue,
            Tier = tier,
            PriorityBonus = enqueue.PriorityBonus,
            Skills = enqueue.Skills,
            PreferredAgent = enqueue.PreferredAgent is { } agent ? new AgentId(agent) : null,
            PreferredAgentTimeout = enqueue.OverflowAfter,
        };
    }
}

/// <summary>
/// Where a waiting call stands in its queue. <see cref="EstimatedWait"/> = position × average handle time of the
/// queue's recent calls ÷ agents signed in and Available with the call's skills (busy or idle); null when no such
/// agent is signed in.
/// </summary>
public sealed record QueuePosition(string Queue, int Position, int Waiting, double Priority, TimeSpan? EstimatedWait);

/// <summary>One waiting or ringing call, for the supervisor board.</summary>
public sealed record QueuedCallSnapshot(CallId CallId, string Queue, ValueTier? Tier, double Priority, TimeSpan Waited, AgentId? RingingAgent);
