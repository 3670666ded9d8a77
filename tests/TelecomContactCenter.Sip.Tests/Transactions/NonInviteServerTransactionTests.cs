using System.Text;
using TelecomContactCenter.Sip.Messages;
using TelecomContactCenter.Sip.Transactions;

namespace TelecomContactCenter.Sip.Tests.Transactions;

public sealed class NonInviteServerTransactionTests
{
    [Fact]
    public void Receive_RetransmissionBeforeResponse_AbsorbedSilently()
    {
        var bed = new TransactionTestBed();
        var options = TransactionTestBed.Request("OPTIONS");
        bed.Deliver(options);

        bed.Deliver(options);

        Assert.Single(bed.Requests);
        Assert.Empty(bed.Sent);
    }

    [Fact]
    public void Receive_RetransmissionAfterFinal_ResendsFinalUntilTimerJ()
    {
        var bed = new TransactionTestBed();
        var options = TransactionTestBed.Request("OPTIONS");
        bed.Deliver(options);
        var transaction = bed.Requests[0];
        transaction.Respond(200, toTag: "t");

        bed.Deliver(options);
        bed.Clock.Advance(TimeSpan.FromSeconds(31.9));
        bed.Deliver(options);
        var requestsBeforeJ = bed.Requests.Count;
        bed.Clock.Advance(TimeSpan.FromSeconds(0.2));
        bed.Deliver(options);

        Assert.Equal(3, bed.SentStatus(200));
        var sent = bed.Sent.OfType<SipResponse>().Select(r => Encoding.UTF8.GetString(r.ToBytes())).ToList();
        Assert.All(sent, resent => Assert.Equal(sent[0], resent));
        Assert.Equal(1, requestsBeforeJ);
        Assert.Equal(TransactionState.Terminated, transaction.State);

        // Past Timer J the same request is new to the layer and goes up again.
        Assert.Equal(2, bed.Requests.Count);
    }

    [Fact]
    public void Receive_MergedRequestWhileCompleted_Answers482UntilTimerJ()
    {
        var bed = new TransactionTestBed();
        bed.Deliver(TransactionTestBed.Request("OPTIONS", branch: "z9hG4bKpath1"));
        bed.Requests[0].Respond(200, toTag: "t");

        bed.Deliver(TransactionTestBed.Request("OPTIONS", branch: "z9hG4bKpath2"));
        bed.Clock.Advance(TimeSpan.FromSeconds(33));
        bed.Deliver(TransactionTestBed.Request("OPTIONS", branch: "z9hG4bKpath3"));

        Assert.Equal(1, bed.SentStatus(482));
        Assert.Equal(2, bed.Requests.Count);
    }

    [Fact]
    public void Respond_OverTcp_TerminatesAtOnce()
    {
        var bed = new TransactionTestBed();
        bed.Deliver(TransactionTestBed.Request("BYE", toTag: "t"), TransactionTestBed.Tcp);

        bed.Requests[0].Respond(200);

        Assert.Equal(TransactionState.Terminated, bed.Requests[0].State);
        Assert.Equal(0, bed.Layer.ServerTransactionCount);
    }
}
