using TelecomContactCenter.Core.Customers;

namespace TelecomContactCenter.Core.Tests.Customers;

public sealed class TierCutoffsTests
{
    // Revenues 1..1000: top 1% = ranks 1–10 (≥ 991), top 5% = ≥ 951, top 20% = ≥ 801.
    private static readonly TierCutoffs Thousand = TierCutoffs.FromRevenues(Enumerable.Range(1, 1000).Select(i => (decimal)i));

    [Theory]
    [InlineData(991, ValueTier.Platinum)]
    [InlineData(990, ValueTier.Gold)]
    [InlineData(951, ValueTier.Gold)]
    [InlineData(950, ValueTier.Silver)]
    [InlineData(801, ValueTier.Silver)]
    [InlineData(800, ValueTier.Standard)]
    public void TierFor_RevenueAtPercentileEdge_AssignsTier(decimal revenue, ValueTier expected)
    {
        var tier = Thousand.TierFor(revenue);

        Assert.Equal(expected, tier);
    }

    [Fact]
    public void FromRevenues_LargePopulation_SharesAreOneFourFifteenEighty()
    {
        var revenues = Enumerable.Range(1, 1000).Select(i => (decimal)i).ToArray();

        var counts = revenues.GroupBy(Thousand.TierFor).ToDictionary(g => g.Key, g => g.Count());

        Assert.Equal(10, counts[ValueTier.Platinum]);
        Assert.Equal(40, counts[ValueTier.Gold]);
        Assert.Equal(150, counts[ValueTier.Silver]);
        Assert.Equal(800, counts[ValueTier.Standard]);
        Assert.Equal(TierCutoffBasis.Percentile, Thousand.Basis);
    }

    [Theory]
    [InlineData(800 * 12, ValueTier.Platinum)]
    [InlineData(800 * 12 - 1, ValueTier.Gold)]
    [InlineData(400 * 12, ValueTier.Gold)]
    [InlineData(150 * 12, ValueTier.Silver)]
    [InlineData(150 * 12 - 1, ValueTier.Standard)]
    public void FromRevenues_SmallPopulation_UsesFallbackArpuCutoffs(decimal revenue, ValueTier expected)
    {
        var cutoffs = TierCutoffs.FromRevenues([100m, 200m, 300m]);

        var tier = cutoffs.TierFor(revenue);

        Assert.Equal(TierCutoffBasis.FallbackArpu, cutoffs.Basis);
        Assert.Equal(expected, tier);
    }

    [Fact]
    public void Explain_PercentileTop_SaysTopOnePercent()
    {
        var text = Thousand.Explain(1000);

        Assert.Equal("Platinum: top 1% by 12-month revenue", text);
    }

    [Fact]
    public void Explain_Fallback_QuotesMonthlyRevenueAndCutoff()
    {
        var cutoffs = TierCutoffs.FromRevenues([]);

        var text = cutoffs.Explain(5400);

        Assert.Equal("Gold: average monthly revenue ¥450 ≥ ¥400", text);
    }

    [Fact]
    public void BasisFor_RankedPopulation_GivesEachTiersTopShare_AndSilversShareForStandard()
    {
        Assert.Equal(new TierBasis(ValueTier.Platinum, TierCutoffBasis.Percentile, 1, null, null), Thousand.BasisFor(1000));
        Assert.Equal(new TierBasis(ValueTier.Standard, TierCutoffBasis.Percentile, 20, null, null), Thousand.BasisFor(1));
    }

    [Fact]
    public void BasisFor_SmallPopulation_GivesTheAverageMonthAndTheTiersThreshold()
    {
        var cutoffs = TierCutoffs.FromRevenues([]);

        Assert.Equal(new TierBasis(ValueTier.Gold, TierCutoffBasis.FallbackArpu, null, 450, 400), cutoffs.BasisFor(5400));
        Assert.Equal(new TierBasis(ValueTier.Standard, TierCutoffBasis.FallbackArpu, null, 100, 150), cutoffs.BasisFor(1200));
    }
}
