namespace TelecomContactCenter.Core.Routing;

/// <summary>What the agent chose on the desktop. Only Available agents are offered calls.</summary>
public enum AgentStatus
{
    LoggedOut,
    Available,

    /// <summary>Not ready, with a reason (lunch, training, or "missed 2 offers in a row" when the ACD sets it).</summary>
    OnBreak,
}

/// <summary>What the system is doing with the agent, independent of <see cref="AgentStatus"/>.</summary>
public enum AgentState
{
    Idle,

    /// <summary>A call is offered: the agent's phone rings and the screen pop is shown.</summary>
    Ringing,
    InCall,

    /// <summary>The call has ended; the agent records the disposition and offer outcomes.</summary>
    WrapUp,
}

/// <summary>An agent as the ACD sees it, for the supervisor board and the agent desktop.</summary>
public sealed record AgentSnapshot(
    AgentId Id,
    AgentStatus Status,
    string? BreakReason,
    AgentState State,
    IReadOnlyDictionary<string, int> Skills,
    DateTimeOffset? IdleSince,
    CallId? Call,
    int ConsecutiveMissedOffers);
