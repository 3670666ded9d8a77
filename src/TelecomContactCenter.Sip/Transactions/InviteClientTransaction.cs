using TelecomContactCenter.Sip.Messages;
using TelecomContactCenter.Sip.Transport;

namespace TelecomContactCenter.Sip.Transactions;

/// <summary>
/// INVITE client transaction (RFC 3261 §17.1.1, Figure 5, with RFC 6026's Accepted state): Timer A retransmits,
/// B times out, the transaction itself ACKs non-2xx finals and absorbs their retransmissions until Timer D.
/// Every 2xx goes up and the transaction user ACKs it. What is left after a final response (Accepted until Timer M:
/// pass 2xx retransmissions up; Completed until Timer D: re-send the ACK) is the layer's compact record, which hands
/// a retransmitted 2xx to the user agent as a stray response (it re-ACKs within the dialog) and re-sends the ACK.
/// </summary>
public sealed class InviteClientTransaction : ClientTransaction
{
    private readonly TransactionTimer _timerA;
    private readonly TransactionTimer _timerB;

    internal InviteClientTransaction(
        SipRequest request, SipPeer destination, string key, TransactionContext context, Action<ClientTransaction, SipResponse> onResponse)
        : base(request, destination, key, context, onResponse)
    {
        State = TransactionState.Calling;
        _timerA = NewTimer(OnTimerA);
        _timerB = NewTimer(TimeOut);
    }

    private protected override void OnStarted()
    {
        if (!IsReliable)
        {
            _timerA.Start(Context.Timers.T1);
        }

        _timerB.Start(Context.Timers.TransactionTimeout);
    }

    private protected override void OnResponseReceived(SipResponse response)
    {
        if (State is not (TransactionState.Calling or TransactionState.Proceeding))
        {
            return;
        }

        _timerA.Stop();
        PassUp(response);
        if (response.IsProvisional)
        {
            State = TransactionState.Proceeding;
            return;
        }

        _timerB.Stop();
        if (response.IsSuccess)
        {
            State = TransactionState.Accepted;
            Retire(Context.Timers.TransactionTimeout, null);
            return;
        }

        State = TransactionState.Completed;
        var ack = CreateAck(Request, response);
        Context.Outbound.SendRequest(ack, Peer);
        if (IsReliable)
        {
            Terminate();
        }
        else
        {
            Retire(Context.Timers.TimerD, ack);
        }
    }

    /// <summary>The ACK for a non-2xx final response (§17.1.1.3): same branch, To from the response.</summary>
    public static SipRequest CreateAck(SipRequest invite, SipResponse response)
    {
        ArgumentNullException.ThrowIfNull(invite);
        ArgumentNullException.ThrowIfNull(response);
        var ack = new SipRequest(SipMethod.Ack, invite.RequestUri);
        ack.Headers.Add(SipHeaderNames.Via, invite.Headers.GetValues(SipHeaderNames.Via)[0]);
        ack.Headers.Add(SipHeaderNames.MaxForwards, "70");
        ack.Headers.Add(SipHeaderNames.From, invite.Headers.Get(SipHeaderNames.From)!);
        ack.Headers.Add(SipHeaderNames.To, response.Headers.Get(SipHeaderNames.To)!);
        ack.Headers.Add(SipHeaderNames.CallId, invite.CallId!);
        ack.Headers.Add(SipHeaderNames.CSeq, new SipCSeq(invite.CSeq!.Value.Number, SipMethod.Ack).ToString());
        foreach (var route in invite.Headers.GetLines(SipHeaderNames.Route))
        {
            ack.Headers.Add(SipHeaderNames.Route, route);
        }

        return ack;
    }

    private void OnTimerA()
    {
        Retransmit();
        _timerA.Start(_timerA.Interval * 2);
    }
}
