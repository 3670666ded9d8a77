using TelecomContactCenter.Core.Customers;
using static TelecomContactCenter.Core.Tests.Customers.SampleCustomers;

namespace TelecomContactCenter.Core.Tests.Customers;

public sealed class LifecycleStageEvaluatorTests
{
    private readonly LifecycleStageEvaluator _evaluator = new();

    [Theory]
    [InlineData(2, LifecycleStage.Acquisition, "ACQ-TENURE")]
    [InlineData(3, LifecycleStage.Growth, "GRO-TENURE")]
    [InlineData(11, LifecycleStage.Growth, "GRO-TENURE")]
    [InlineData(12, LifecycleStage.Maturity, "MAT-STABLE")]
    public void Evaluate_TenureAtBoundary_AssignsStage(int tenure, LifecycleStage expected, string code)
    {
        var facts = Mature with { TenureMonths = tenure };

        var result = _evaluator.Evaluate(facts, null, AsOf);

        Assert.Equal(expected, result.Stage);
        Assert.Equal([code], result.ReasonCodes);
    }

    [Fact]
    public void Evaluate_UnknownCaller_IsProspectInAcquisition()
    {
        var facts = Mature with { IsKnownCustomer = false };

        var result = _evaluator.Evaluate(facts, null, AsOf);

        Assert.Equal(LifecycleStage.Acquisition, result.Stage);
        Assert.Contains(StageReasonCodes.AcquisitionProspect, result.ReasonCodes);
    }

    [Theory]
    [InlineData(115, LifecycleStage.Growth)]
    [InlineData(114, LifecycleStage.Maturity)]
    public void Evaluate_ArpuRiseAroundFifteenPercent_GrowthOnlyFromFifteen(decimal recent, LifecycleStage expected)
    {
        var facts = Mature with { RecentArpu = recent };

        var result = _evaluator.Evaluate(facts, null, AsOf);

        Assert.Equal(expected, result.Stage);
    }

    [Fact]
    public void Evaluate_ProductAddedInNinetyDays_IsGrowth()
    {
        var facts = Mature with { ProductChangeLast90Days = 1 };

        var result = _evaluator.Evaluate(facts, null, AsOf);

        Assert.Equal(LifecycleStage.Growth, result.Stage);
        Assert.Equal([StageReasonCodes.GrowthProducts], result.ReasonCodes);
    }

    [Theory]
    [InlineData(29, false, LifecycleStage.Maturity)]
    [InlineData(30, false, LifecycleStage.Decline)]
    [InlineData(89, true, LifecycleStage.Decline)]
    [InlineData(90, true, LifecycleStage.Churned)]
    [InlineData(90, false, LifecycleStage.Decline)]
    public void Evaluate_DaysSinceLastActivity_DeclineOrPrepaidChurn(int days, bool prepaid, LifecycleStage expected)
    {
        var facts = Mature with { DaysSinceLastChargeableEvent = days, IsPrepaid = prepaid };

        var result = _evaluator.Evaluate(facts, null, AsOf);

        Assert.Equal(expected, result.Stage);
    }

    [Theory]
    [InlineData(29, LifecycleStage.Maturity)]
    [InlineData(30, LifecycleStage.Decline)]
    public void Evaluate_ArrearsDays_DeclineFromThirty(int arrears, LifecycleStage expected)
    {
        var facts = Mature with { ArrearsDays = arrears };

        var result = _evaluator.Evaluate(facts, null, AsOf);

        Assert.Equal(expected, result.Stage);
    }

    [Theory]
    [InlineData(AccountStatus.Terminated)]
    [InlineData(AccountStatus.PortedOut)]
    [InlineData(AccountStatus.Deregistered)]
    public void Evaluate_ExitStatus_IsChurned(AccountStatus status)
    {
        var facts = Mature with { Status = status, IntentToLeave = true };

        var result = _evaluator.Evaluate(facts, null, AsOf);

        Assert.Equal(LifecycleStage.Churned, result.Stage);
        Assert.Equal([StageReasonCodes.ChurnedStatus], result.ReasonCodes);
    }

    [Fact]
    public void Evaluate_SuspendedForArrears_IsHardDecline()
    {
        var facts = Mature with { Status = AccountStatus.SuspendedForArrears };

        var result = _evaluator.Evaluate(facts, null, AsOf);

        Assert.Equal(LifecycleStage.Decline, result.Stage);
        Assert.Contains(StageReasonCodes.DeclineSuspended, result.ReasonCodes);
    }

    [Fact]
    public void Evaluate_DisconnectionCompleted_IsChurned()
    {
        var result = _evaluator.Evaluate(Mature with { DisconnectionCompleted = true }, null, AsOf);

        Assert.Equal(LifecycleStage.Churned, result.Stage);
        Assert.Equal([StageReasonCodes.ChurnedDisconnected], result.ReasonCodes);
    }

    [Theory]
    [InlineData(-12, true)]
    [InlineData(-13, false)]
    public void Evaluate_ChurnedExitAge_WinbackWindowTwelveMonths(int monthsAgo, bool open)
    {
        var facts = Mature with { Status = AccountStatus.PortedOut, ExitDate = AsOf.AddMonths(monthsAgo) };

        var result = _evaluator.Evaluate(facts, null, AsOf);

        Assert.Equal(open, result.WinbackWindow);
    }

    [Fact]
    public void Evaluate_IntentOnYoungAccount_DeclineOverridesAcquisition()
    {
        var facts = Mature with { TenureMonths = 1, IntentToLeave = true };

        var result = _evaluator.Evaluate(facts, null, AsOf);

        Assert.Equal(LifecycleStage.Decline, result.Stage);
        Assert.Contains("DEC-HARD-INTENT", result.ReasonCodes);
    }

    public static TheoryData<CustomerFacts, string> SingleSoftTriggers => new()
    {
        { Mature with { RecentArpu = 70 }, "DEC-SOFT-ARPU" },
        { Mature with { VoiceUsageChange = -0.30m }, "DEC-SOFT-USAGE" },
        { Mature with { ComplaintsLast90Days = 2 }, "DEC-SOFT-COMPLAINTS" },
        { Mature with { ComplaintSlaBreachedLast90Days = true }, "DEC-SOFT-COMPLAINTS" },
        { Mature with { CommitmentEnd = AsOf.AddDays(60) }, "DEC-SOFT-COMMIT" },
    };

    [Theory]
    [MemberData(nameof(SingleSoftTriggers))]
    public void Evaluate_OneSoftTrigger_NotDecline(CustomerFacts facts, string code)
    {
        var result = _evaluator.Evaluate(facts, null, AsOf);

        Assert.NotEqual(LifecycleStage.Decline, result.Stage);
        Assert.DoesNotContain(code, result.ReasonCodes);
    }

    public static TheoryData<CustomerFacts, string, string> TwoSoftTriggers => new()
    {
        { Mature with { RecentArpu = 70, DataUsageChange = -0.4m }, "DEC-SOFT-ARPU", "DEC-SOFT-USAGE" },
        { Mature with { DataUsageChange = -0.4m, ComplaintsLast90Days = 3 }, "DEC-SOFT-USAGE", "DEC-SOFT-COMPLAINTS" },
        { Mature with { ComplaintSlaBreachedLast90Days = true, CommitmentEnd = AsOf }, "DEC-SOFT-COMPLAINTS", "DEC-SOFT-COMMIT" },
        { Mature with { CommitmentEnd = AsOf.AddDays(30), RecentArpu = 50 }, "DEC-SOFT-COMMIT", "DEC-SOFT-ARPU" },
    };

    [Theory]
    [MemberData(nameof(TwoSoftTriggers))]
    public void Evaluate_TwoSoftTriggers_DeclineWithBothCodes(CustomerFacts facts, string first, string second)
    {
        var result = _evaluator.Evaluate(facts, null, AsOf);

        Assert.Equal(LifecycleStage.Decline, result.Stage);
        Assert.Contains(first, result.ReasonCodes);
        Assert.Contains(second, result.ReasonCodes);
    }

    [Fact]
    public void Evaluate_ChurnScoreAtSixty_AddsChurnScoreTrigger()
    {
        var facts = Mature with { RecentArpu = 70, VoiceUsageChange = -0.3m, ComplaintsLast90Days = 2, ComplaintSlaBreachedLast90Days = true };

        var result = _evaluator.Evaluate(facts, null, AsOf);

        Assert.Equal(LifecycleStage.Decline, result.Stage);
        Assert.Contains(StageReasonCodes.DeclineSoftChurnScore, result.ReasonCodes);
    }

    [Theory]
    [InlineData(71, LifecycleStage.Maturity)]
    [InlineData(70, LifecycleStage.Decline)]
    public void Evaluate_ArpuDropAtThirtyPercentWithComplaints_DeclineFromMinusThirty(decimal recent, LifecycleStage expected)
    {
        var facts = Mature with { RecentArpu = recent, ComplaintsLast90Days = 2 };

        var result = _evaluator.Evaluate(facts, null, AsOf);

        Assert.Equal(expected, result.Stage);
    }

    [Fact]
    public void Evaluate_CommitmentEndingWithRenewal_NotATrigger()
    {
        var facts = Mature with { CommitmentEnd = AsOf.AddDays(10), RenewalOnFile = true, ComplaintsLast90Days = 2 };

        var result = _evaluator.Evaluate(facts, null, AsOf);

        Assert.Equal(LifecycleStage.Maturity, result.Stage);
    }

    [Theory]
    [InlineData(false, LifecycleStage.Maturity)]
    [InlineData(true, LifecycleStage.Decline)]
    public void Evaluate_CommitmentEndsIn75Days_TriggersOnlyForGroupAccounts(bool group, LifecycleStage expected)
    {
        var facts = Mature with { CommitmentEnd = AsOf.AddDays(75), IsGroupAccount = group, ComplaintsLast90Days = 2 };

        var result = _evaluator.Evaluate(facts, null, AsOf);

        Assert.Equal(expected, result.Stage);
    }

    [Fact]
    public void Evaluate_VoiceDownButDataUp_UsageNotCountedAsDrop()
    {
        var facts = Mature with { VoiceUsageChange = -0.6m, DataUsageChange = 0.2m, ComplaintsLast90Days = 2 };

        var result = _evaluator.Evaluate(facts, null, AsOf);

        Assert.Equal(LifecycleStage.Maturity, result.Stage);
    }
}
