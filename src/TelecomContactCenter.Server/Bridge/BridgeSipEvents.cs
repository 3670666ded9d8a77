using TelecomContactCenter.Sip.Identity;
using TelecomContactCenter.Sip.UserAgent;

namespace TelecomContactCenter.Server.Bridge;

/// <summary>
/// Wraps the host's SIP request handler: every inbound call is in <see cref="CallBridge"/>'s book while it is
/// served, and a BYE on an agent leg ends the caller leg as well. Because our BYE to the caller produces no
/// dialog event of its own, the wrapped handler (the IVR waiting on the caller) is then told the caller's leg
/// ended, exactly as if the caller had hung up. A re-INVITE (hold, resume) on either leg of a bridged call is
/// passed to the other leg by <see cref="ReInviteRelay"/>. Stateless.
/// </summary>
internal sealed class BridgeSipEvents(ISipRequestHandler inner, CallBridge bridge, CallerIdentityResolver identities, ReInviteRelay reInvites)
    : ISipRequestHandler
{
    public async ValueTask OnInboundCallAsync(InboundCall inboundCall, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inboundCall);
        bridge.Track(inboundCall, identities.Resolve(inboundCall.Invite, inboundCall.Source.Address));
        try
        {
            await inner.OnInboundCallAsync(inboundCall, cancellationToken);
        }
        finally
        {
            bridge.Forget(inboundCall.Call.CallId);
        }
    }

    public async ValueTask OnDialogEventAsync(DialogEvent dialogEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dialogEvent);
        if (bridge.FindByAgentLeg(dialogEvent.Call.CallId) is not { } call)
        {
            if (dialogEvent.Kind == DialogEventKind.ReInvite && bridge.Find(new Core.Routing.CallId(dialogEvent.Call.CallId)) is { } bridged
                && await reInvites.RelayAsync(bridged, dialogEvent, fromCaller: true, cancellationToken))
            {
                return;
            }

            await inner.OnDialogEventAsync(dialogEvent, cancellationToken);
            return;
        }

        if (dialogEvent.Kind == DialogEventKind.ReInvite)
        {
            await reInvites.RelayAsync(call, dialogEvent, fromCaller: false, cancellationToken);
            return;
        }

        if (dialogEvent.Kind == DialogEventKind.Bye && await bridge.AgentHungUpAsync(call, cancellationToken))
        {
            await inner.OnDialogEventAsync(new DialogEvent(call.Caller, DialogEventKind.Bye, call.Caller.Invite), cancellationToken);
        }
    }

    /// <summary>
    /// The agent pressed Hang up on the desktop: BYE to the caller, and the IVR waiting on the caller is told the leg
    /// ended as it is after the phone's BYE. False when the call is not bridged (nothing to release).
    /// </summary>
    public async Task<bool> DesktopHungUpAsync(BridgedCall call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        if (!await bridge.DesktopHungUpAsync(call, cancellationToken))
        {
            return false;
        }

        await inner.OnDialogEventAsync(new DialogEvent(call.Caller, DialogEventKind.Bye, call.Caller.Invite), cancellationToken);
        return true;
    }

    public ValueTask<bool> OnRequestAsync(InboundRequest request, CancellationToken cancellationToken) =>
        inner.OnRequestAsync(request, cancellationToken);
}
