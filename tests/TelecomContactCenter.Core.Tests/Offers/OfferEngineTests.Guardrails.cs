using TelecomContactCenter.Core.Customers;
using TelecomContactCenter.Core.Offers;
using static TelecomContactCenter.Core.Offers.OfferRejectionCodes;

namespace TelecomContactCenter.Core.Tests.Offers;

/// <summary>The guardrails: offers the engine refuses (stage, tier, open complaint, cost, authority, holds) and why.</summary>
public sealed partial class OfferEngineTests
{
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
        foreach (var id in new[] { "GRO-2", "GRO-4" })
        {
            AssertRejected(result, id, OpenComplaint);
        }
    }

    [Fact]
    public void NextBest_OpenComplaintButIntentToLeave_UpsellAllowed()
    {
        var context = Customer(LifecycleStage.Growth) with { HasOpenComplaint = true, IntentToLeave = true };

        var result = Engine.NextBest(context);

        Assert.Equal("GRO-2", result.Primary?.Id);
    }

    [Fact]
    public void NextBest_DiscountWouldGoBelowCost_Rejected()
    {
        // Easy 39 on a ¥50 bill costing ¥49 to serve: 5 % of the ¥39 fee is ¥1.95 a month, so 3 × (50 − 1.95 − 49).
        var context = Customer(LifecycleStage.Maturity) with { HeldProducts = ["M-39"], RecentUsage = [], MonthlyRevenue = 50, MonthlyCostToServe = 49 };

        var result = Engine.NextBest(context);

        var rejection = Assert.Single(result.RejectionsFor("MAT-1"));
        Assert.Equal(BelowCost, rejection.Code);
        Assert.Contains("¥-2.85 over 3 months", rejection.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ValueTier.Standard, false, true, true)]
    [InlineData(ValueTier.Silver, false, true, false)]
    [InlineData(ValueTier.Gold, false, true, false)]
    [InlineData(ValueTier.Platinum, true, false, false)]
    public void NextBest_CompetitorDiscountTenPercent_OnTheTierLadder(ValueTier tier, bool unprofitable, bool offered, bool needsApproval)
    {
        var context = Customer(LifecycleStage.Decline, tier) with { Cause = DeclineCause.Competitor, IsUnprofitable = unprofitable };

        var result = Engine.NextBest(context);

        Assert.Equal(offered, Shown(result).Contains("DEC-3"));
        if (offered)
        {
            Assert.Equal(needsApproval, Offers(result).Single(o => o.Id == "DEC-3").NeedsApproval);
        }
        else
        {
            AssertRejected(result, "DEC-3", DiscountAuthority);
        }
    }

    [Fact]
    public void NextBest_OfferWhoseDiscountIsInForce_NotOfferedAgain()
    {
        var context = Customer(LifecycleStage.Decline, ValueTier.Gold) with
        {
            Cause = DeclineCause.Competitor,
            DiscountsInForce = [new DiscountInForce("DEC-3", 10, new DateTimeOffset(2027, 3, 1, 0, 0, 0, TimeSpan.Zero))],
        };

        var result = Engine.NextBest(context);

        var rejection = Assert.Single(result.RejectionsFor("DEC-3"));
        Assert.Equal((InForce, "already in force: 10% until 2027-03-01"), (rejection.Code, rejection.Reason));
    }

    [Theory]
    [InlineData(5, true, false)]
    [InlineData(10, true, true)]
    [InlineData(20, false, false)]
    public void NextBest_GoodwillDiscountInForce_CompetitorDiscountJudgedOnTheTotal(decimal inForce, bool offered, bool needsApproval)
    {
        // Gold: agent rung 15 %, cap 25 %; DEC-3 is 10 %.
        var context = Customer(LifecycleStage.Decline, ValueTier.Gold) with
        {
            Cause = DeclineCause.Competitor,
            DiscountsInForce = [new DiscountInForce(null, inForce, new DateTimeOffset(2027, 3, 1, 0, 0, 0, TimeSpan.Zero))],
        };

        var result = Engine.NextBest(context);

        Assert.Equal(offered, Shown(result).Contains("DEC-3"));
        if (offered)
        {
            Assert.Equal(needsApproval, Offers(result).Single(o => o.Id == "DEC-3").NeedsApproval);
        }
        else
        {
            AssertRejected(result, "DEC-3", DiscountAuthority);
        }
    }

    [Theory]
    [InlineData(ValueTier.Silver, false)]
    [InlineData(ValueTier.Gold, true)]
    public void NextBest_DiscountLongerThanTierMonths_Rejected(ValueTier tier, bool offered)
    {
        // Nine months: longer than Silver's limit (6), within Gold's (12).
        var catalogue = OfferCatalogue.Parse("""
            { "version": "t", "offers": [ { "id": "R", "name": "r", "kind": "Retention", "script": "s", "discountPercent": 10, "durationMonths": 9 } ] }
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
        // ¥30 one-off + 3 months × 10 % of the Flex 99 fee (¥9.90) = ¥59.70 = 0.0597 × ¥1,000.
        var context = Customer(LifecycleStage.Churned) with { WinbackProbability = 0.0597, LifetimeValue = 1000 };

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
        var options = new OfferOptions();
        options.DiscountAuthority.Gold.SupervisorPercent = 40;
        Assert.Contains("Offers:DiscountAuthority:Gold:SupervisorPercent must be between 0 and Offers:DiscountAuthority:HardCapPercent (30)", options.Validate());
        var nightly = new OfferOptions { CallbackHoursStart = new TimeOnly(21, 0), CallbackHoursEnd = new TimeOnly(8, 0) };
        Assert.Contains("Offers:CallbackHoursEnd must be after Offers:CallbackHoursStart", nightly.Validate());
    }
}
