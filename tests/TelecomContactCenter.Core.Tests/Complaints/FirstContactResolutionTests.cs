using TelecomContactCenter.Core.Complaints;
using TelecomContactCenter.Core.Customers;
using static TelecomContactCenter.Core.Complaints.ComplaintState;
using static TelecomContactCenter.Core.Complaints.ComplaintTrigger;
using static TelecomContactCenter.Core.Tests.Complaints.SampleComplaints;

namespace TelecomContactCenter.Core.Tests.Complaints;

public sealed class FirstContactResolutionTests
{
    [Theory]
    [InlineData(1, false, FcrOutcome.Pending)]
    [InlineData(8, false, FcrOutcome.Achieved)]
    [InlineData(8, true, FcrOutcome.NotAchieved)]
    public void Evaluate_ResolvedOnCallAndConfirmed_PendingThenAchievedUnlessRepeat(int daysLater, bool repeat, FcrOutcome expected)
    {
        var c = New();
        var closed = DriveTo(c, Closed);

        var outcome = FirstContactResolution.Evaluate(c, repeat, closed.AddDays(daysLater));

        Assert.Equal(expected, outcome);
    }

    [Fact]
    public void Evaluate_ResolvedOnALaterCallThanTheCreatingOne_NotAchieved()
    {
        var bound = TakenOnCall("call-1");
        var t = DriveTo(bound, InProgressFirstContact);

        FirstContactResolution.RecordResolvingCall(bound, "call-2");
        Workflow.Fire(bound, ResolveOnCall, "agent.wang", null, t);
        ComplaintWorkflow.RecordResolution(bound, "FIXED", ComplaintCategory.Billing, "agent.wang", t);
        Workflow.Fire(bound, ConfirmResolution, "agent.wang", null, t);

        Assert.Equal(FcrOutcome.NotAchieved, FirstContactResolution.Evaluate(bound, false, t.AddDays(8)));
    }

    [Fact]
    public void Evaluate_ResolvedOnTheCreatingCall_Achieved()
    {
        var bound = TakenOnCall("call-1");
        var t = DriveTo(bound, InProgressFirstContact);

        FirstContactResolution.RecordResolvingCall(bound, "call-1");
        Workflow.Fire(bound, ResolveOnCall, "agent.wang", null, t);
        ComplaintWorkflow.RecordResolution(bound, "FIXED", ComplaintCategory.Billing, "agent.wang", t);
        Workflow.Fire(bound, ConfirmResolution, "agent.wang", null, t);

        Assert.Equal(FcrOutcome.Achieved, FirstContactResolution.Evaluate(bound, false, t.AddDays(8)));
    }

    private static Complaint TakenOnCall(string callId) => new()
    {
        Id = ComplaintId.New(Monday10),
        CustomerId = "cust-1",
        Owner = "agent.wang",
        Category = ComplaintCategory.Billing,
        Severity = ComplaintSeverity.Medium,
        TierAtCreation = ValueTier.Standard,
        SlaKind = SlaKind.NonFault,
        CreatedAt = Monday10,
        CreatedOnCallId = callId,
    };

    [Fact]
    public void RecordRepeatContact_WhileOpen_EndsFirstContactAndIsAudited()
    {
        var c = New();
        var t = DriveTo(c, InProgressFirstContact);

        FirstContactResolution.RecordRepeatContact(c, "agent.li", "call-9", t);

        Assert.False(c.IsFirstContact);
        Assert.Equal("RepeatContact", c.Transitions[^1].Trigger);
        Assert.Equal("agent.li", c.Transitions[^1].Actor);
        Assert.Contains("call-9", c.Transitions[^1].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_EscalatedToBackOffice_NotAchieved()
    {
        var c = New();
        var t = DriveTo(c, BackOfficeResolved);
        ComplaintWorkflow.RecordResolution(c, "FIXED", ComplaintCategory.Network, "agent.wang", t);
        Workflow.Fire(c, InformCustomer, "agent.wang", null, t);
        Workflow.Fire(c, ConfirmResolution, "agent.wang", null, t);

        Assert.Equal(FcrOutcome.NotAchieved, FirstContactResolution.Evaluate(c, false, t.AddDays(8)));
    }

    [Fact]
    public void Evaluate_ClosedAsUnreachable_NotAchieved()
    {
        var c = New();
        var t = DriveTo(c, ResolvedPendingConfirmation);
        ComplaintWorkflow.RecordFailedContactAttempt(c, "agent.wang", t);
        ComplaintWorkflow.RecordFailedContactAttempt(c, "agent.wang", t.AddDays(1));
        Workflow.Fire(c, CloseUnreachable, "agent.wang", null, t.AddDays(1));

        Assert.Equal(FcrOutcome.NotAchieved, FirstContactResolution.Evaluate(c, false, t.AddDays(9)));
    }

    [Fact]
    public void Evaluate_ReopenedAndClosedAgain_NotAchieved()
    {
        var c = New();
        var t = DriveTo(c, Reopened);
        Workflow.Fire(c, StartWork, "agent.wang", null, t);
        Workflow.Fire(c, ResolveOnCall, "agent.wang", null, t);
        Workflow.Fire(c, ConfirmResolution, "agent.wang", null, t);

        Assert.Equal(FcrOutcome.NotAchieved, FirstContactResolution.Evaluate(c, false, t.AddDays(8)));
    }
}
