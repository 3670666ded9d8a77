using TelecomContactCenter.Sip.Messages;
using TelecomContactCenter.Sip.Transport;

namespace TelecomContactCenter.Sip.Transactions;

/// <summary>
/// Non-INVITE server transaction (RFC 3261 §17.2.2, Figure 8): Trying, Proceeding, Completed, Timer J. Completed is
/// kept by the layer as a compact record (the final response and where to resend it), not by this object.
/// </summary>
public sealed class NonInviteServerTransaction : ServerTransaction
{
    internal NonInviteServerTransaction(SipRequest request, SipPeer source, string key, TransactionContext context)
        : base(request, source, key, context)
    {
        State = TransactionState.Trying;
    }

    private protected override void OnRespond(SipResponse response)
    {
        if (State is not (TransactionState.Trying or TransactionState.Proceeding))
        {
            return;
        }

        Send(response);
        if (response.IsProvisional)
        {
            State = TransactionState.Proceeding;
            return;
        }

        State = TransactionState.Completed;
        if (IsReliable)
        {
            Terminate();
        }
        else
        {
            // Completed only resends the final response to retransmissions until Timer J: the layer's record does.
            Retire(Context.Timers.TransactionTimeout, LastResponse);
        }
    }

    private protected override void OnRequestRetransmitted(SipRequest request)
    {
        // In Trying there is nothing to resend: the retransmission is simply absorbed.
        if (State is TransactionState.Proceeding or TransactionState.Completed && LastResponse is not null)
        {
            Context.Outbound.SendResponse(LastResponse, Peer);
        }
    }
}
