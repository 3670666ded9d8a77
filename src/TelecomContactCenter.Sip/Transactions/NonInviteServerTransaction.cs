using TelecomContactCenter.Sip.Messages;
using TelecomContactCenter.Sip.Transport;

namespace TelecomContactCenter.Sip.Transactions;

/// <summary>Non-INVITE server transaction (RFC 3261 §17.2.2, Figure 8): Trying, Proceeding, Completed, Timer J.</summary>
public sealed class NonInviteServerTransaction : ServerTransaction
{
    private readonly TransactionTimer _timerJ;

    internal NonInviteServerTransaction(SipRequest request, SipPeer source, string key, TransactionContext context)
        : base(request, source, key, context)
    {
        State = TransactionState.Trying;
        _timerJ = NewTimer(Terminate);
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
            _timerJ.Start(Context.Timers.TransactionTimeout);
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
