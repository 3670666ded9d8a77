using Microsoft.Extensions.Time.Testing;
using TelecomContactCenter.Core.Complaints;
using TelecomContactCenter.Core.Customers;
using static TelecomContactCenter.Core.Complaints.ComplaintTrigger;
using static TelecomContactCenter.Core.Tests.Complaints.SampleComplaints;

namespace TelecomContactCenter.Core.Tests.Complaints;

public sealed class SlaClockTests
{
    private readonly SlaClock _clock = new(new SlaPolicy());
    private readonly FakeTimeProvider _time = new(Monday10);

    private void Fire(Complaint c, ComplaintTrigger trigger) => Workflow.Fire(c, trigger, "agent.wang", "r", _time.GetUtcNow());

    private Complaint Working(ValueTier tier, SlaKind kind)
    {
        var c = New(tier, kind, _time.GetUtcNow());
        Fire(c, Classify);
        Fire(c, StartWork);
        return c;
    }

    [Theory]
    [InlineData(1, SlaBand.OnTrack, new int[0])]
    [InlineData(2, SlaBand.Warning50, new[] { 50 })]
    [InlineData(3, SlaBand.Warning75, new[] { 50, 75 })]
    [InlineData(4, SlaBand.Breached, new[] { 50, 75, 100 })]
    public void Evaluate_PlatinumNonFault_BandsAtFiftySeventyFiveHundred(int hours, SlaBand band, int[] crossed)
    {
        var c = Working(ValueTier.Platinum, SlaKind.NonFault);
        _time.Advance(TimeSpan.FromHours(hours));

        var status = _clock.Evaluate(c, _time.GetUtcNow());

        Assert.Equal(band, status.Band);
        Assert.Equal(crossed, status.ThresholdsCrossed);
    }

    [Fact]
    public void Evaluate_NonFaultOvernight_CountsOnlyBusinessHours()
    {
        var c = Working(ValueTier.Platinum, SlaKind.NonFault);

        _time.Advance(TimeSpan.FromHours(24));
        var status = _clock.Evaluate(c, _time.GetUtcNow());

        Assert.Equal(TimeSpan.FromHours(9), status.Consumed);
        Assert.True(status.IsBreached);
        Assert.Equal(2.25, status.FractionConsumed, 6);
    }

    [Fact]
    public void Evaluate_BreachedOnABusinessHoursClock_SaysWhenItBreachedWhateverTheTimeOfLooking()
    {
        var c = Working(ValueTier.Platinum, SlaKind.NonFault);

        _time.Advance(TimeSpan.FromHours(24));
        var nextMorning = _clock.Evaluate(c, _time.GetUtcNow());
        _time.Advance(TimeSpan.FromHours(30));
        var dayAfter = _clock.Evaluate(c, _time.GetUtcNow());
        var fresh = _clock.Evaluate(Working(ValueTier.Platinum, SlaKind.NonFault), _time.GetUtcNow());

        // Four business hours from Monday 10:00: breached Monday 14:00, however late it is looked at.
        Assert.Equal(Monday10.AddHours(4), nextMorning.BreachedAt);
        Assert.Equal(Monday10.AddHours(4), dayAfter.BreachedAt);
        Assert.Null(fresh.BreachedAt);
    }

    [Fact]
    public void Evaluate_FaultOverWeekend_CountsWallClock()
    {
        var c = Working(ValueTier.Gold, SlaKind.Fault);

        _time.Advance(TimeSpan.FromHours(6));
        var status = _clock.Evaluate(c, _time.GetUtcNow());

        Assert.Equal(TimeSpan.FromHours(6), status.Consumed);
        Assert.Equal(SlaBand.Warning50, status.Band);
        Assert.Equal(_time.GetUtcNow().AddHours(6), status.DueAt);
    }

    [Fact]
    public void Evaluate_PendingCustomer_ClockPaused()
    {
        var c = Working(ValueTier.Gold, SlaKind.Fault);
        _time.Advance(TimeSpan.FromHours(2));
        Fire(c, RequestCustomerInfo);

        _time.Advance(TimeSpan.FromHours(48));
        var status = _clock.Evaluate(c, _time.GetUtcNow());

        Assert.Equal(TimeSpan.FromHours(2), status.Consumed);
        Assert.True(status.IsPaused);
        Assert.Equal(_time.GetUtcNow().AddHours(24 + 10), status.DueAt);
    }

    [Fact]
    public void Evaluate_PendingBeyondSeventyTwoHours_ClockResumes()
    {
        var c = Working(ValueTier.Gold, SlaKind.Fault);
        _time.Advance(TimeSpan.FromHours(2));
        Fire(c, RequestCustomerInfo);

        _time.Advance(TimeSpan.FromHours(72 + 4));
        var status = _clock.Evaluate(c, _time.GetUtcNow());

        Assert.Equal(TimeSpan.FromHours(6), status.Consumed);
        Assert.False(status.IsPaused);
    }

    [Fact]
    public void Evaluate_SecondPause_PausesOnlyForWhatIsLeftOfTheLifetimeCap()
    {
        var c = Working(ValueTier.Gold, SlaKind.Fault);
        Fire(c, RequestCustomerInfo);
        _time.Advance(TimeSpan.FromHours(60));
        Fire(c, CustomerInfoReceived);
        _time.Advance(TimeSpan.FromHours(1));
        Fire(c, RequestCustomerInfo);

        _time.Advance(TimeSpan.FromHours(20));
        var status = _clock.Evaluate(c, _time.GetUtcNow());

        Assert.Equal(TimeSpan.FromHours(1 + 8), status.Consumed);
        Assert.False(status.IsPaused);
    }

    [Fact]
    public void Evaluate_SecondPauseWithinWhatIsLeft_PausedUntilTheCapIsUsedUp()
    {
        var c = Working(ValueTier.Gold, SlaKind.Fault);
        Fire(c, RequestCustomerInfo);
        _time.Advance(TimeSpan.FromHours(60));
        Fire(c, CustomerInfoReceived);
        _time.Advance(TimeSpan.FromHours(1));
        Fire(c, RequestCustomerInfo);

        _time.Advance(TimeSpan.FromHours(5));
        var status = _clock.Evaluate(c, _time.GetUtcNow());

        Assert.True(status.IsPaused);
        Assert.Equal(_time.GetUtcNow().AddHours(7 + 11), status.DueAt);
    }

    [Fact]
    public void Evaluate_CustomerAnswersWithinPause_ResumesWithoutLoss()
    {
        var c = Working(ValueTier.Gold, SlaKind.Fault);
        _time.Advance(TimeSpan.FromHours(2));
        Fire(c, RequestCustomerInfo);
        _time.Advance(TimeSpan.FromHours(30));
        Fire(c, CustomerInfoReceived);

        _time.Advance(TimeSpan.FromHours(1));
        var status = _clock.Evaluate(c, _time.GetUtcNow());

        Assert.Equal(TimeSpan.FromHours(3), status.Consumed);
        Assert.Equal(TimeSpan.FromHours(9), status.Remaining);
    }

    [Fact]
    public void Evaluate_ResolvedAwaitingConfirmation_ClockStopped()
    {
        var c = Working(ValueTier.Silver, SlaKind.Fault);
        _time.Advance(TimeSpan.FromHours(5));
        Fire(c, ResolveOnCall);

        _time.Advance(TimeSpan.FromDays(3));
        var status = _clock.Evaluate(c, _time.GetUtcNow());

        Assert.True(status.IsStopped);
        Assert.Equal(TimeSpan.FromHours(5), status.Consumed);
        Assert.Null(status.DueAt);
    }

    [Fact]
    public void Evaluate_Reopened_ContinuesFromWhereItStopped()
    {
        var c = Working(ValueTier.Silver, SlaKind.Fault);
        _time.Advance(TimeSpan.FromHours(5));
        ComplaintWorkflow.RecordResolution(c, "FIX", ComplaintCategory.Network, "agent.wang", _time.GetUtcNow());
        Fire(c, ResolveOnCall);
        Fire(c, ConfirmResolution);
        _time.Advance(TimeSpan.FromDays(2));
        Fire(c, Reopen);

        _time.Advance(TimeSpan.FromHours(1));
        var status = _clock.Evaluate(c, _time.GetUtcNow());

        Assert.Equal(TimeSpan.FromHours(6), status.Consumed);
        Assert.False(status.IsStopped);
    }

    [Fact]
    public void Evaluate_ReassignDuringPause_DoesNotRestartPauseCap()
    {
        var c = Working(ValueTier.Gold, SlaKind.Fault);
        Fire(c, RequestCustomerInfo);
        _time.Advance(TimeSpan.FromHours(70));
        ComplaintWorkflow.Reassign(c, "agent.li", "sup.zhao", "shift change", _time.GetUtcNow());

        _time.Advance(TimeSpan.FromHours(5));
        var status = _clock.Evaluate(c, _time.GetUtcNow());

        Assert.Equal(TimeSpan.FromHours(3), status.Consumed);
    }

    [Fact]
    public void Evaluate_StandardNonFaultFromFridayEvening_DueFiveBusinessDaysLater()
    {
        _time.SetUtcNow(new DateTimeOffset(2026, 11, 6, 9, 0, 0, TimeSpan.Zero));
        var c = Working(ValueTier.Standard, SlaKind.NonFault);

        var status = _clock.Evaluate(c, _time.GetUtcNow());

        Assert.Equal(new DateTimeOffset(2026, 11, 13, 17, 0, 0, TimeSpan.FromHours(8)), status.DueAt);
        Assert.Equal(SlaBand.OnTrack, status.Band);
    }
}

