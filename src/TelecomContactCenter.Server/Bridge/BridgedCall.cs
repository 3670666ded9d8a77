using TelecomContactCenter.Core.Customers;
using TelecomContactCenter.Core.Routing;
using TelecomContactCenter.Media.Calls;
using TelecomContactCenter.Media.Relay;
using TelecomContactCenter.Sip.Identity;
using TelecomContactCenter.Sip.UserAgent;

namespace TelecomContactCenter.Server.Bridge;

/// <summary>Where a caller's call stands once the IVR has handed it to the ACD.</summary>
internal enum BridgePhase
{
    Queued,
    Ringing,
    Bridged,
    Ended,
}

/// <summary>The agent's phone leg: its media lease, the pending INVITE (cancelled to send CANCEL) and, once answered, its dialog.</summary>
internal sealed class AgentLeg(AgentId agent, string sipCallId, CallMedia media)
{
    public AgentId Agent { get; } = agent;

    public string SipCallId { get; } = sipCallId;

    public CallMedia Media { get; } = media;

    public CancellationTokenSource Ringing { get; } = new();

    public SipCall? Sip { get; set; }
}

/// <summary>
/// One caller from the ACD hand-over to hang-up: the caller's SIP leg and media, the agent leg being rung or
/// talking, and the relay between them. Changes happen under <see cref="Gate"/>; the SIP and media work that
/// follows a change runs outside it.
/// </summary>
internal sealed class BridgedCall(SipCall caller, CallerIdentity identity)
{
    public Lock Gate { get; } = new();

    public CallId Id { get; } = new(caller.CallId);

    public SipCall Caller { get; } = caller;

    public CallerIdentity Identity { get; } = identity;

    public CallMedia? CallerMedia { get; set; }

    public ValueTier? Tier { get; set; }

    /// <summary>Cancelled when the agent answers: the queue music on the caller leg stops.</summary>
    public CancellationTokenSource QueueMedia { get; } = new();

    public BridgePhase Phase { get; set; } = BridgePhase.Queued;

    public AgentLeg? Agent { get; set; }

    public RtpRelay? Relay { get; set; }

    /// <summary>Set while the agent holds a desktop-answered call: cancelling it stops the hold music.</summary>
    public CancellationTokenSource? HoldMusic { get; set; }

    /// <summary>Who ended the call, for the log: "caller", "agent" (the phone's BYE) or "desktop" (Hang up on the desktop).</summary>
    public string? EndedBy { get; set; }
}
