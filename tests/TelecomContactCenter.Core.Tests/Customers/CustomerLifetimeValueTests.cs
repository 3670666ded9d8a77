using TelecomContactCenter.Core.Customers;

namespace TelecomContactCenter.Core.Tests.Customers;

public sealed class CustomerLifetimeValueTests
{
    [Fact]
    public void Compute_NoChurnNoDiscount_IsMarginTimesHorizon()
    {
        var clv = CustomerLifetimeValue.Compute(50m, 0, 36, 0);

        Assert.Equal(1800m, clv);
    }

    [Fact]
    public void Compute_LongHorizon_ApproachesClosedForm()
    {
        const double c = 0.02;
        const double d = 0.008;
        var closedForm = 100 * (1 - c) / (d + c);

        var clv = CustomerLifetimeValue.Compute(100m, c, 2400, d);

        Assert.Equal(closedForm, (double)clv, 0);
    }

    [Fact]
    public void Compute_DefaultHorizonOneMonthHandWorked_Matches()
    {
        var clv = CustomerLifetimeValue.Compute([100m], [0.1], 0.008);

        Assert.Equal(Math.Round((decimal)(100 * 0.9 / 1.008), 2), clv);
    }

    [Fact]
    public void FromScore_HighRiskCustomer_WorthLessThanLowRisk()
    {
        var low = CustomerLifetimeValue.FromScore(100m, new ChurnScore(10, ChurnBand.Low, []));

        var high = CustomerLifetimeValue.FromScore(100m, new ChurnScore(70, ChurnBand.High, []));

        Assert.True(high < low, $"high-risk {high} vs low-risk {low}");
        Assert.InRange(low, 2000m, 3600m);
    }

    [Fact]
    public void Compute_MismatchedLengths_Throws()
    {
        Assert.Throws<ArgumentException>(() => CustomerLifetimeValue.Compute([1m, 2m], [0.1], 0.008));
    }
}
