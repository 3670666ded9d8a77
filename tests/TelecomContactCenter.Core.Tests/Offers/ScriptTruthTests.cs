using System.Text.RegularExpressions;
using TelecomContactCenter.Core.Customers;
using TelecomContactCenter.Core.Offers;

namespace TelecomContactCenter.Core.Tests.Offers;

/// <summary>
/// Every offer the engine can show, for many kinds of customer in every stage × tier × complaint state, reads true
/// in both languages: no unfilled slot, no optional-segment brackets, the new plan is not the current one, the next
/// loyalty milestone lies ahead of the customer's tenure, and money is whole yuan.
/// </summary>
public sealed partial class ScriptTruthTests
{
    private static readonly OfferEngine Engine = new(OfferCatalogue.LoadEmbedded());
    private static readonly ProductCatalogue Products = ProductCatalogue.LoadEmbedded();

    public static TheoryData<string> Shapes() => ["mobile-only", "bundle", "prepaid", "heavy", "arrears", "unnamed", "prospect"];

    [Theory]
    [MemberData(nameof(Shapes))]
    public void EveryReachableOffer_ReadsTrueInBothLanguages(string shape)
    {
        var shown = 0;
        foreach (var context in Contexts(shape))
        {
            var result = Engine.NextBest(context);
            foreach (var offer in new[] { result.Primary }.Concat(result.Alternates).OfType<RecommendedOffer>())
            {
                shown++;
                AssertReadsTrue(offer, context);
            }
        }

        Assert.True(shown > 0, $"no offer was shown to the {shape} customer in any state");
    }

    internal static void AssertReadsTrue(RecommendedOffer offer, OfferContext context)
    {
        var where = $"{offer.Id} for {context.Stage}/{context.Tier}/complaint {context.HasOpenComplaint}/{context.Cause}";
        Assert.Empty(offer.MissingPlaceholders);
        Assert.Equal(["en", "zh-CN"], offer.Scripts.Keys.Order());
        foreach (var (locale, text) in offer.Scripts)
        {
            Assert.False(string.IsNullOrWhiteSpace(text), $"{where}: empty {locale} script");
            Assert.DoesNotMatch(@"[{}]|\[\[|\]\]", text);
            Assert.DoesNotMatch(@"¥\d+\.\d|\d+\.\d+元", text);
        }

        Assert.DoesNotMatch(@"\p{IsCJKUnifiedIdeographs}", offer.Scripts["en"].Replace(context.CustomerName ?? "\u0001", "", StringComparison.Ordinal));
        Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", offer.Scripts["zh-CN"]);

        var current = context.HeldProducts.Select(Products.Find).OfType<CatalogueProduct>().FirstOrDefault(p => p.Kind == "Mobile");
        foreach (var locale in OfferLocales.All)
        {
            var text = offer.Scripts[locale];
            if (current is not null && offer.Id is "GRO-1" or "MAT-4" or "DEC-4")
            {
                // The plan named as the new one is a different plan from the catalogue, never the current one.
                var named = Products.Products.Where(p => p.Kind == "Mobile" && text.Contains(p.NameIn(locale), StringComparison.Ordinal)).ToList();
                Assert.Contains(current, named);
                Assert.Contains(named, p => p.Code != current.Code);
            }
        }

        if (Milestone().Match(offer.Scripts["en"]) is { Success: true } m)
        {
            Assert.True(int.Parse(m.Groups[1].Value) > context.TenureMonths / 12, $"{where}: next milestone {m.Value} is not ahead of {context.TenureMonths} months");
        }

        if (Tenure().Match(offer.Scripts["en"]) is { Success: true } t)
        {
            Assert.Equal(context.TenureMonths / 12, int.Parse(t.Groups[1].Value));
        }
    }

    private static IEnumerable<OfferContext> Contexts(string shape)
    {
        var due = new DateTimeOffset(2026, 12, 8, 17, 0, 0, TimeSpan.FromHours(8));
        foreach (var stage in Enum.GetValues<LifecycleStage>())
        {
            foreach (var tier in Enum.GetValues<ValueTier>())
            {
                foreach (var (open, cause, intent, owns) in new (bool, DeclineCause?, bool, bool)[]
                {
                    (false, null, false, false), (false, DeclineCause.Competitor, true, false),
                    (false, DeclineCause.SpecialCircumstance, false, false), (true, DeclineCause.ServiceFailure, false, true),
                    (true, DeclineCause.ServiceFailure, false, false), (true, DeclineCause.Competitor, true, false),
                })
                {
                    foreach (var tenure in new[] { 1, 8, 14, 30, 40, 70, 130 })
                    {
                        yield return Shape(shape, tenure) with
                        {
                            Stage = stage,
                            Tier = tier,
                            HasOpenComplaint = open,
                            Cause = cause,
                            IntentToLeave = intent,
                            AgentOwnsComplaint = owns,
                            CallbackBy = open ? due : null,
                            WinbackProbability = 0.3,
                            LifetimeValue = 5000,
                            ExitedOn = stage == LifecycleStage.Churned ? new DateOnly(2026, 9, 3) : null,
                        };
                    }
                }
            }
        }
    }

    private static OfferContext Shape(string shape, int tenure)
    {
        static UsageMonth[] Use(int gb, int minutes) =>
            [.. Enumerable.Range(0, 3).Select(i => new UsageMonth(new DateOnly(2026, 11, 1).AddMonths(-i), minutes, (gb + i) * 1024))];
        var basic = new OfferContext
        {
            Stage = LifecycleStage.Maturity,
            Tier = ValueTier.Standard,
            TenureMonths = tenure,
            MonthlyRevenue = 120,
            MonthlyCostToServe = 40,
            CustomerName = "王芳",
            Gender = CustomerGender.Female,
            HeldProducts = ["M-99"],
            RecentUsage = Use(6, 200),
        };
        return shape switch
        {
            "bundle" => basic with { HeldProducts = ["M-129", "BB-300", "VAS-CD"], MonthlyRevenue = 190, CustomerName = "欧阳明", Gender = CustomerGender.Male },
            "prepaid" => basic with { HeldProducts = ["P-18"], MonthlyRevenue = 25, MonthlyCostToServe = 8, RecentUsage = Use(4, 150) },
            "heavy" => basic with { HeldProducts = ["M-59"], MonthlyRevenue = 110, RecentUsage = Use(22, 400) },
            "arrears" => basic with { OutstandingAmount = 417.5m, HeldProducts = ["M-19"], MonthlyRevenue = 40 },
            "unnamed" => basic with { CustomerName = null, Gender = CustomerGender.Unknown, HeldProducts = [], RecentUsage = [] },
            "prospect" => new OfferContext { Stage = LifecycleStage.Acquisition, Tier = ValueTier.Standard, IsProspect = true },
            _ => basic,
        };
    }

    [GeneratedRegex(@"once you reach (\d+) year")]
    private static partial Regex Milestone();

    [GeneratedRegex(@"been with us (\d+) year")]
    private static partial Regex Tenure();
}
