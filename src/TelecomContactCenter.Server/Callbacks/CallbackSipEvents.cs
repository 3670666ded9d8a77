using TelecomContactCenter.Server.Bridge;
using TelecomContactCenter.Sip.UserAgent;

namespace TelecomContactCenter.Server.Callbacks;

/// <summary>
/// Wraps the host's SIP request handler so a BYE on either leg of a callback ends the callback and a re-INVITE
/// (hold, resume) on either leg is passed to the other by <see cref="ReInviteRelay"/>, as on an inbound call;
/// everything else passes through. Stateless.
/// </summary>
internal sealed class CallbackSipEvents(ISipRequestHandler inner, CallbackCalls calls, CallbackConnector connector, ReInviteRelay reInvites)
    : ISipRequestHandler
{
    public ValueTask OnInboundCallAsync(InboundCall inboundCall, CancellationToken cancellationToken) =>
        inner.OnInboundCallAsync(inboundCall, cancellationToken);

    public async ValueTask OnDialogEventAsync(DialogEvent dialogEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dialogEvent);
        if (dialogEvent.Kind == DialogEventKind.Bye && calls.FindByLeg(dialogEvent.Call.CallId) is { } callback)
        {
            await connector.HungUpAsync(callback, dialogEvent.Call.CallId);
            return;
        }

        if (dialogEvent.Kind == DialogEventKind.ReInvite && calls.FindByLeg(dialogEvent.Call.CallId) is { } held
            && await reInvites.RelayAsync(held, dialogEvent, cancellationToken))
        {
            return;
        }

        await inner.OnDialogEventAsync(dialogEvent, cancellationToken);
    }

    public ValueTask<bool> OnRequestAsync(InboundRequest request, CancellationToken cancellationToken) =>
        inner.OnRequestAsync(request, cancellationToken);
}
