namespace TelecomContactCenter.Sip.UserAgent;

/// <summary>
/// What the host implements to take part in calls. Calls arrive on a worker task, never on a receive loop, so a
/// handler may await; it answers through the <see cref="SipCall"/> it is given, now or later.
/// </summary>
public interface ISipRequestHandler
{
    /// <summary>A new INVITE outside any dialog. 100 Trying has already been sent.</summary>
    ValueTask OnInboundCallAsync(InboundCall inboundCall, CancellationToken cancellationToken);

    /// <summary>ACK, BYE, re-INVITE or CANCEL within a call. A re-INVITE left unanswered gets 200 with the last
    /// local session description.</summary>
    ValueTask OnDialogEventAsync(DialogEvent dialogEvent, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <summary>
    /// Any other request outside a dialog (REGISTER, MESSAGE...). Return true when it was answered; false lets the
    /// stack answer 405 (known method) or 501 (unknown method). OPTIONS never reaches here.
    /// </summary>
    ValueTask<bool> OnRequestAsync(InboundRequest request, CancellationToken cancellationToken) => ValueTask.FromResult(false);
}
