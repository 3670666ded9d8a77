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
        var stateBeforeJ = transaction.State;
        bed.Clock.Advance(TimeSpan.FromSeconds(0.2));

        Assert.Equal(2, bed.SentStatus(200));
        Assert.Equal(TransactionState.Completed, stateBeforeJ);
        Assert.Equal(TransactionState.Terminated, transaction.State);
        Assert.Single(bed.Requests);
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
