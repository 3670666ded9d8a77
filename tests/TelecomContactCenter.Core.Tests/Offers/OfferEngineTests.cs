using TelecomContactCenter.Core.Customers;
using TelecomContactCenter.Core.Offers;
using static TelecomContactCenter.Core.Offers.OfferRejectionCodes;

namespace TelecomContactCenter.Core.Tests.Offers;

public sealed class OfferEngineTests
{
    private static readonly OfferEngine Engine = new(OfferCatalogue.LoadEmbedded());

    private static OfferContext Customer(LifecycleStage stage, ValueTier tier = ValueTier.Silver) => new()
    {
        Stage = stage,
        Tier = tier,
        MonthlyRevenue = 100,
        MonthlyCostToServe = 40,
        Placeholders = new Dictionary<string, string> { ["Name"] = "Ms Chen", ["Plan"] = "Flex 98" },
    };

    private static IEnumerable<string> Shown(OfferRecommendation r) => new[] { r.Primary }.Concat(r.Alternates).Select(o => o!.Id);

    private static void AssertRejected(OfferRecommendation r, string id, string code) =>
        Assert.Contains(r.RejectionsFor(id), x => x.Code == code);

    [Fact]
    public void NextBest_MatureSilver_OnePrimaryTwoAlternatesRenderedWithVersion()
    {
        var result = Engine.NextBest(Customer(LifecycleStage.Maturity));

        Assert.Equal(["MAT-1", "MAT-2", "GRO-3"], Shown(result));
        Assert.Equal("2026.11.1", result.CatalogueVersion);
        Assert.Equal("Because you've been with us {years} years, you qualify for 5% off your monthly fee, and it rises again at 3 years.", result.Primary!.Script);
        Assert.Equal(["years"], result.Primary.MissingPlaceholders);
        AssertRejected(result, "MAT-3", NotRanked);
    }

    [Fact]
    public void NextBest_LongStandingCustomer_ScriptsQuoteTheirYearsAndMoney()
    {
        var context = Customer(LifecycleStage.Maturity) with { TenureMonths = 30, MonthlyRevenue = 180 };

        var result = Engine.NextBest(context);

        Assert.Equal("Because you've been with us 2 years, you qualify for 5% off your monthly fee, and it rises again at 3 years.", result.Primary!.Script);
        Assert.Empty(result.Primary.MissingPlaceholders);
        var prepay = result.Alternates.Single(o => o.Id == "MAT-2");
        Assert.Equal("If you prepay ¥2160, we add ¥180 of free credit, used up over 12 months.", prepay.Script);
        Assert.Empty(prepay.MissingPlaceholders);
    }

    [Fact]
    public void NextBest_WrongStageAndTier_RejectedWithCodes()
    {
        var result = Engine.NextBest(Customer(LifecycleStage.Maturity));

        AssertRejected(result, "GRO-1", Stage);
        AssertRejected(result, "MAT-5", Tier);
    }

    [Fact]
    public void NextBest_OpenComplaint_ServiceRecoveryOnly()
    {
        var context = Customer(LifecycleStage.Growth) with { HasOpenComplaint = true, Cause = DeclineCause.ServiceFailure };

        var result = Engine.NextBest(context);

        Assert.Equal("DEC-2", result.Primary?.Id);
        Assert.Empty(result.Alternates);
        foreach (var id in new[] { "GRO-1", "GRO-2", "GRO-3", "GRO-4" })
        {
            AssertRejected(result, id, OpenComplaint);
        }
    }

    [Fact]
    public void NextBest_OpenComplaintButIntentToLeave_UpsellAllowed()
    {
        var context = Customer(LifecycleStage.Growth) with { HasOpenComplaint = true, IntentToLeave = true };

        var result = Engine.NextBest(context);

        Assert.Equal("GRO-1", result.Primary?.Id);
    }

    [Fact]
    public void NextBest_DiscountWouldGoBelowCost_Rejected()
    {
        var context = Customer(LifecycleStage.Maturity) with { MonthlyRevenue = 50, MonthlyCostToServe = 48 };

        var result = Engine.NextBest(context);

        var rejection = Assert.Single(result.RejectionsFor("MAT-1"));
        Assert.Equal(BelowCost, rejection.Code);
        Assert.Contains("¥-1.50 over 3 months", rejection.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ValueTier.Standard, false, false)]
    [InlineData(ValueTier.Silver, false, true)]
    [InlineData(ValueTier.Gold, false, true)]
    [InlineData(ValueTier.Platinum, true, false)]
    public void NextBest_CompetitorDiscountTenPercent_WithinTierAuthorityOnly(ValueTier tier, bool unprofitable, bool offered)
    {
        var context = Customer(LifecycleStage.Decline, tier) with { Cause = DeclineCause.Competitor, IsUnprofitable = unprofitable };

        var result = Engine.NextBest(context);

        Assert.Equal(offered, Shown(result).Contains("DEC-3"));
        if (!offered)
        {
            AssertRejected(result, "DEC-3", DiscountAuthority);
        }
    }

    [Theory]
    [InlineData(ValueTier.Silver, false)]
    [InlineData(ValueTier.Gold, true)]
    public void NextBest_DiscountLongerThanTierMonths_Rejected(ValueTier tier, bool offered)
    {
        var catalogue = OfferCatalogue.Parse("""
            { "version": "t", "offers": [ { "id": "R", "name": "r", "kind": "Retention", "script": "s", "discountPercent": 10, "durationMonths": 6 } ] }
            """);

        var result = new OfferEngine(catalogue).NextBest(Customer(LifecycleStage.Maturity, tier));

        Assert.Equal(offered, result.Primary is not null);
    }

    [Fact]
    public void NextBest_DeclineUnknownCause_DiagnoseFirst()
    {
        var result = Engine.NextBest(Customer(LifecycleStage.Decline));

        Assert.Equal("DEC-1", result.Primary?.Id);
        AssertRejected(result, "DEC-3", Cause);
    }

    [Fact]
    public void NextBest_RiskHold_BlocksInstalmentOffer()
    {
        var context = Customer(LifecycleStage.Decline) with { Cause = DeclineCause.SpecialCircumstance, HasRiskHold = true };

        var result = Engine.NextBest(context);

        AssertRejected(result, "DEC-4", RiskHold);
    }

    [Fact]
    public void NextBest_WinbackWorthIt_OffersWinbackNotGracefulClose()
    {
        var context = Customer(LifecycleStage.Churned) with { WinbackProbability = 0.3, LifetimeValue = 1000 };

        var result = Engine.NextBest(context);

        Assert.Equal(["CHN-1", "CHN-2"], Shown(result));
        AssertRejected(result, "CHN-3", FallbackNotNeeded);
    }

    [Theory]
    [InlineData(0.05, true)]
    [InlineData(0.3, false)]
    public void NextBest_WinbackNotWorthItOrWindowClosed_GracefulClose(double probability, bool windowOpen)
    {
        var context = Customer(LifecycleStage.Churned) with { WinbackProbability = probability, LifetimeValue = 1000, WinbackWindowOpen = windowOpen };

        var result = Engine.NextBest(context);

        Assert.Equal(["CHN-1", "CHN-3"], Shown(result));
        AssertRejected(result, "CHN-2", windowOpen ? WinbackValue : WinbackWindow);
    }

    [Fact]
    public void NextBest_WinbackValueAtBreakEven_Rejected()
    {
        var context = Customer(LifecycleStage.Churned) with { WinbackProbability = 0.06, LifetimeValue = 1000 };

        var result = Engine.NextBest(context);

        var rejection = Assert.Single(result.RejectionsFor("CHN-2"));
        Assert.Contains("= ¥0.00 is not positive", rejection.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void NextBest_OfferNeedingOpenComplaintWithoutOne_Rejected()
    {
        var catalogue = OfferCatalogue.Parse("""
            { "version": "t", "offers": [ { "id": "S", "name": "s", "kind": "ServiceRecovery", "script": "s", "complaint": "Open" } ] }
            """);

        var result = new OfferEngine(catalogue).NextBest(Customer(LifecycleStage.Maturity));

        Assert.Null(result.Primary);
        Assert.Equal(ComplaintState, Assert.Single(result.Rejections).Code);
    }

    [Fact]
    public void Validate_DefaultsValidAndBadAuthorityNamesKey()
    {
        Assert.Empty(new OfferOptions().Validate());
        Assert.Contains("Offers:GoldMaxDiscountPercent must be between 0 and 100", new OfferOptions { GoldMaxDiscountPercent = 120 }.Validate());
    }
}
