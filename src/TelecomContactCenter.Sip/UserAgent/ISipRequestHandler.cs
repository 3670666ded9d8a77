namespace TelecomContactCenter.Sip.UserAgent;

/// <summary>
/// What the host implements to take part in calls: a new call, and any other request outside a dialog. It answers
/// through the <see cref="SipCall"/> it is given, now or later, and hears that call's ACK, BYE, re-INVITE, CANCEL
/// and ACK timeout on the call itself (<see cref="SipCall.OnEvent"/>, <see cref="SipCall.Ended"/>), as does the
/// holder of a call the host placed. A new call's handler starts on the thread that received the INVITE and runs
/// there until its first incomplete await, so an answer decided from memory leaves at once; a handler must not
/// block that thread (synchronous database or file work belongs after an <c>await Task.Yield()</c>). Other
/// requests arrive on worker tasks.
/// </summary>
public interface ISipRequestHandler
{
    /// <summary>A new INVITE outside any dialog. 100 Trying goes out when this returns without a final answer.</summary>
    ValueTask OnInboundCallAsync(InboundCall inboundCall, CancellationToken cancellationToken);

    /// <summary>
    /// Any other request outside a dialog (REGISTER, MESSAGE...). Return true when it was answered; false lets the
    /// stack answer 405 (known method) or 501 (unknown method). OPTIONS never reaches here.
    /// </summary>
    ValueTask<bool> OnRequestAsync(InboundRequest request, CancellationToken cancellationToken) => ValueTask.FromResult(false);
}
