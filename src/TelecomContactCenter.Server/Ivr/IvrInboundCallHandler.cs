using TelecomContactCenter.Server.Routing;
using TelecomContactCenter.Server.Telephony;

namespace TelecomContactCenter.Server.Ivr;

/// <summary>Telephony's seam for "ivr" access numbers: runs the call through its flow. Stateless.</summary>
internal sealed class IvrInboundCallHandler(IvrCallRuntime runtime) : IInboundCallHandler
{
    public async ValueTask<InboundCallOutcome> HandleAsync(TelephonyCall call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        var outcome = await runtime.HandleAsync(call.Inbound, call.Identity, call.AccessNumber, cancellationToken);
        return new InboundCallOutcome(outcome.StatusCode, outcome.Disposition, outcome.Reason, outcome.Decision);
    }
}
