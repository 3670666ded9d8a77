using TelecomContactCenter.Sip.Messages;
using TelecomContactCenter.Sip.Transactions;

namespace TelecomContactCenter.Sip.Tests.Transactions;

public sealed class InviteServerTransactionTests
{
    private static readonly TimeSpan[] GSchedule =
        [.. new[] { 0.5, 1.5, 3.5, 7.5, 11.5, 15.5, 19.5, 23.5, 27.5, 31.5 }.Select(TimeSpan.FromSeconds)];

    [Fact]
    public void Receive_Invite_Sends100TryingBeforeAnyTimePasses()
    {
        var bed = new TransactionTestBed();

        bed.Deliver(TransactionTestBed.Request("INVITE"));

        Assert.Equal(1, bed.SentStatus(100));
        Assert.Single(bed.Requests);
    }

    [Fact]
    public void Receive_InviteAnsweredWhileTheUserSeesIt_SendsTheAnswerWithout100Trying()
    {
        var bed = new TransactionTestBed { OnNewRequest = t => t.Respond(302, toTag: "t") };

        bed.Deliver(TransactionTestBed.Request("INVITE"));

        Assert.Equal(0, bed.SentStatus(100));
        Assert.Equal(1, bed.SentStatus(302));
        Assert.Single(bed.Sent);
    }

    [Fact]
    public void Receive_InviteRetransmittedBeforeAnyResponse_Answers100Trying()
    {
        var bed = new TransactionTestBed();
        var invite = TransactionTestBed.Request("INVITE");
        bed.Deliver(invite);

        bed.Deliver(invite);

        Assert.Single(bed.Requests);
        Assert.Equal(2, bed.SentStatus(100));
    }

    [Fact]
    public void Receive_RetransmittedInvite_AbsorbedAndLastResponseResent()
    {
        var bed = new TransactionTestBed();
        var invite = TransactionTestBed.Request("INVITE");
        bed.Deliver(invite);
        bed.Requests[0].Respond(180, toTag: "t");

        bed.Deliver(invite);

        Assert.Single(bed.Requests);
        Assert.Equal(2, bed.SentStatus(180));
    }

    [Fact]
    public void Respond_FinalErrorOverUdp_RetransmitsOnTimerGUntilTimerH()
    {
        var bed = new TransactionTestBed();
        bed.Deliver(TransactionTestBed.Request("INVITE"));
        var transaction = (InviteServerTransaction)bed.Requests[0];
        var ackTimeouts = 0;
        transaction.OnAckTimeout(_ => ackTimeouts++);
        transaction.Respond(486, toTag: "t");

        var times = bed.SendTimes(TimeSpan.FromSeconds(33), m => m is SipResponse { StatusCode: 486 });

        Assert.Equal(GSchedule, times);
        Assert.Equal(TransactionState.Terminated, transaction.State);
        Assert.Equal(1, ackTimeouts);
        Assert.Equal(0, bed.Layer.ServerTransactionCount);
    }

    [Fact]
    public void Receive_AckForError_StopsRetransmissionAbsorbsAckRetransmissionsUntilTimerI()
    {
        var bed = new TransactionTestBed();
        var invite = TransactionTestBed.Request("INVITE");
        bed.Deliver(invite);
        var transaction = bed.Requests[0];
        var response = transaction.Respond(486, toTag: "t");
        var ack = InviteClientTransaction.CreateAck(invite, response);

        bed.Deliver(ack);
        var retransmissions = bed.SendTimes(TimeSpan.FromSeconds(4.9), m => m is SipResponse { StatusCode: 486 });
        bed.Deliver(ack);
        bed.Deliver(invite);
        var acksUpBeforeI = bed.Acks.Count;
        bed.Clock.Advance(TimeSpan.FromMilliseconds(200));
        bed.Deliver(ack);

        Assert.Empty(retransmissions);
        Assert.Equal(0, acksUpBeforeI);
        Assert.Single(bed.Requests);
        Assert.Equal(1, bed.SentStatus(486));

        // Past Timer I the layer has forgotten the transaction: a late ACK is the transaction user's to judge.
        Assert.Single(bed.Acks);
        Assert.Equal(TransactionState.Terminated, transaction.State);
        Assert.Equal(0, bed.Layer.ServerTransactionCount);
    }

    [Fact]
    public void Receive_AckForError_KeepsNeitherMessageNorTimerOnceConfirmed()
    {
        var bed = new TransactionTestBed();
        var invite = TransactionTestBed.Request("INVITE");
        bed.Deliver(invite);
        var response = bed.Requests[0].Respond(486, toTag: "t");

        bed.Deliver(InviteClientTransaction.CreateAck(invite, response));
        var retiredWhileConfirmed = bed.Layer.RetiredTransactionCount;
        var timersWhileConfirmed = bed.Clock.ActiveTimerCount;
        bed.Clock.Advance(TimeSpan.FromSeconds(6));

        Assert.Equal(0, bed.Layer.ServerTransactionCount);
        Assert.Equal(1, retiredWhileConfirmed);
        Assert.Equal(1, timersWhileConfirmed);
        Assert.Equal(0, bed.Layer.RetiredTransactionCount);
        Assert.Equal(0, bed.Clock.ActiveTimerCount);
    }

    [Fact]
    public void Respond_FinalErrorOverTcp_NoRetransmissionAndAckEndsAtOnce()
    {
        var bed = new TransactionTestBed();
        var invite = TransactionTestBed.Request("INVITE");
        bed.Deliver(invite, TransactionTestBed.Tcp);
        var transaction = bed.Requests[0];
        var response = transaction.Respond(603, toTag: "t");

        var times = bed.SendTimes(TimeSpan.FromSeconds(5), m => m is SipResponse { StatusCode: 603 });
        bed.Deliver(InviteClientTransaction.CreateAck(invite, response), TransactionTestBed.Tcp);

        Assert.Empty(times);
        Assert.Equal(TransactionState.Terminated, transaction.State);
    }

    [Fact]
    public void Respond_2xx_RetransmitsUntilAckWithNewBranchThenPassesAckUp()
    {
        var bed = new TransactionTestBed();
        bed.Deliver(TransactionTestBed.Request("INVITE"));
        var transaction = bed.Requests[0];
        transaction.Respond(200, toTag: "t");

        var before = bed.SendTimes(TimeSpan.FromSeconds(2), m => m is SipResponse { StatusCode: 200 });
        bed.Deliver(TransactionTestBed.Request("ACK", branch: "z9hG4bKack", toTag: "t"));
        var after = bed.SendTimes(TimeSpan.FromSeconds(10), m => m is SipResponse { StatusCode: 200 });

        Assert.Equal([TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(1.5)], before);
        Assert.Empty(after);
        Assert.Single(bed.Acks);
    }

    [Fact]
    public void Respond_2xxAcknowledged_InviteRetransmissionsAbsorbedUntilTimerLByARecordOnly()
    {
        var bed = new TransactionTestBed();
        var invite = TransactionTestBed.Request("INVITE");
        bed.Deliver(invite);
        bed.Requests[0].Respond(200, toTag: "t");
        bed.Deliver(TransactionTestBed.Request("ACK", branch: "z9hG4bKack", toTag: "t"));
        var sentAfterAck = bed.Sent.Count;

        bed.Clock.Advance(TimeSpan.FromSeconds(10));
        bed.Deliver(invite);
        var (kept, retired) = (bed.Layer.ServerTransactionCount, bed.Layer.RetiredTransactionCount);
        bed.Clock.Advance(TimeSpan.FromSeconds(22.5));
        bed.Deliver(invite);

        // RFC 6026 §8.5: a retransmitted INVITE in Accepted is absorbed; after Timer L it is a new request.
        Assert.Equal((0, 1), (kept, retired));
        Assert.Equal(sentAfterAck + 1, bed.Sent.Count);
        Assert.Equal(2, bed.Requests.Count);
    }

    [Fact]
    public void Respond_2xxNeverAcknowledged_TimerLEndsAndReports()
    {
        var bed = new TransactionTestBed();
        bed.Deliver(TransactionTestBed.Request("INVITE"));
        var transaction = (InviteServerTransaction)bed.Requests[0];
        var ackTimeouts = 0;
        transaction.OnAckTimeout(_ => ackTimeouts++);
        transaction.Respond(200, toTag: "t");

        bed.Clock.Advance(TimeSpan.FromSeconds(32));

        Assert.Equal(TransactionState.Terminated, transaction.State);
        Assert.Equal(1, ackTimeouts);
    }

    [Fact]
    public void Receive_Cancel_MatchesTheInviteTransaction()
    {
        var bed = new TransactionTestBed();
        bed.Deliver(TransactionTestBed.Request("INVITE"));

        bed.Deliver(TransactionTestBed.Request("CANCEL"));

        Assert.Equal(2, bed.Requests.Count);
        Assert.Same(bed.Requests[0], bed.Requests[1].CancelledInvite);
    }

    [Fact]
    public void Receive_CancelForUnknownInvite_HasNoMatch()
    {
        var bed = new TransactionTestBed();

        bed.Deliver(TransactionTestBed.Request("CANCEL", branch: "z9hG4bKother"));

        Assert.Null(Assert.Single(bed.Requests).CancelledInvite);
    }

    [Fact]
    public void Receive_MergedRequest_Answers482WithoutNewTransaction()
    {
        var bed = new TransactionTestBed();
        bed.Deliver(TransactionTestBed.Request("INVITE", branch: "z9hG4bKpath1"));

        bed.Deliver(TransactionTestBed.Request("INVITE", branch: "z9hG4bKpath2"));

        Assert.Single(bed.Requests);
        Assert.Equal(1, bed.SentStatus(482));
    }

    [Fact]
    public void Receive_CancelAfterFinalResponse_StillMatchesButInviteKeepsItsAnswer()
    {
        var bed = new TransactionTestBed();
        bed.Deliver(TransactionTestBed.Request("INVITE"));
        var invite = (InviteServerTransaction)bed.Requests[0];
        invite.Respond(200, toTag: "t");

        bed.Deliver(TransactionTestBed.Request("CANCEL"));

        Assert.Same(invite, bed.Requests[1].CancelledInvite);
        Assert.True(invite.HasFinalResponse);
        Assert.Equal(TransactionState.Accepted, invite.State);
    }
}
