using TelecomContactCenter.Core.Routing;
using TelecomContactCenter.Media.Calls;
using TelecomContactCenter.Sip.UserAgent;

namespace TelecomContactCenter.Server.Bridge;

/// <summary>The agent's phone leg: its media lease, the pending INVITE (cancelled to send CANCEL) and, once answered, its dialog.</summary>
internal sealed class AgentLeg(AgentId agent, string sipCallId, CallMedia media)
{
    public AgentId Agent { get; } = agent;

    public string SipCallId { get; } = sipCallId;

    public CallMedia Media { get; } = media;

    public CancellationTokenSource Ringing { get; } = new();

    public SipCall? Sip { get; set; }
}
