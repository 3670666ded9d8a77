using TelecomContactCenter.Core.Customers;

namespace TelecomContactCenter.Core.Tests.Customers;

public sealed class GroupTierEvaluatorTests
{
    private readonly GroupTierEvaluator _evaluator = new(Enumerable.Range(1, 200).Select(i => i * 1000m));

    [Theory]
    [InlineData(199_000, GroupTier.G1)]
    [InlineData(198_000, GroupTier.G2)]
    [InlineData(191_000, GroupTier.G2)]
    [InlineData(190_000, GroupTier.G3)]
    public void Evaluate_RevenueRank_TopOnePercentG1NextFourG2(decimal revenue, GroupTier expected)
    {
        var result = _evaluator.Evaluate(new GroupAccountFacts("g", revenue, false, false, false));

        Assert.Equal(expected, result.Tier);
    }

    [Fact]
    public void Evaluate_StrategicVerticalCustomerWithSmallRevenue_IsG1()
    {
        var result = _evaluator.Evaluate(new GroupAccountFacts("bank", 5_000, false, true, false));

        Assert.Equal(GroupTier.G1, result.Tier);
    }

    [Fact]
    public void Evaluate_SmallBusiness_IsSme()
    {
        var result = _evaluator.Evaluate(new GroupAccountFacts("shop", 199_000, true, false, false));

        Assert.Equal(GroupTier.Sme, result.Tier);
    }
}
