using TelecomContactCenter.Server.Calls;
using TelecomContactCenter.Server.Telephony;
using TelecomContactCenter.Sip.Messages;

namespace TelecomContactCenter.Server.Ivr;

/// <summary>
/// Telephony's seam for "ivr" access numbers: runs the call's owner through its flow, and when the IVR is done with
/// it moves a call that never got past the IVR to its end (refused, abandoned before the answer, or ended in the IVR).
/// Stateless.
/// </summary>
internal sealed class IvrInboundCallHandler(IvrCallRuntime runtime) : IInboundCallHandler
{
    public async ValueTask<InboundCallOutcome> HandleAsync(Call owner, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(owner);
        IvrCallOutcome? outcome = null;
        try
        {
            outcome = await runtime.HandleAsync(owner, cancellationToken);
        }
        finally
        {
            // A call handed to the queue is the ACD's to end; these triggers do not apply to it.
            lock (owner.Gate)
            {
                owner.TryFire(owner.State switch
                {
                    CallState.Admitted when outcome?.StatusCode == SipStatusCodes.RequestTerminated => CallTrigger.CallerLeft,
                    CallState.Admitted => CallTrigger.Refuse,
                    _ => CallTrigger.IvrEnded,
                });
            }
        }

        return new InboundCallOutcome(outcome.StatusCode, outcome.Disposition, outcome.Reason, outcome.Decision);
    }
}
