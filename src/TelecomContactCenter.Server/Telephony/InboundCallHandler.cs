using TelecomContactCenter.Server.Routing;
using TelecomContactCenter.Sip.Identity;
using TelecomContactCenter.Sip.UserAgent;

namespace TelecomContactCenter.Server.Telephony;

/// <summary>What happened to a call, for its interaction record.</summary>
internal sealed record InboundCallOutcome(int StatusCode, string Disposition, string Reason, CallRoutingDecision? Decision = null,
    int? DecisionMicroseconds = null);

/// <summary>
/// Serves calls on IVR access numbers: answers (or refuses) the call through its owner's caller leg
/// (<see cref="Calls.Call.Caller"/>) and returns once it is done with the call: ended, or handed to the queue, whose
/// end the call's own end work carries out. The outcome to record is on the call (<see cref="Calls.Call.Outcome"/>)
/// once its end work has run. The IVR orchestration implements this.
/// </summary>
internal interface IInboundCallHandler
{
    ValueTask HandleAsync(Calls.Call call, CancellationToken cancellationToken);
}
