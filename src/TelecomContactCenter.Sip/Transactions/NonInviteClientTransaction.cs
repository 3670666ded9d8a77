using TelecomContactCenter.Sip.Messages;
using TelecomContactCenter.Sip.Transport;

namespace TelecomContactCenter.Sip.Transactions;

/// <summary>
/// Non-INVITE client transaction (RFC 3261 §17.1.2, Figure 6): Timer E retransmits, F times out; Completed (absorb
/// response retransmissions until Timer K) is the layer's compact record.
/// </summary>
public sealed class NonInviteClientTransaction : ClientTransaction
{
    private readonly TransactionTimer _timerE;
    private readonly TransactionTimer _timerF;

    internal NonInviteClientTransaction(
        SipRequest request, SipPeer destination, string key, TransactionContext context, Action<ClientTransaction, SipResponse> onResponse)
        : base(request, destination, key, context, onResponse)
    {
        State = TransactionState.Trying;
        _timerE = NewTimer(OnTimerE);
        _timerF = NewTimer(TimeOut);
    }

    private protected override void OnStarted()
    {
        if (!IsReliable)
        {
            _timerE.Start(Context.Timers.T1);
        }

        _timerF.Start(Context.Timers.TransactionTimeout);
    }

    private protected override void OnResponseReceived(SipResponse response)
    {
        if (State is not (TransactionState.Trying or TransactionState.Proceeding))
        {
            return;
        }

        PassUp(response);
        if (response.IsProvisional)
        {
            State = TransactionState.Proceeding;
            return;
        }

        State = TransactionState.Completed;
        _timerE.Stop();
        _timerF.Stop();
        if (IsReliable)
        {
            Terminate();
        }
        else
        {
            Retire(Context.Timers.T4, null);
        }
    }

    private void OnTimerE()
    {
        Retransmit();
        var next = State == TransactionState.Proceeding ? Context.Timers.T2 : Min(_timerE.Interval * 2, Context.Timers.T2);
        _timerE.Start(next);
    }
}
