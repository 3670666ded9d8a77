using TelecomContactCenter.Core.Customers;

namespace TelecomContactCenter.Core.Tests.Customers;

public sealed class CustomerOptionsTests
{
    [Fact]
    public void Validate_Defaults_NoErrors()
    {
        Assert.Empty(new LifecycleOptions().Validate());
        Assert.Empty(new TieringOptions().Validate());
        Assert.Empty(new ChurnOptions().Validate());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(100)]
    [InlineData(-1)]
    public void Validate_PlatinumPercentileOutOfRange_NamesKey(double value)
    {
        var errors = new TieringOptions { PlatinumPercentile = value }.Validate();

        Assert.Contains("Tiering:PlatinumPercentile must be between 0 and 100", errors);
    }

    [Fact]
    public void Validate_FallbackArpuOutOfOrder_NamesKey()
    {
        var errors = new TieringOptions { GoldFallbackArpu = 900 }.Validate();

        Assert.Contains(errors, e => e.StartsWith("Tiering:GoldFallbackArpu", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_PrepaidInactivityNotAboveDecline_NamesKey()
    {
        var errors = new LifecycleOptions { PrepaidChurnInactivityDays = 30 }.Validate();

        Assert.Contains(errors, e => e.StartsWith("Lifecycle:PrepaidChurnInactivityDays", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_BandsInverted_NamesKey()
    {
        var errors = new ChurnOptions { HighBandFrom = 20 }.Validate();

        Assert.Contains(errors, e => e.StartsWith("Churn:HighBandFrom", StringComparison.Ordinal));
    }
}
