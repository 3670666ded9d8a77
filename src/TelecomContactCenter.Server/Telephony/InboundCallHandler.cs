using TelecomContactCenter.Server.Routing;
using TelecomContactCenter.Sip.Identity;
using TelecomContactCenter.Sip.UserAgent;

namespace TelecomContactCenter.Server.Telephony;

/// <summary>
/// An admitted call on an access number, with the caller already identified; on an IVR number, with its owner (the
/// one object that holds the call until it ends).
/// </summary>
internal sealed record TelephonyCall(InboundCall Inbound, CallerIdentity Identity, string AccessNumber, AccessMode Mode)
{
    public SipCall Call => Inbound.Call;

    public Calls.Call? Owner { get; init; }
}

/// <summary>What happened to a call, for its interaction record.</summary>
internal sealed record InboundCallOutcome(int StatusCode, string Disposition, string Reason, CallRoutingDecision? Decision = null,
    int? DecisionMicroseconds = null);

/// <summary>
/// Serves calls on IVR access numbers: answers (or refuses) the call through <see cref="TelephonyCall.Call"/> and
/// returns when the call is over, with what to record. The IVR orchestration implements this.
/// </summary>
internal interface IInboundCallHandler
{
    ValueTask<InboundCallOutcome> HandleAsync(TelephonyCall call, CancellationToken cancellationToken);
}
