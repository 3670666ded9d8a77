using TelecomContactCenter.Server.Routing;
using TelecomContactCenter.Server.Telephony;
using TelecomContactCenter.Sip.UserAgent;

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

/// <summary>
/// Wraps the host's SIP request handler so BYE and CANCEL also reach the IVR calls they end; everything is still
/// passed to the wrapped handler. Stateless.
/// </summary>
internal sealed class IvrDialogEvents(ISipRequestHandler inner, IvrCallRuntime runtime) : ISipRequestHandler
{
    public ValueTask OnInboundCallAsync(InboundCall inboundCall, CancellationToken cancellationToken) =>
        inner.OnInboundCallAsync(inboundCall, cancellationToken);

    public ValueTask OnDialogEventAsync(DialogEvent dialogEvent, CancellationToken cancellationToken)
    {
        runtime.OnDialogEvent(dialogEvent);
        return inner.OnDialogEventAsync(dialogEvent, cancellationToken);
    }

    public ValueTask<bool> OnRequestAsync(InboundRequest request, CancellationToken cancellationToken) =>
        inner.OnRequestAsync(request, cancellationToken);
}
