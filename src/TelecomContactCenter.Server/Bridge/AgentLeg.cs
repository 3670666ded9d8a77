using TelecomContactCenter.Core.Routing;
using TelecomContactCenter.Media.Calls;
using TelecomContactCenter.Sip.UserAgent;

namespace TelecomContactCenter.Server.Bridge;

/// <summary>
/// The agent's phone leg of a call (an inbound call's or a callback's): whose phone it rings and the placed INVITE
/// (<see cref="OutboundLeg"/>: its media lease, its ringing, cancelled to send CANCEL, and once answered its dialog).
/// </summary>
internal sealed class AgentLeg(AgentId agent, OutboundLeg outbound)
{
    public AgentId Agent { get; } = agent;

    public OutboundLeg Outbound { get; } = outbound;

    public string SipCallId => Outbound.SipCallId;

    public CallMedia Media => Outbound.Media;

    public CancellationTokenSource Ringing => Outbound.Ringing;

    /// <summary>The agent's dialog once their phone answered.</summary>
    public SipCall? Sip => Outbound.Sip;
}
