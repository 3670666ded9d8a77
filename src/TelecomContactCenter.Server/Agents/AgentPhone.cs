using TelecomContactCenter.Core.Routing;

namespace TelecomContactCenter.Server.Agents;

/// <summary>What the agent's phone is asked to ring for: the call, who is calling and how long to ring.</summary>
internal sealed record AgentCallOffer(CallId CallId, AgentId AgentId, string? CallerE164, string? CallerDisplay, TimeSpan RingTimeout);

/// <summary>How a ring attempt started. The answer itself arrives later through <see cref="Contact.ICallEntry.CallAnsweredAsync"/>.</summary>
internal enum RingResult
{
    /// <summary>The phone (or the desktop, in desktop-answer mode) is alerting the agent.</summary>
    Ringing,

    /// <summary>No phone and no desktop to ring: the ACD re-offers the call elsewhere at once.</summary>
    Unreachable,

    /// <summary>The phone refused at once (486 Busy Here, 603 Decline): treated like a ring timeout.</summary>
    Rejected,

    /// <summary>
    /// The service had no RTP port free for the agent's leg, known before anything was sent: the call waits at the
    /// head of its queue and the agent, who did nothing wrong, is neither popped nor charged a missed offer.
    /// </summary>
    NoMediaPort,
}

/// <summary>
/// The agent's phone leg. The SIP layer implements it with an INVITE to the registered phone (and reports 200 OK
/// through <see cref="Contact.ICallEntry.CallAnsweredAsync"/>); <see cref="DesktopAnswerPhone"/> is the implementation
/// for agents without a phone, who accept on the desktop with the hub method AcceptCall.
/// </summary>
internal interface IAgentPhone
{
    ValueTask<RingResult> RingAsync(AgentCallOffer offer, CancellationToken cancellationToken);

    /// <summary>Stop ringing (CANCEL): ring timeout, the caller abandoned, or the agent left Available.</summary>
    ValueTask CancelAsync(CallId callId, AgentId agentId, CancellationToken cancellationToken);

    /// <summary>
    /// The agent accepted on the desktop (no phone answered): the caller's call now counts as answered by the agent, so
    /// the caller's BYE ends it as a talk rather than an abandonment.
    /// </summary>
    ValueTask AnsweredOnDesktopAsync(CallId callId, AgentId agentId, CancellationToken cancellationToken);

    /// <summary>The agent hung up on the desktop: the caller's leg (and the agent's phone leg, if any) is released with BYE.</summary>
    ValueTask HangUpAsync(CallId callId, AgentId agentId, CancellationToken cancellationToken);

    /// <summary>
    /// Hold (or resume) from the desktop: the caller hears the queue prompt while held. True when done; false when the
    /// call cannot be held from the desktop (with a phone the agent holds on the phone, which the bridge relays).
    /// </summary>
    ValueTask<bool> HoldAsync(CallId callId, AgentId agentId, bool hold, CancellationToken cancellationToken);

    /// <summary>How the agent takes calls now: <see cref="AgentDevice.SipPhone"/> with a registered phone, otherwise on the desktop.</summary>
    AgentDevice DeviceOf(AgentId agentId);
}

/// <summary>Where an agent's calls are answered: a registered SIP phone, or the desktop (no audio path to the agent).</summary>
internal enum AgentDevice
{
    Desktop,
    SipPhone,
}

/// <summary>
/// Desktop-answer mode: the "phone" is the agent's desktop, so ringing succeeds while the agent has a connected
/// desktop and the screen pop is the alert. Stateless apart from the connection registry it reads.
/// </summary>
internal sealed class DesktopAnswerPhone(AgentConnections connections) : IAgentPhone
{
    public ValueTask<RingResult> RingAsync(AgentCallOffer offer, CancellationToken cancellationToken) =>
        ValueTask.FromResult(connections.IsConnected(offer.AgentId.Value) ? RingResult.Ringing : RingResult.Unreachable);

    public ValueTask CancelAsync(CallId callId, AgentId agentId, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask AnsweredOnDesktopAsync(CallId callId, AgentId agentId, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask HangUpAsync(CallId callId, AgentId agentId, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask<bool> HoldAsync(CallId callId, AgentId agentId, bool hold, CancellationToken cancellationToken) => ValueTask.FromResult(false);

    public AgentDevice DeviceOf(AgentId agentId) => AgentDevice.Desktop;
}
