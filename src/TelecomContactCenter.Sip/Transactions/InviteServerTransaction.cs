using TelecomContactCenter.Sip.Messages;
using TelecomContactCenter.Sip.Transport;

namespace TelecomContactCenter.Sip.Transactions;

/// <summary>
/// INVITE server transaction (RFC 3261 §17.2.1, Figure 7, with RFC 6026's Accepted state). 100 Trying goes out
/// as soon as the transaction user has seen the INVITE without answering it (§17.2.1 lets a TU that answers
/// within 200 ms skip it, and a redirect answered on the receiving thread does); a final non-2xx response is retransmitted on Timer G until ACK or Timer H; a 2xx is retransmitted
/// (§13.3.1.4) until its ACK arrives or Timer L ends the Accepted state.
/// </summary>
public sealed class InviteServerTransaction : ServerTransaction
{
    private readonly TransactionTimer _timerG;
    private readonly TransactionTimer _timerH;
    private readonly TransactionTimer _timerL;
    private readonly TransactionTimer _retransmit2xx;
    private Action<InviteServerTransaction>? _onAckTimeout;
    private long _acceptedAt;

    internal InviteServerTransaction(SipRequest request, SipPeer source, string key, TransactionContext context)
        : base(request, source, key, context)
    {
        State = TransactionState.Proceeding;
        _timerG = NewTimer(OnTimerG);
        _timerH = NewTimer(OnTimerH);
        _timerL = NewTimer(OnTimerL);
        _retransmit2xx = NewTimer(OnRetransmit2xx);
    }

    /// <summary>True once the INVITE got a final response (the CANCEL then changes nothing, §9.2).</summary>
    public bool HasFinalResponse => State is not TransactionState.Proceeding;

    /// <summary>Called when no ACK arrived for a final response: Timer H, or Timer L for a 2xx.</summary>
    public void OnAckTimeout(Action<InviteServerTransaction> callback) => _onAckTimeout = callback;

    /// <summary>The ACK for a 2xx (a separate transaction, §17.1.1.3) arrived: stop retransmitting the 2xx.</summary>
    internal void On2xxAcknowledged()
    {
        Action? after;
        lock (Gate)
        {
            if (State == TransactionState.Accepted)
            {
                Acknowledged();
            }

            after = TakeDeferred();
        }

        after?.Invoke();
    }

    /// <summary>Sends 100 Trying unless a response already went out.</summary>
    internal void SendTryingIfSilent()
    {
        lock (Gate)
        {
            if (State == TransactionState.Proceeding && LastResponse is null)
            {
                Send(SipResponse.CreateFor(Request, SipStatusCodes.Trying));
            }
        }
    }

    internal void OnAck()
    {
        Action? after;
        lock (Gate)
        {
            if (State == TransactionState.Completed)
            {
                State = TransactionState.Confirmed;
                _timerG.Stop();
                _timerH.Stop();
                if (IsReliable)
                {
                    Terminate();
                }
                else
                {
                    // Confirmed only absorbs ACK retransmissions until Timer I: the layer's record does that.
                    Retire(Context.Timers.T4, null);
                }
            }
            else if (State == TransactionState.Accepted)
            {
                Acknowledged();
            }

            after = TakeDeferred();
        }

        after?.Invoke();
    }

    private protected override void OnRespond(SipResponse response)
    {
        if (State != TransactionState.Proceeding)
        {
            return;
        }

        Send(response);
        if (response.IsProvisional)
        {
            return;
        }

        if (response.IsSuccess)
        {
            State = TransactionState.Accepted;
            _acceptedAt = Context.Time.GetTimestamp();
            _retransmit2xx.Start(Context.Timers.T1);
            _timerL.Start(Context.Timers.TransactionTimeout);
            return;
        }

        State = TransactionState.Completed;
        if (!IsReliable)
        {
            _timerG.Start(Context.Timers.T1);
        }

        _timerH.Start(Context.Timers.TransactionTimeout);
    }

    private protected override void OnRequestRetransmitted(SipRequest request)
    {
        if (State is TransactionState.Proceeding && LastResponse is null)
        {
            Send(SipResponse.CreateFor(Request, SipStatusCodes.Trying));
        }
        else if (State is TransactionState.Proceeding or TransactionState.Completed or TransactionState.Accepted
            && LastResponse is not null)
        {
            Context.Outbound.SendResponse(LastResponse, Peer);
        }
    }

    /// <summary>
    /// The 2xx is acknowledged: all Accepted still does until Timer L is absorb retransmitted INVITEs (RFC 6026
    /// §8.5), which the layer's record does; a call's answered INVITE then holds no message for the 32 s of Timer L.
    /// </summary>
    private void Acknowledged()
    {
        _retransmit2xx.Stop();
        var left = Context.Timers.TransactionTimeout - Context.Time.GetElapsedTime(_acceptedAt);
        Retire(left > TimeSpan.Zero ? left : TimeSpan.Zero, null);
    }

    private void OnTimerG()
    {
        Context.Outbound.SendResponse(LastResponse!, Peer);
        _timerG.Start(Min(_timerG.Interval * 2, Context.Timers.T2));
    }

    private void OnTimerH()
    {
        _timerG.Stop();
        Terminate();
        Defer(() => _onAckTimeout?.Invoke(this));
    }

    private void OnTimerL()
    {
        var unacknowledged = _retransmit2xx.IsRunning;
        _retransmit2xx.Stop();
        Terminate();
        if (unacknowledged)
        {
            Defer(() => _onAckTimeout?.Invoke(this));
        }
    }

    private void OnRetransmit2xx()
    {
        Context.Outbound.SendResponse(LastResponse!, Peer);
        _retransmit2xx.Start(Min(_retransmit2xx.Interval * 2, Context.Timers.T2));
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
