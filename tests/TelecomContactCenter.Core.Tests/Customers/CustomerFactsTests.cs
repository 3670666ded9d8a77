using TelecomContactCenter.Core.Customers;
using static TelecomContactCenter.Core.Tests.Customers.SampleCustomers;

namespace TelecomContactCenter.Core.Tests.Customers;

public sealed class CustomerFactsTests
{
    [Theory]
    [InlineData(null, null, null)]
    [InlineData(-0.4, null, -0.4)]
    [InlineData(-0.4, -0.1, -0.4)]
    [InlineData(-0.4, 0.1, 0.1)]
    [InlineData(0.2, 0.1, 0.2)]
    public void UsageChange_WorseOfTwoUnlessOneRose(double? voice, double? data, double? expected)
    {
        var facts = Mature with { VoiceUsageChange = (decimal?)voice, DataUsageChange = (decimal?)data };

        Assert.Equal((decimal?)expected, facts.UsageChange);
    }

    [Fact]
    public void ArpuChange_NoPreviousRevenue_Null()
    {
        var facts = Mature with { PreviousArpu = 0, RecentArpu = 80 };

        Assert.Null(facts.ArpuChange);
    }

    [Theory]
    [InlineData(-0.29, LifecycleStage.Maturity)]
    [InlineData(-0.30, LifecycleStage.Decline)]
    public void Evaluate_UsageDropAtThirtyPercentWithComplaints_DeclineFromMinusThirty(double usage, LifecycleStage expected)
    {
        var facts = Mature with { DataUsageChange = (decimal)usage, ComplaintsLast90Days = 2 };

        var stage = new LifecycleStageEvaluator().Evaluate(facts, null, AsOf).Stage;

        Assert.Equal(expected, stage);
    }

    [Fact]
    public void Evaluate_ConfiguredArrearsThreshold_IsUsed()
    {
        var evaluator = new LifecycleStageEvaluator(new LifecycleOptions { ArrearsDeclineDays = 45 });

        var stage = evaluator.Evaluate(Mature with { ArrearsDays = 40 }, null, AsOf).Stage;

        Assert.Equal(LifecycleStage.Maturity, stage);
    }

    [Fact]
    public void Evaluate_HardDecline_ReasonTextNamesTrigger()
    {
        var result = new LifecycleStageEvaluator().Evaluate(Mature with { ArrearsDays = 31 }, null, AsOf);

        Assert.Equal("Decline: arrears", result.Reason);
    }
}
