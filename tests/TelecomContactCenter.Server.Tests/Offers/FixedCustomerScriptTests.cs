using System.Text.RegularExpressions;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using TelecomContactCenter.Core.Customers;
using TelecomContactCenter.Core.Offers;
using TelecomContactCenter.Server.DemoData;
using TelecomContactCenter.Server.Interactions;
using TelecomContactCenter.Server.Offers;
using TelecomContactCenter.Server.Profiles;

namespace TelecomContactCenter.Server.Tests.Offers;

/// <summary>
/// The must-show script test: for every fixed demo customer of the README, every stage × tier × complaint state,
/// every offer the server would put in the pop reads true in English and Chinese, as a colleague and as the
/// complaint's owner would read it.
/// </summary>
public sealed partial class FixedCustomerScriptTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 6, 0, 0, TimeSpan.Zero);
    private static readonly ProductCatalogue Products = ProductCatalogue.LoadEmbedded();

    public static TheoryData<string> FixedPhones() =>
    [
        FixedCustomers.PlatinumMaturity, FixedCustomers.GoldDecline, FixedCustomers.SilverGrowth,
        FixedCustomers.StandardAcquisition, FixedCustomers.StandardChurned, FixedCustomers.GoldMaturityWithComplaint,
    ];

    [Theory]
    [MemberData(nameof(FixedPhones))]
    public void EveryReachableOffer_ForAFixedCustomer_ReadsTrueInBothLanguages(string phone)
    {
        var (history, facts, profile) = Fixed(phone);
        var offers = new NextBestOffers(Options.Create(new OfferOptions()), new Environment());
        var shown = 0;
        foreach (var stage in Enum.GetValues<LifecycleStage>())
        {
            foreach (var tier in Enum.GetValues<ValueTier>())
            {
                foreach (var (open, cause, intent) in new (int, DeclineCause?, bool)[]
                {
                    (0, null, false), (0, null, true), (1, DeclineCause.ServiceFailure, false), (1, DeclineCause.Competitor, true),
                    (1, DeclineCause.SpecialCircumstance, false),
                })
                {
                    var state = history with { OpenComplaints = open, OpenComplaintCause = cause, IntentToLeave = intent };
                    state = state with { OpenComplaintDueAt = open > 0 ? Now.AddHours(20) : null, OpenComplaintOwner = open > 0 ? "agent1" : null };
                    var asEvaluated = profile with
                    {
                        Stage = profile.Stage with { Stage = stage },
                        Tier = profile.Tier with { Tier = tier },
                    };
                    var views = offers.For(state, facts with { IntentToLeave = intent }, asEvaluated, Now);
                    foreach (var agent in new[] { "agent1", "agent3" })
                    {
                        foreach (var view in OfferView.ForAgent(views, agent))
                        {
                            shown++;
                            AssertReadsTrue(view, history, agent == "agent1" && open > 0, $"{phone} {stage}/{tier}/{open}/{cause} as {agent}");
                        }
                    }
                }
            }
        }

        Assert.True(shown > 0);
    }

    [Fact]
    public void PlatinumMaturity_AsEvaluated_TenureBandOfFiveYearsWithoutAFurtherMilestone()
    {
        var (history, facts, profile) = Fixed(FixedCustomers.PlatinumMaturity);
        var offers = new NextBestOffers(Options.Create(new OfferOptions()), new Environment());

        var views = offers.For(history, facts, profile with { Stage = profile.Stage with { Stage = LifecycleStage.Maturity }, Tier = profile.Tier with { Tier = ValueTier.Platinum } }, Now);

        var loyalty = Assert.Single(views, v => v.OfferId == "MAT-1");
        Assert.Equal("Because you've been with us 5 years, you qualify for 12% off your monthly fee for 3 months.", loyalty.Scripts["en"]);
        Assert.Equal("感谢您在网5年，您可以享受连续3个月月费减免12%的老客户优惠。", loyalty.Scripts["zh-CN"]);
        var prepay = Assert.Single(views, v => v.OfferId == "MAT-2");
        Assert.Equal("If you prepay ¥2000, we add ¥360 of free credit, used up over 12 months.", prepay.Scripts["en"]);
        Assert.All(views, v => Assert.Empty(v.MissingSlots));
    }

    [Fact]
    public void Platinum_BundleOffer_TakesItsShareOfMax599AndBroadbandNotOfTheWholeBill()
    {
        // 张伟 holds Max 599 (¥599) and broadband (¥50) among his products: GRO-3's 5 % is ¥32.45 a month, whatever
        // the rest of his bill (usage, fixed line, caller display) comes to.
        var (history, facts, profile) = Fixed(FixedCustomers.PlatinumMaturity);
        var offers = new NextBestOffers(Options.Create(new OfferOptions()), new Environment());

        var views = offers.For(history, facts, profile with { Stage = profile.Stage with { Stage = LifecycleStage.Growth } }, Now);

        var bundle = Assert.Single(views, v => v.OfferId == "GRO-3");
        Assert.Equal("You have both mobile and broadband with us. Putting them in one package would take ¥32 a month off your combined bill for the first 3 months.", bundle.Scripts["en"]);
        Assert.Equal("您在我们这里同时有手机和宽带业务，合并成一个融合套餐后，前3个月每月合计账单可以少32元。", bundle.Scripts["zh-CN"]);
    }

    [Fact]
    public void PlatinumMaturity_LowChurnRisk_OpensWithANonPriceOfferAndKeepsTheLoyaltyDiscountAsAnAlternate()
    {
        var (history, facts, profile) = Fixed(FixedCustomers.PlatinumMaturity);
        var offers = new NextBestOffers(Options.Create(new OfferOptions()), new Environment());

        var views = offers.For(history, facts, profile with { Stage = profile.Stage with { Stage = LifecycleStage.Maturity } }, Now);

        Assert.Equal(ChurnBand.Low, profile.Churn.Band);
        var primary = Assert.Single(views, v => v.IsPrimary);
        Assert.Equal(0, primary.DiscountPercent);
        Assert.False(Assert.Single(views, v => v.OfferId == "MAT-1").IsPrimary);
    }

    [Fact]
    public void ChurnedCustomer_AddressedAsMsChenInEnglishAnd陈女士InChinese()
    {
        var (history, facts, profile) = Fixed(FixedCustomers.StandardChurned);
        var offers = new NextBestOffers(Options.Create(new OfferOptions()), new Environment());

        var views = offers.For(history, facts, profile with { Stage = profile.Stage with { Stage = LifecycleStage.Churned } }, Now);

        var exit = Assert.Single(views, v => v.OfferId == "CHN-1");
        Assert.Equal("I'm sorry to see you go, Ms Chen. So we can do better, may I ask the main reason?", exit.Scripts["en"]);
        Assert.StartsWith("陈女士，", exit.Scripts["zh-CN"], StringComparison.Ordinal);
    }

    [Fact]
    public void ServiceRecovery_ComplaintDueAtNight_PromisesTheCallbackTheEveningBefore()
    {
        // A fault's SLA runs through the night: due 06:25 on Sunday in Shanghai (22:25 UTC), evaluated at 14:00 on Saturday.
        var (history, facts, profile) = Fixed(FixedCustomers.GoldMaturityWithComplaint);
        var offers = new NextBestOffers(Options.Create(new OfferOptions()), new Environment());
        var state = history with
        {
            OpenComplaints = 1,
            OpenComplaintCause = DeclineCause.ServiceFailure,
            OpenComplaintDueAt = new DateTimeOffset(2026, 12, 5, 22, 25, 0, TimeSpan.Zero),
            OpenComplaintOwner = "agent1",
        };

        var views = offers.For(state, facts, profile with { Stage = profile.Stage with { Stage = LifecycleStage.Maturity } }, Now);

        var recovery = Assert.Single(views, v => v.OfferId == "DEC-2");
        Assert.Contains("call you by 21:00 on Saturday 5 December", recovery.Scripts["en"], StringComparison.Ordinal);
        Assert.Contains("在12月5日（周六）21:00前给您回电", recovery.Scripts["zh-CN"], StringComparison.Ordinal);
    }

    private static void AssertReadsTrue(OfferView view, CustomerHistory history, bool readerOwnsComplaint, string where)
    {
        Assert.Empty(view.MissingSlots);
        Assert.Equal(view.Script, view.Scripts["en"]);
        foreach (var (locale, text) in view.Scripts)
        {
            Assert.False(Raw().IsMatch(text), $"{where}: {view.OfferId} ({locale}) reads '{text}'");
        }

        var current = history.Products.Where(p => p.RemovedAt is null).Select(p => Products.Find(p.Name)).OfType<CatalogueProduct>()
            .FirstOrDefault(p => p.Kind == "Mobile");
        if (current is not null && view.OfferId is "GRO-1" or "MAT-4" or "DEC-4")
        {
            var named = Products.Products.Where(p => p.Kind == "Mobile" && view.Scripts["en"].Contains(p.NameIn("en"), StringComparison.Ordinal)).ToList();
            Assert.Contains(named, p => p.Code != current.Code);
        }

        var tenureYears = CustomerHistory.MonthsBetween(history.Customer.ActivatedAt, Now) / 12;
        if (Milestone().Match(view.Scripts["en"]) is { Success: true } m)
        {
            Assert.True(int.Parse(m.Groups[1].Value) > tenureYears, $"{where}: {m.Value} is not ahead of {tenureYears} years");
        }

        if (view.OfferId == "DEC-2")
        {
            Assert.Equal(readerOwnsComplaint, view.Scripts["en"].Contains("I'll stay the owner", StringComparison.Ordinal));
            Assert.Equal(readerOwnsComplaint, view.Scripts["zh-CN"].Contains("这件事我会一直跟进", StringComparison.Ordinal));
        }
    }

    private static (CustomerHistory History, CustomerFacts Facts, CustomerProfile Profile) Fixed(string phone)
    {
        var population = new DemoPopulation(11, 300, Now);
        var generated = population.Generate(300).ToList();
        var fixedOnes = FixedCustomers.Build(population, generated.Select(c => c.Revenue12Months).ToList(), 301, Now).ToList();
        var demo = fixedOnes.Single(c => c.Customer.Phone == phone);
        var history = new CustomerHistory(
            demo.Customer, demo.Bills, demo.Usage, demo.Products,
            demo.Interactions.Any(i => i.ReasonCode == ContactReasons.PortOut && i.StartedAt >= Now.AddDays(-30)),
            0, false, 0, null, null);
        var facts = history.ToFacts(Now);
        var cutoffs = TierCutoffs.FromRevenues(generated.Concat(fixedOnes).Select(c => c.Revenue12Months));
        var profile = new CustomerProfileEvaluator().Evaluate(facts, cutoffs, null, null, null, DateOnly.FromDateTime(Now.UtcDateTime));
        return (history, facts, profile);
    }

    [GeneratedRegex(@"[{}]|\[\[|\]\]")]
    private static partial Regex Raw();

    [GeneratedRegex(@"once you reach (\d+) year")]
    private static partial Regex Milestone();

    private sealed class Environment : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = "Test";

        public string ApplicationName { get; set; } = "test";

        public string ContentRootPath { get; set; } = AppContext.BaseDirectory;

        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
