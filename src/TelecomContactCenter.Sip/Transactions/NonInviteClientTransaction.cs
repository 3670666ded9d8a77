using TelecomContactCenter.Sip.Messages;
using TelecomContactCenter.Sip.Transport;

namespace TelecomContactCenter.Sip.Transactions;

/// <summary>Non-INVITE client transaction (RFC 3261 §17.1.2, Figure 6): Timer E retransmits, F times out, K absorbs.</summary>
public sealed class NonInviteClientTransaction : ClientTransaction
{
    private readonly TransactionTimer _timerE;
    private readonly TransactionTimer _timerF;
    private readonly TransactionTimer _timerK;

    internal NonInviteClientTransaction(
        SipRequest request, SipPeer destination, string key, TransactionContext context, Action<ClientTransaction, SipResponse> onResponse)
        : base(request, destination, key, context, onResponse)
    {
        State = TransactionState.Trying;
        _timerE = NewTimer(OnTimerE);
        _timerF = NewTimer(TimeOut);
        _timerK = NewTimer(Terminate);
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
            _timerK.Start(Context.Timers.T4);
        }
    }

    private void OnTimerE()
    {
        Retransmit();
        var next = State == TransactionState.Proceeding ? Context.Timers.T2 : Min(_timerE.Interval * 2, Context.Timers.T2);
        _timerE.Start(next);
    }
}
