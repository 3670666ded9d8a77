using TelecomContactCenter.Server.Calls;
using TelecomContactCenter.Server.Telephony;
using TelecomContactCenter.Sip.Messages;

namespace TelecomContactCenter.Server.Ivr;

/// <summary>
/// Telephony's seam for "ivr" access numbers: runs the call's owner through its flow. A call the IVR handed to the
/// queue is left to the <see cref="CallBook"/>, which runs its end work when the caller's leg ends; a call that never
/// got past the IVR is moved to its end (refused, abandoned before the answer, or ended in the IVR) and its end work
/// runs now. Stateless.
/// </summary>
internal sealed class IvrInboundCallHandler(IvrCallRuntime runtime, CallBook calls) : IInboundCallHandler
{
    public async ValueTask HandleAsync(Call owner, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(owner);
        var handedOver = false;
        try
        {
            handedOver = await runtime.HandleAsync(owner, cancellationToken);
        }
        finally
        {
            if (handedOver)
            {
                calls.EndWhenCallerLeaves(owner);
            }
            else
            {
                lock (owner.Gate)
                {
                    owner.TryFire(owner.State switch
                    {
                        CallState.Admitted when owner.Outcome?.StatusCode == SipStatusCodes.RequestTerminated => CallTrigger.CallerLeft,
                        CallState.Admitted => CallTrigger.Refuse,
                        _ => CallTrigger.IvrEnded,
                    });
                }

                await owner.EndAsync();
            }
        }
    }
}
