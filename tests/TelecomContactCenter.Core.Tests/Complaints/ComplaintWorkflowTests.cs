using TelecomContactCenter.Core.Complaints;
using static TelecomContactCenter.Core.Complaints.ComplaintState;
using static TelecomContactCenter.Core.Complaints.ComplaintTrigger;
using static TelecomContactCenter.Core.Tests.Complaints.SampleComplaints;

namespace TelecomContactCenter.Core.Tests.Complaints;

public sealed class ComplaintWorkflowTests
{
    [Fact]
    public void CustomerInfoReceived_PausedFromBackOffice_ReturnsToBackOffice()
    {
        var c = New();
        var t = DriveTo(c, EscalatedBackOffice);
        Workflow.Fire(c, RequestCustomerInfo, "agent.wang", null, t.AddHours(1));

        Workflow.Fire(c, CustomerInfoReceived, "agent.wang", null, t.AddHours(2));

        Assert.Equal(EscalatedBackOffice, c.State);
        Assert.Null(c.PendingSince);
    }

    [Theory]
    [InlineData(71, false)]
    [InlineData(72, true)]
    public void PauseExpired_OnlyAfterSeventyTwoHours(int hours, bool allowed)
    {
        var c = New();
        var paused = DriveTo(c, PendingCustomer);

        var can = Workflow.CanFire(c, PauseExpired, paused.AddHours(hours));

        Assert.Equal(allowed, can);
    }

    [Theory]
    [InlineData(11, false)]
    [InlineData(12, true)]
    public void PauseExpired_SecondPause_OnlyForWhatIsLeftOfTheSeventyTwoHours(int hours, bool allowed)
    {
        var c = New();
        var paused = DriveTo(c, PendingCustomer);
        Workflow.Fire(c, CustomerInfoReceived, "agent.wang", null, paused.AddHours(60));
        Workflow.Fire(c, RequestCustomerInfo, "agent.wang", null, paused.AddHours(61));

        var can = Workflow.CanFire(c, PauseExpired, paused.AddHours(61 + hours));

        Assert.Equal(allowed, can);
    }

    [Fact]
    public void ConfirmResolution_WithoutCodes_ThrowsNamingGuard()
    {
        var c = New();
        var t = DriveTo(c, InProgressFirstContact);
        Workflow.Fire(c, ResolveOnCall, "agent.wang", null, t);

        var ex = Assert.Throws<InvalidTransitionException>(() => Workflow.Fire(c, ConfirmResolution, "agent.wang", null, t));

        Assert.Contains("resolution and root-cause codes recorded", ex.UnmetGuards);
    }

    [Theory]
    [InlineData(23, false)]
    [InlineData(24, true)]
    public void CloseUnreachable_NeedsTwoAttemptsTwentyFourHoursApart(int gapHours, bool allowed)
    {
        var c = New();
        var t = DriveTo(c, ResolvedPendingConfirmation);
        ComplaintWorkflow.RecordFailedContactAttempt(c, "agent.wang", t);
        ComplaintWorkflow.RecordFailedContactAttempt(c, "agent.wang", t.AddHours(gapHours));

        var can = Workflow.CanFire(c, CloseUnreachable, t.AddHours(gapHours));

        Assert.Equal(allowed, can);
    }

    [Fact]
    public void CloseUnreachable_OneAttempt_NotAllowed()
    {
        var c = New();
        var t = DriveTo(c, ResolvedPendingConfirmation);
        ComplaintWorkflow.RecordFailedContactAttempt(c, "agent.wang", t);

        Assert.False(Workflow.CanFire(c, CloseUnreachable, t.AddDays(3)));
    }

    [Fact]
    public void RecordFailedContactAttempt_OutsidePendingConfirmation_Throws()
    {
        var c = New();
        var t = DriveTo(c, InProgressFirstContact);

        Assert.Throws<InvalidOperationException>(() => ComplaintWorkflow.RecordFailedContactAttempt(c, "agent.wang", t));
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(7 * 24 * 60, true)]
    [InlineData(7 * 24 * 60 + 1, false)]
    public void Reopen_OnlyWithinSevenDaysOfClosing(int minutesAfterClose, bool allowed)
    {
        var c = New();
        var closed = DriveTo(c, Closed);

        var can = Workflow.CanFire(c, Reopen, closed.AddMinutes(minutesAfterClose));

        Assert.Equal(allowed, can);
    }

    [Fact]
    public void Reopen_CountsAndLosesFirstContact_OwnerUnchanged()
    {
        var c = New();

        DriveTo(c, Reopened);

        Assert.Equal(1, c.ReopenCount);
        Assert.False(c.IsFirstContact);
        Assert.Equal("agent.wang", c.Owner);
    }

    [Fact]
    public void Reopen_ThenResolveAgain_ClearsEarlierFailedAttempts()
    {
        var c = New();
        var t = DriveTo(c, ResolvedPendingConfirmation);
        ComplaintWorkflow.RecordFailedContactAttempt(c, "agent.wang", t);
        Workflow.Fire(c, ConfirmResolution, "agent.wang", null, t.AddHours(1));
        Workflow.Fire(c, Reopen, "agent.wang", "again", t.AddHours(2));
        Workflow.Fire(c, StartWork, "agent.wang", null, t.AddHours(3));

        Workflow.Fire(c, ResolveOnCall, "agent.wang", null, t.AddHours(4));

        Assert.Empty(c.FailedContactAttempts);
    }

    [Theory]
    [InlineData(EscalateToBackOffice)]
    [InlineData(Withdraw)]
    public void Fire_TriggerNeedingReasonWithoutOne_Throws(ComplaintTrigger trigger)
    {
        var c = New();
        var t = DriveTo(c, InProgressFirstContact);

        Assert.Throws<ArgumentException>(() => Workflow.Fire(c, trigger, "agent.wang", " ", t));
        Assert.Equal(InProgressFirstContact, c.State);
    }

    [Fact]
    public void Fire_BlankActor_Throws()
    {
        var c = New();

        Assert.Throws<ArgumentException>(() => Workflow.Fire(c, Classify, "", null, Monday10));
    }

    [Fact]
    public void Fire_RecordsAuditEntryAndBumpsVersion()
    {
        var c = New();
        var t = DriveTo(c, InProgressFirstContact);

        Workflow.Fire(c, EscalateToBackOffice, "agent.wang", "needs field engineer", t.AddMinutes(5));

        Assert.Equal(new ComplaintTransition(t.AddMinutes(5), "agent.wang", "EscalateToBackOffice", InProgressFirstContact, EscalatedBackOffice, "needs field engineer"), c.Transitions[^1]);
        Assert.Equal(3, c.Version);
    }

    [Fact]
    public void Escalate_SetsOlaDueAtSixtyPercentOfSla()
    {
        var c = New(kind: SlaKind.Fault);
        var t = DriveTo(c, InProgressFirstContact);

        Workflow.Fire(c, EscalateToBackOffice, "agent.wang", "field", t);

        Assert.Equal(t.AddMinutes(864), c.OlaDueAt);
        Assert.False(c.IsFirstContact);
    }

    [Fact]
    public void Reassign_BySupervisorWithReason_ChangesOwnerAndAudits()
    {
        var c = New();
        var t = DriveTo(c, EscalatedBackOffice);

        ComplaintWorkflow.Reassign(c, "agent.li", "sup.zhao", "agent.wang on leave", t);

        Assert.Equal("agent.li", c.Owner);
        Assert.Equal("Reassign", c.Transitions[^1].Trigger);
        Assert.Equal("sup.zhao", c.Transitions[^1].Actor);
        Assert.Contains("agent.wang on leave", c.Transitions[^1].Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "reason")]
    [InlineData("agent.li", "")]
    public void Reassign_MissingOwnerOrReason_Throws(string owner, string reason)
    {
        var c = New();

        Assert.Throws<ArgumentException>(() => ComplaintWorkflow.Reassign(c, owner, "sup.zhao", reason, Monday10));
        Assert.Equal("agent.wang", c.Owner);
    }

    [Fact]
    public void Reassign_ClosedComplaint_Throws()
    {
        var c = New();
        var t = DriveTo(c, Closed);

        Assert.Throws<InvalidOperationException>(() => ComplaintWorkflow.Reassign(c, "agent.li", "sup.zhao", "r", t));
    }

    [Fact]
    public void New_BlankOwner_Throws()
    {
        static Complaint Create() => new()
        {
            Id = ComplaintId.New(Monday10),
            CustomerId = "x",
            Owner = " ",
            Category = ComplaintCategory.Billing,
            Severity = ComplaintSeverity.Low,
            TierAtCreation = default,
            SlaKind = SlaKind.NonFault,
            CreatedAt = Monday10,
        };

        Assert.Throws<ArgumentException>(Create);
    }

    [Fact]
    public void Merge_IntoItself_Throws()
    {
        var c = New();

        Assert.Throws<ArgumentException>(() => Workflow.Merge(c, c.Id, "agent.wang", "dup", Monday10));
    }

    [Fact]
    public void Merge_IntoSurvivor_RecordsTarget()
    {
        var c = New();
        var survivor = ComplaintId.New(Monday10.AddSeconds(1));

        Workflow.Merge(c, survivor, "agent.wang", "same outage", Monday10);

        Assert.Equal(Merged, c.State);
        Assert.Equal(survivor, c.MergedInto);
        Assert.False(c.IsOpen);
    }

    [Fact]
    public void Merge_FromClosed_FailsAndLeavesNoTarget()
    {
        var c = New();
        var t = DriveTo(c, Closed);

        Assert.Throws<InvalidTransitionException>(() => Workflow.Merge(c, ComplaintId.New(t), "agent.wang", "dup", t));
        Assert.Null(c.MergedInto);
    }
}
