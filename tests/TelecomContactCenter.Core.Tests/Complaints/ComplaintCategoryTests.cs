using TelecomContactCenter.Core.Complaints;
using TelecomContactCenter.Core.Customers;

namespace TelecomContactCenter.Core.Tests.Complaints;

public sealed class ComplaintCategoryTests
{
    [Theory]
    [InlineData(ComplaintCategory.Billing, "BILL", DeclineCause.ServiceFailure)]
    [InlineData(ComplaintCategory.Payment, "PAY", DeclineCause.SpecialCircumstance)]
    [InlineData(ComplaintCategory.Network, "NET", DeclineCause.ServiceFailure)]
    [InlineData(ComplaintCategory.PriceOrCompetitor, "PRICE", DeclineCause.Competitor)]
    [InlineData(ComplaintCategory.MissingFeature, "FEAT", DeclineCause.Competitor)]
    [InlineData(ComplaintCategory.Involuntary, "INVOL", DeclineCause.SpecialCircumstance)]
    [InlineData(ComplaintCategory.Fraud, "FRAUD", DeclineCause.SpecialCircumstance)]
    public void ToCode_AndCauseClass_FollowTaxonomy(ComplaintCategory category, string code, DeclineCause cause)
    {
        Assert.Equal(code, category.ToCode());
        Assert.Equal(cause, category.CauseClass());
        Assert.True(ComplaintCategories.TryParseCode(code.ToLowerInvariant(), out var parsed));
        Assert.Equal(category, parsed);
    }

    [Theory]
    [InlineData(ComplaintCategory.Network, ComplaintSeverity.High)]
    [InlineData(ComplaintCategory.Fraud, ComplaintSeverity.High)]
    [InlineData(ComplaintCategory.PoorResponse, ComplaintSeverity.High)]
    [InlineData(ComplaintCategory.Billing, ComplaintSeverity.Medium)]
    [InlineData(ComplaintCategory.PriceOrCompetitor, ComplaintSeverity.Medium)]
    [InlineData(ComplaintCategory.Inconvenience, ComplaintSeverity.Medium)]
    public void DefaultSeverity_ServiceDownMoneyAtStakeOrARepeatStartHigh(ComplaintCategory category, ComplaintSeverity expected)
    {
        Assert.Equal(expected, category.DefaultSeverity());
    }

    [Fact]
    public void AllCodes_TwelveDistinctCodes()
    {
        Assert.Equal(12, ComplaintCategories.AllCodes.Distinct().Count());
        Assert.False(ComplaintCategories.TryParseCode("WEATHER", out _));
    }
}
