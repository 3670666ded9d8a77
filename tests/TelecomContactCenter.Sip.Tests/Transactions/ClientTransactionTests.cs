using TelecomContactCenter.Sip.Messages;
using TelecomContactCenter.Sip.Transactions;

namespace TelecomContactCenter.Sip.Tests.Transactions;

public sealed class ClientTransactionTests
{
    private static TimeSpan[] Seconds(params double[] values) => [.. values.Select(TimeSpan.FromSeconds)];

    [Fact]
    public void SendInvite_NoAnswer_RetransmitsOnTimerAAndTimesOutOnTimerB()
    {
        var bed = new TransactionTestBed();
        var responses = new List<SipResponse>();

        var transaction = bed.Layer.SendRequest(TransactionTestBed.Request("INVITE"), TransactionTestBed.Udp, (_, r) => responses.Add(r));
        var times = bed.SendTimes(TimeSpan.FromSeconds(33), m => m is SipRequest { Method: "INVITE" });

        Assert.Equal(Seconds(0.5, 1.5, 3.5, 7.5, 15.5, 31.5), times);
        Assert.Equal(408, Assert.Single(responses).StatusCode);
        Assert.Equal(TransactionState.Terminated, transaction.State);
    }

    [Fact]
    public void SendInvite_ProvisionalResponse_StopsTimerA()
    {
        var bed = new TransactionTestBed();
        var invite = TransactionTestBed.Request("INVITE");
        var transaction = bed.Layer.SendRequest(invite, TransactionTestBed.Udp, (_, _) => { });

        bed.Deliver(TransactionTestBed.ResponseTo(invite, 180));
        var times = bed.SendTimes(TimeSpan.FromSeconds(10), m => m is SipRequest { Method: "INVITE" });

        Assert.Empty(times);
        Assert.Equal(TransactionState.Proceeding, transaction.State);
    }

    [Fact]
    public void SendInvite_ErrorResponse_TransactionAcksEachRetransmissionUntilTimerD()
    {
        var bed = new TransactionTestBed();
        var invite = TransactionTestBed.Request("INVITE");
        var responses = new List<SipResponse>();
        bed.Layer.SendRequest(invite, TransactionTestBed.Udp, (_, r) => responses.Add(r));
        var busy = TransactionTestBed.ResponseTo(invite, 486);

        bed.Deliver(busy);
        var keptAfterFinal = bed.Layer.ClientTransactionCount;
        bed.Deliver(busy);
        var ack = bed.Sent.OfType<SipRequest>().Last(r => r.Method == "ACK");
        bed.Clock.Advance(TimeSpan.FromSeconds(31.9));
        bed.Deliver(busy);
        var acksBeforeD = bed.SentMethod("ACK");
        bed.Clock.Advance(TimeSpan.FromSeconds(0.2));
        bed.Deliver(busy);

        Assert.Single(responses);
        Assert.Equal(0, keptAfterFinal);
        Assert.Equal(3, acksBeforeD);
        Assert.Equal(3, bed.SentMethod("ACK"));
        var acks = bed.Sent.OfType<SipRequest>().Where(r => r.Method == "ACK").Select(r => System.Text.Encoding.UTF8.GetString(r.ToBytes())).ToList();
        Assert.All(acks, resent => Assert.Equal(acks[0], resent));
        Assert.Single(bed.Responses);
        Assert.Equal(invite.TopVia!.Branch, ack.TopVia!.Branch);
        Assert.Equal("uas1", ack.To!.Tag);
        Assert.Equal(new SipCSeq(1, "ACK"), ack.CSeq);
        Assert.Equal(0, bed.Layer.RetiredTransactionCount);
    }

    [Fact]
    public void SendInvite_2xxAndRetransmission_BothReachTheUserToAck()
    {
        var bed = new TransactionTestBed();
        var invite = TransactionTestBed.Request("INVITE");
        var responses = new List<SipResponse>();
        bed.Layer.SendRequest(invite, TransactionTestBed.Udp, (_, r) => responses.Add(r));
        var ok = TransactionTestBed.ResponseTo(invite, 200);

        bed.Deliver(ok);
        bed.Deliver(ok);

        // The first answers the request; the retransmission goes to the user agent, which re-ACKs it in the dialog.
        Assert.Single(responses);
        Assert.Single(bed.Responses);
        Assert.Equal(0, bed.SentMethod("ACK"));
    }

    [Fact]
    public void SendNonInvite_NoAnswer_TimerEDoublesToT2AndTimerFTimesOut()
    {
        var bed = new TransactionTestBed();
        var responses = new List<SipResponse>();

        bed.Layer.SendRequest(TransactionTestBed.Request("OPTIONS"), TransactionTestBed.Udp, (_, r) => responses.Add(r));
        var times = bed.SendTimes(TimeSpan.FromSeconds(33), m => m is SipRequest { Method: "OPTIONS" });

        Assert.Equal(Seconds(0.5, 1.5, 3.5, 7.5, 11.5, 15.5, 19.5, 23.5, 27.5, 31.5), times);
        Assert.Equal(408, Assert.Single(responses).StatusCode);
    }

    [Fact]
    public void SendNonInvite_Provisional_RetransmitsEveryT2()
    {
        var bed = new TransactionTestBed();
        var bye = TransactionTestBed.Request("BYE", toTag: "t");
        bed.Layer.SendRequest(bye, TransactionTestBed.Udp, (_, _) => { });

        bed.Deliver(TransactionTestBed.ResponseTo(bye, 100));
        var times = bed.SendTimes(TimeSpan.FromSeconds(10), m => m is SipRequest { Method: "BYE" });

        Assert.Equal(Seconds(0.5, 4.5, 8.5), times);
    }

    [Fact]
    public void SendNonInvite_Final_AbsorbsRetransmissionsUntilTimerK()
    {
        var bed = new TransactionTestBed();
        var bye = TransactionTestBed.Request("BYE", toTag: "t");
        var responses = new List<SipResponse>();
        bed.Layer.SendRequest(bye, TransactionTestBed.Udp, (_, r) => responses.Add(r));
        var ok = TransactionTestBed.ResponseTo(bye, 200);

        bed.Deliver(ok);
        bed.Deliver(ok);
        bed.Clock.Advance(TimeSpan.FromSeconds(4.9));
        bed.Deliver(ok);
        var straysBeforeK = bed.Responses.Count;
        bed.Clock.Advance(TimeSpan.FromSeconds(0.2));
        bed.Deliver(ok);

        Assert.Single(responses);
        Assert.Equal(0, straysBeforeK);
        Assert.Single(bed.Responses);
        Assert.Equal(0, bed.Layer.ClientTransactionCount);
    }

    [Fact]
    public void SendNonInvite_OverTcp_NoRetransmissionsButTimerFStillApplies()
    {
        var bed = new TransactionTestBed();
        var responses = new List<SipResponse>();

        bed.Layer.SendRequest(TransactionTestBed.Request("OPTIONS"), TransactionTestBed.Tcp, (_, r) => responses.Add(r));
        var times = bed.SendTimes(TimeSpan.FromSeconds(33), m => m is SipRequest);

        Assert.Empty(times);
        Assert.Equal(408, Assert.Single(responses).StatusCode);
    }

    [Fact]
    public void SendInvite_2xx_AcceptedUntilTimerMWithoutKeepingTheTransaction()
    {
        var bed = new TransactionTestBed();
        var invite = TransactionTestBed.Request("INVITE");
        bed.Layer.SendRequest(invite, TransactionTestBed.Udp, (_, _) => { });
        bed.Deliver(TransactionTestBed.ResponseTo(invite, 200));
        var keptAfter2xx = bed.Layer.ClientTransactionCount;

        bed.Deliver(TransactionTestBed.ResponseTo(invite, 200));
        bed.Deliver(TransactionTestBed.ResponseTo(invite, 487));
        bed.Clock.Advance(TimeSpan.FromSeconds(31.9));
        var straysBeforeM = bed.Responses.Select(r => r.StatusCode).ToList();
        bed.Clock.Advance(TimeSpan.FromSeconds(0.2));
        bed.Deliver(TransactionTestBed.ResponseTo(invite, 487));

        // Accepted passes 2xx up and absorbs anything else (RFC 6026 §8.4); after Timer M a response is a stray.
        Assert.Equal(0, keptAfter2xx);
        Assert.Equal([200], straysBeforeM);
        Assert.Equal([200, 487], bed.Responses.Select(r => r.StatusCode));
        Assert.Equal(0, bed.SentMethod("ACK"));
    }
}
