using TelecomContactCenter.Core.Customers;
using static TelecomContactCenter.Core.Tests.Customers.SampleCustomers;

namespace TelecomContactCenter.Core.Tests.Customers;

public sealed class ValueTierEvaluatorTests
{
    private static readonly TierCutoffs Fallback = TierCutoffs.FromRevenues([]);
    private readonly ValueTierEvaluator _evaluator = new();

    private static CustomerFacts WithMonthly(decimal arpu) => Mature with { Revenue12Months = arpu * 12, CostToServe12Months = 0 };

    [Theory]
    [InlineData(100, ValueTier.Silver)]
    [InlineData(200, ValueTier.Gold)]
    [InlineData(500, ValueTier.Gold)]
    [InlineData(900, ValueTier.Platinum)]
    public void Evaluate_LoyalLongTenureMultiProduct_UpOneTierCappedAtGold(decimal arpu, ValueTier expected)
    {
        var facts = WithMonthly(arpu) with { TenureMonths = 60, ActiveProducts = 3 };

        var result = _evaluator.Evaluate(facts, Fallback, null, null, AsOf);

        Assert.Equal(expected, result.Tier);
    }

    [Theory]
    [InlineData(59, 3, false)]
    [InlineData(60, 2, false)]
    [InlineData(60, 3, true)]
    public void Evaluate_LoyaltyConditionMissing_NoUplift(int tenure, int products, bool arrears)
    {
        var facts = WithMonthly(200) with { TenureMonths = tenure, ActiveProducts = products, ArrearsInLast12Months = arrears };

        var result = _evaluator.Evaluate(facts, Fallback, null, null, AsOf);

        Assert.Equal(ValueTier.Silver, result.Tier);
        Assert.DoesNotContain(TierReasonCodes.LoyaltyUplift, result.ReasonCodes);
    }

    [Fact]
    public void Evaluate_DropsBelowCutOnce_KeepsTierThenDemotesNextMonth()
    {
        var gold = _evaluator.Evaluate(WithMonthly(450), Fallback, null, null, AsOf.AddMonths(-1));

        var first = _evaluator.Evaluate(WithMonthly(200), Fallback, gold.History, null, AsOf);
        var second = _evaluator.Evaluate(WithMonthly(200), Fallback, first.History, null, AsOf.AddMonths(1));

        Assert.Equal(ValueTier.Gold, first.Tier);
        Assert.Contains(TierReasonCodes.DemotionHeld, first.ReasonCodes);
        Assert.Equal(ValueTier.Silver, second.Tier);
        Assert.Contains(TierReasonCodes.Demoted, second.ReasonCodes);
    }

    [Fact]
    public void Evaluate_RecoversAfterOneMonthBelow_ResetsDemotionCount()
    {
        var gold = _evaluator.Evaluate(WithMonthly(450), Fallback, null, null, AsOf.AddMonths(-1));
        var below = _evaluator.Evaluate(WithMonthly(200), Fallback, gold.History, null, AsOf);
        var back = _evaluator.Evaluate(WithMonthly(450), Fallback, below.History, null, AsOf.AddMonths(1));

        var belowAgain = _evaluator.Evaluate(WithMonthly(200), Fallback, back.History, null, AsOf.AddMonths(2));

        Assert.Equal(ValueTier.Gold, belowAgain.Tier);
    }

    [Fact]
    public void Evaluate_RevenueRises_PromotesAtOnce()
    {
        var silver = _evaluator.Evaluate(WithMonthly(200), Fallback, null, null, AsOf.AddMonths(-1));

        var result = _evaluator.Evaluate(WithMonthly(900), Fallback, silver.History, null, AsOf);

        Assert.Equal(ValueTier.Platinum, result.Tier);
    }

    [Fact]
    public void Evaluate_ArpuUpFifteenPercentTwoMonths_RisingWithoutTierChange()
    {
        var facts = WithMonthly(200) with { RecentArpu = 115, PreviousArpu = 100 };
        var first = _evaluator.Evaluate(facts, Fallback, null, null, AsOf.AddMonths(-1));

        var second = _evaluator.Evaluate(facts, Fallback, first.History, null, AsOf);

        Assert.False(first.IsRising);
        Assert.True(second.IsRising);
        Assert.Equal(ValueTier.Silver, second.Tier);
    }

    [Fact]
    public void Evaluate_CostExceedsRevenue_UnprofitableButServiceTierKept()
    {
        var facts = WithMonthly(900) with { CostToServe12Months = 900 * 12 + 1 };

        var result = _evaluator.Evaluate(facts, Fallback, null, null, AsOf);

        Assert.Equal(ValueTier.Platinum, result.Tier);
        Assert.True(result.IsUnprofitable);
        Assert.False(result.RetentionDiscountsAllowed);
    }

    [Fact]
    public void Evaluate_FraudHold_BlocksFinancialPerksOnly()
    {
        var result = _evaluator.Evaluate(WithMonthly(900) with { FraudOrCreditHold = true }, Fallback, null, null, AsOf);

        Assert.Equal(ValueTier.Platinum, result.Tier);
        Assert.False(result.FinancialPerksAllowed);
        Assert.Contains(TierReasonCodes.RiskHold, result.ReasonCodes);
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(30, true)]
    [InlineData(31, false)]
    public void Evaluate_ManualOverride_AppliesUntilExpiryDay(int daysAfterExpiryStart, bool applies)
    {
        var manual = TierOverride.Create(ValueTier.Gold, "Tender in progress", "am.li", AsOf, AsOf.AddDays(30));

        var result = _evaluator.Evaluate(WithMonthly(100), Fallback, null, manual, AsOf.AddDays(daysAfterExpiryStart));

        Assert.Equal(applies ? ValueTier.Gold : ValueTier.Standard, result.Tier);
        Assert.Contains(applies ? TierReasonCodes.Override : TierReasonCodes.OverrideExpired, result.ReasonCodes);
    }

    [Fact]
    public void TierOverride_ExpiryBeyondSixMonths_Rejected()
    {
        var act = () => TierOverride.Create(ValueTier.Gold, "reason", "am.li", AsOf, AsOf.AddMonths(6).AddDays(1));

        Assert.Throws<ArgumentOutOfRangeException>(act);
    }

    [Fact]
    public void TierOverride_BlankReason_Rejected()
    {
        var act = () => TierOverride.Create(ValueTier.Gold, " ", "am.li", AsOf, AsOf.AddMonths(6));

        Assert.Throws<ArgumentException>(act);
    }

    [Theory]
    [InlineData(GroupTier.G1, GroupContactRole.EconomicBuyer, ValueTier.Platinum)]
    [InlineData(GroupTier.G1, GroupContactRole.AccountAdministrator, ValueTier.Platinum)]
    [InlineData(GroupTier.G2, GroupContactRole.TechnicalBuyer, ValueTier.Gold)]
    [InlineData(GroupTier.G1, GroupContactRole.Employee, ValueTier.Silver)]
    [InlineData(GroupTier.G2, GroupContactRole.Employee, ValueTier.Silver)]
    [InlineData(GroupTier.G3, GroupContactRole.Coach, ValueTier.Standard)]
    [InlineData(GroupTier.Sme, GroupContactRole.Employee, ValueTier.Standard)]
    public void Evaluate_GroupMember_InheritsRoutingFloor(GroupTier group, GroupContactRole role, ValueTier expected)
    {
        var facts = WithMonthly(50) with { Group = new GroupMembership("grp-1", group, role) };

        var result = _evaluator.Evaluate(facts, Fallback, null, null, AsOf);

        Assert.Equal(expected, result.Tier);
        Assert.Equal(ValueTier.Standard, result.BaseTier);
    }

    [Fact]
    public void Evaluate_GoldEmployeeOfG1_KeepsOwnHigherTier()
    {
        var facts = WithMonthly(450) with { Group = new GroupMembership("grp-1", GroupTier.G1, GroupContactRole.Employee) };

        var result = _evaluator.Evaluate(facts, Fallback, null, null, AsOf);

        Assert.Equal(ValueTier.Gold, result.Tier);
    }
}
