using TelecomContactCenter.Core.Customers;
using TelecomContactCenter.Core.Offers;
using static TelecomContactCenter.Core.Offers.OfferRejectionCodes;

namespace TelecomContactCenter.Core.Tests.Offers;

/// <summary>What each offer says: its slots filled from the customer's real facts, in both languages.</summary>
public sealed partial class OfferEngineTests
{
    private static readonly OfferEngine Engine = new(OfferCatalogue.LoadEmbedded());

    /// <summary>A Silver customer of 30 months on Flex 99 (20 GB, 500 min) who uses 6 GB and 200 minutes a month.</summary>
    private static OfferContext Customer(LifecycleStage stage, ValueTier tier = ValueTier.Silver) => new()
    {
        Stage = stage,
        Tier = tier,
        MonthlyRevenue = 100,
        MonthlyCostToServe = 40,
        TenureMonths = 30,
        CustomerName = "陈静",
        Gender = CustomerGender.Female,
        HeldProducts = ["Flex 99"],
        RecentUsage = Usage((6, 200), (6, 210), (5, 190)),
        ExitedOn = stage == LifecycleStage.Churned ? new DateOnly(2026, 10, 15) : null,
    };

    private static UsageMonth[] Usage(params (int Gb, int Minutes)[] newestFirst) =>
        newestFirst.Select((u, i) => new UsageMonth(new DateOnly(2026, 11, 1).AddMonths(-i), u.Minutes, u.Gb * 1024)).ToArray();

    private static IEnumerable<RecommendedOffer> Offers(OfferRecommendation r) => new[] { r.Primary }.Concat(r.Alternates).OfType<RecommendedOffer>();

    private static IEnumerable<string> Shown(OfferRecommendation r) => Offers(r).Select(o => o.Id);

    private static void AssertRejected(OfferRecommendation r, string id, string code) =>
        Assert.Contains(r.RejectionsFor(id), x => x.Code == code);

    [Fact]
    public void NextBest_MatureSilver_OnePrimaryTwoAlternatesRenderedInBothLanguages()
    {
        var result = Engine.NextBest(Customer(LifecycleStage.Maturity) with { ChurnBand = ChurnBand.Medium });

        Assert.Equal(["MAT-1", "MAT-2", "MAT-3"], Shown(result));
        Assert.Equal("2026.12.1", result.CatalogueVersion);
        Assert.Equal(
            "Because you've been with us 2 years, you qualify for 5% off your monthly fee for 3 months, and it rises to 8% once you reach 3 years.",
            result.Primary!.Script);
        Assert.Equal("感谢您在网2年，您可以享受连续3个月月费减免5%的老客户优惠，在网满3年后减免比例还会提高到8%。", result.Primary.Scripts["zh-CN"]);
        Assert.Equal(result.Primary.Script, result.Primary.Scripts["en"]);
        Assert.Empty(result.Primary.MissingPlaceholders);
        AssertRejected(result, "MAT-4", NotRanked);
        AssertRejected(result, "GRO-3", Products);
    }

    [Theory]
    [InlineData(70, ValueTier.Platinum, "5 years, you qualify for 12% off your monthly fee for 3 months.")]
    [InlineData(40, ValueTier.Gold, "3 years, you qualify for 8% off your monthly fee for 3 months, and it rises to 12% once you reach 5 years.")]
    [InlineData(12, ValueTier.Standard, "1 year, you qualify for 5% off your monthly fee for 3 months, and it rises to 8% once you reach 3 years.")]
    public void NextBest_TenureLoyalty_BandAndNextMilestoneFromTheRealTenure(int tenureMonths, ValueTier tier, string expected)
    {
        var result = Engine.NextBest(Customer(LifecycleStage.Maturity, tier) with { TenureMonths = tenureMonths, MonthlyRevenue = 300 });

        var offer = Assert.Single(Offers(result), o => o.Id == "MAT-1");
        Assert.Equal("Because you've been with us " + expected, offer.Script);
        Assert.Equal(tenureMonths >= 60 ? 12 : tenureMonths >= 36 ? 8 : 5, offer.DiscountPercent);
    }

    [Fact]
    public void NextBest_TenureBandAboveAgentRungWithinTierCap_OfferedAsNeedingApproval()
    {
        // 12% for 5+ years: above Silver's agent rung (10%), within its cap (15%).
        var result = Engine.NextBest(Customer(LifecycleStage.Maturity, ValueTier.Silver) with { TenureMonths = 70 });

        var offer = Assert.Single(Offers(result), o => o.Id == "MAT-1");
        Assert.Equal(12, offer.DiscountPercent);
        Assert.True(offer.NeedsApproval);
    }

    [Fact]
    public void NextBest_TenureBandAboveTierCap_NotOffered()
    {
        // 12% for 5+ years is above the Standard cap (10%): nobody may grant it, so it is not shown.
        var result = Engine.NextBest(Customer(LifecycleStage.Maturity, ValueTier.Standard) with { TenureMonths = 70 });

        Assert.DoesNotContain("MAT-1", Shown(result));
        Assert.Contains(result.RejectionsFor("MAT-1"), r => r.Code == DiscountAuthority && r.Reason.StartsWith(DiscountRefusalCodes.TierCap, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(ChurnBand.Low, "MAT-2")]
    [InlineData(ChurnBand.Medium, "MAT-1")]
    [InlineData(ChurnBand.High, "MAT-1")]
    public void NextBest_StableMaturity_LowRiskOpensWithANonPriceLeverAndKeepsTheDiscountAsAlternate(ChurnBand band, string primary)
    {
        var result = Engine.NextBest(Customer(LifecycleStage.Maturity) with { ChurnBand = band });

        Assert.Equal(primary, result.Primary?.Id);
        Assert.Contains("MAT-1", Shown(result));
        if (band == ChurnBand.Low)
        {
            Assert.Equal(0, result.Primary!.DiscountPercent);
        }
    }

    [Fact]
    public void NextBest_LowRiskButIntendsToLeave_DiscountMayLead()
    {
        var result = Engine.NextBest(Customer(LifecycleStage.Maturity) with { ChurnBand = ChurnBand.Low, IntentToLeave = true });

        Assert.Equal("MAT-1", result.Primary?.Id);
    }

    [Fact]
    public void NextBest_PrepayBonus_FixedStepInWholeYuan()
    {
        var context = Customer(LifecycleStage.Maturity, ValueTier.Platinum) with { MonthlyRevenue = 1821.52m, MonthlyCostToServe = 600 };

        var prepay = Assert.Single(Offers(Engine.NextBest(context)), o => o.Id == "MAT-2");

        Assert.Equal("If you prepay ¥2000, we add ¥360 of free credit, used up over 12 months.", prepay.Script);
        Assert.Equal("您如果预存2000元话费，我们额外赠送360元，赠送的话费分12个月返还到您的账户。", prepay.Scripts["zh-CN"]);
    }

    [Fact]
    public void NextBest_PrepayBelowSmallestStep_NotOffered()
    {
        var result = Engine.NextBest(Customer(LifecycleStage.Maturity) with { MonthlyRevenue = 20, MonthlyCostToServe = 5 });

        AssertRejected(result, "MAT-2", Terms);
    }

    [Fact]
    public void NextBest_Upgrade_NamesTheDearerPlanAndTheRealSaving()
    {
        // Flex 59 allows 10 GB; 20 GB last month cost 59 + 10 GB × ¥5 = ¥109, where Flex 99 (20 GB) costs ¥99.
        var context = Customer(LifecycleStage.Growth) with { HeldProducts = ["M-59"], RecentUsage = Usage((20, 250), (13, 200), (9, 100)) };

        var upgrade = Assert.Single(Offers(Engine.NextBest(context)), o => o.Id == "GRO-1");

        Assert.Equal(
            "You've gone over your plan's allowance in 2 of the last three months. Flex 99 costs ¥40 a month more than your Flex 59, but it would have saved you ¥10 last month.",
            upgrade.Script);
        Assert.Equal("您最近三个月里有2个月超出了套餐用量。畅享99元套餐每月比您现在的畅享59元套餐多40元，但按上个月的实际用量算，能帮您省下10元。", upgrade.Scripts["zh-CN"]);
    }

    [Fact]
    public void NextBest_UpgradeThatWouldNotHaveSaved_NotOffered()
    {
        // 14 GB on Flex 59 cost 59 + 4 × ¥5 = ¥79: no dearer plan is cheaper than that.
        var context = Customer(LifecycleStage.Growth) with { HeldProducts = ["M-59"], RecentUsage = Usage((14, 250), (13, 200), (9, 100)) };

        AssertRejected(Engine.NextBest(context), "GRO-1", PlanComparison);
    }

    [Fact]
    public void NextBest_TariffHealthCheck_CheapestPlanThatCoversTheUsage()
    {
        // Under a year there is no loyalty band, so the health check is among the three shown.
        var context = Customer(LifecycleStage.Maturity) with { TenureMonths = 6 };

        var check = Assert.Single(Offers(Engine.NextBest(context)), o => o.Id == "MAT-4");

        Assert.Equal(
            "I compared your last three bills with our current packages. Flex 59 covers the same usage for ¥40 a month less than your Flex 99. Shall I switch you from the next bill?",
            check.Script);
    }

    [Theory]
    [InlineData(new[] { "Flex 99" }, false)]
    [InlineData(new[] { "Flex 99", "Home Broadband 300M" }, true)]
    public void NextBest_Bundle_OnlyForCustomersWithMobileAndBroadband(string[] held, bool offered)
    {
        var result = Engine.NextBest(Customer(LifecycleStage.Growth) with { HeldProducts = held, TenureMonths = 6 });

        Assert.Equal(offered, Shown(result).Contains("GRO-3"));
        if (offered)
        {
            // 5 % of Flex 99 (¥99) + broadband (¥50) = ¥7.45, not 5 % of the ¥100 bill.
            Assert.Contains("would take ¥7 a month off your combined bill for the first 3 months", Offers(result).Single(o => o.Id == "GRO-3").Script, StringComparison.Ordinal);
        }
        else
        {
            AssertRejected(result, "GRO-3", Products);
        }
    }

    [Fact]
    public void NextBest_Bundle_DiscountIsAShareOfTheBundledFeesNotOfTheWholeBill()
    {
        // A big spender: Max 599 + broadband (¥649 of fees) and a caller-display add-on outside the bundle, on a
        // ¥2,400 bill (roaming and usage). 5 % of the bundled fees is ¥32.45; 5 % of the bill would be ¥120.
        var context = Customer(LifecycleStage.Growth, ValueTier.Platinum) with
        {
            CustomerName = "张伟",
            Gender = CustomerGender.Male,
            HeldProducts = ["M-599", "BB-300", "VAS-CD"],
            MonthlyRevenue = 2400,
            MonthlyCostToServe = 900,
            TenureMonths = 6,
            RecentUsage = Usage((120, 2000), (110, 1800), (100, 1500)),
        };

        var bundle = Assert.Single(Offers(Engine.NextBest(context)), o => o.Id == "GRO-3");

        Assert.Equal("You have both mobile and broadband with us. Putting them in one package would take ¥32 a month off your combined bill for the first 3 months.", bundle.Script);
        Assert.Equal("您在我们这里同时有手机和宽带业务，合并成一个融合套餐后，前3个月每月合计账单可以少32元。", bundle.Scripts["zh-CN"]);
        // The margin counts the same ¥32.45 a month given away, not 5 % of the bill: 3 × (2400 − 32.45 − 900).
        Assert.Equal(4402.65m, bundle.ProjectedMargin);
    }

    [Fact]
    public void NextBest_MonthlyFeeDiscount_MarginCountsTheShareOfTheFeesHeld()
    {
        // MAT-1 "5 % off your monthly fee" on Flex 99 + caller display (¥105): ¥5.25 a month off, not 5 % of the
        // ¥300 bill, so over 3 months the margin is 3 × (300 − 5.25 − 40).
        var context = Customer(LifecycleStage.Maturity) with { HeldProducts = ["M-99", "VAS-CD"], MonthlyRevenue = 300, TenureMonths = 18 };

        var loyalty = Assert.Single(Offers(Engine.NextBest(context)), o => o.Id == "MAT-1");

        Assert.Equal(764.25m, loyalty.ProjectedMargin);
    }

    [Fact]
    public void NextBest_FeatureTrial_NotForCustomersWhoHoldIt()
    {
        var result = Engine.NextBest(Customer(LifecycleStage.Growth) with { HeldProducts = ["Flex 99", "Caller Display + Voicemail"] });

        AssertRejected(result, "GRO-2", Products);
    }

    [Fact]
    public void NextBest_ServiceRecoveryByTheOwner_PromisesTheSlaTimeInTheirOwnName()
    {
        var due = new DateTimeOffset(2026, 12, 8, 17, 0, 0, TimeSpan.FromHours(8));
        var context = Customer(LifecycleStage.Maturity) with
        {
            HasOpenComplaint = true,
            Cause = DeclineCause.ServiceFailure,
            CallbackBy = due,
            AgentOwnsComplaint = true,
        };

        var offer = Engine.NextBest(context).Primary!;

        Assert.Equal("DEC-2", offer.Id);
        Assert.Equal(
            "I'm sorry, that shouldn't have happened. I'll stay the owner of this until it's fixed, and I'll call you by 17:00 on Tuesday 8 December to confirm. I've added a goodwill credit of ¥20.",
            offer.Script);
        Assert.Equal("非常抱歉，给您添麻烦了。这件事我会一直跟进到解决为止，并在12月8日（周二）17:00前给您回电确认。我已经为您申请了20元的补偿话费。", offer.Scripts["zh-CN"]);
    }

    [Fact]
    public void NextBest_ServiceRecoveryByAnotherAgent_NeverClaimsOwnership()
    {
        var context = Customer(LifecycleStage.Maturity) with
        {
            HasOpenComplaint = true,
            Cause = DeclineCause.ServiceFailure,
            CallbackBy = new DateTimeOffset(2026, 12, 8, 17, 0, 0, TimeSpan.FromHours(8)),
        };

        var offer = Engine.NextBest(context).Primary!;

        Assert.DoesNotContain("I'll stay the owner", offer.Script, StringComparison.Ordinal);
        Assert.Contains("The colleague who owns your complaint will see it through until it's fixed and call you by 17:00 on Tuesday 8 December", offer.Script, StringComparison.Ordinal);
        Assert.DoesNotContain("这件事我会", offer.Scripts["zh-CN"], StringComparison.Ordinal);
    }

    [Fact]
    public void NextBest_UnknownCaller_IsAProspectAndGetsNeedsDiscovery()
    {
        var prospect = new OfferContext { Stage = LifecycleStage.Acquisition, Tier = ValueTier.Standard, IsProspect = true };

        var result = Engine.NextBest(prospect);

        Assert.Equal(["ACQ-1"], Shown(result));
        Assert.Contains("Our mobile plans run from ¥19 to ¥599 a month.", result.Primary!.Script, StringComparison.Ordinal);
        AssertRejected(result, "ACQ-2", Audience);
    }

    [Theory]
    [InlineData(240, " We can also split the outstanding ¥240 into 3 payments.")]
    [InlineData(0, "")]
    public void NextBest_Affordability_NextCheaperPlanAndTheRealArrears(int outstanding, string split)
    {
        var context = Customer(LifecycleStage.Decline) with { Cause = DeclineCause.SpecialCircumstance, OutstandingAmount = outstanding };

        var offer = Assert.Single(Offers(Engine.NextBest(context)), o => o.Id == "DEC-4");

        Assert.Equal(
            "If the monthly cost has become hard to manage, I can move you from Flex 99 to Flex 59 at ¥59 a month, and you keep your number." + split,
            offer.Script);
    }

    [Fact]
    public void NextBest_ChurnedCustomer_AddressedByNameAndExitMonth()
    {
        var context = Customer(LifecycleStage.Churned) with { WinbackProbability = 0.3, LifetimeValue = 1000, Gender = CustomerGender.Male, CustomerName = "张伟" };

        var result = Engine.NextBest(context);

        Assert.Equal("I'm sorry to see you go, Mr Zhang. So we can do better, may I ask the main reason?", result.Primary!.Script);
        Assert.StartsWith("张先生，很遗憾您要离开。", result.Primary.Scripts["zh-CN"], StringComparison.Ordinal);
        var winback = Offers(result).Single(o => o.Id == "CHN-2");
        Assert.StartsWith("Since you left in October 2026, we've", winback.Script, StringComparison.Ordinal);
        Assert.StartsWith("自从您2026年10月离网以来", winback.Scripts["zh-CN"], StringComparison.Ordinal);
        Assert.EndsWith("I can offer you 10% off your monthly fee for 3 months.", winback.Script, StringComparison.Ordinal);
    }
}
