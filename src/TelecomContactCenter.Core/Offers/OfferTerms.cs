using System.Globalization;
using static TelecomContactCenter.Core.Offers.OfferRejectionCodes;

namespace TelecomContactCenter.Core.Offers;

/// <summary>An offer's terms for one caller: the definition with the money this caller would really see (their
/// loyalty band, prepay step, plan price difference), the yuan a month its discount takes off, and the script values
/// per locale; or why it does not apply.</summary>
internal sealed record ResolvedTerms(
    OfferDefinition Effective,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Values,
    OfferRejection? Ineligible,
    decimal MonthlyDiscount = 0);

/// <summary>
/// Where every script slot gets its value: the caller's plan and usage against the product catalogue (a higher or
/// lower plan that exists, its price, the saving from real usage), tenure bands, fixed prepay steps, the complaint's
/// SLA clock, the arrears, the exit date. Money in scripts is whole yuan. An offer whose facts are not there (no
/// cheaper plan covers the usage, nothing is saved, the customer already holds the product) does not apply, so an
/// agent never reads out a raw <c>{X}</c> or a claim that is not true.
/// </summary>
internal static class OfferTerms
{
    /// <summary>The slots this class fills; a catalogue script may use only these and its own defaults.</summary>
    public static readonly IReadOnlySet<string> ComputedSlots = new HashSet<string>(StringComparer.Ordinal)
    {
        "Name", "Salutation", "Plan", "HigherPlan", "LowerPlan", "from price", "to price", "over months", "Δ", "X", "Y",
        "pct", "n", "tenure", "next pct", "next milestone", "P", "B", "feature", "time", "agent owns", "colleague owns",
        "A", "instalments", "month",
    };

    // The host runs in globalization-invariant mode, so month and day names are spelled here.
    private static readonly string[] Months =
        ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

    public static ResolvedTerms Resolve(OfferDefinition offer, OfferContext c, ProductCatalogue products)
    {
        var neutral = new Dictionary<string, string>(StringComparer.Ordinal);
        var local = OfferLocales.All.ToDictionary(l => l, _ => new Dictionary<string, string>(StringComparer.Ordinal));
        void Each(string key, Func<string, string?> value)
        {
            foreach (var locale in OfferLocales.All)
            {
                if (value(locale) is { } v)
                {
                    local[locale][key] = v;
                }
            }
        }

        ResolvedTerms No(string code, string reason) => new(offer, new Dictionary<string, IReadOnlyDictionary<string, string>>(), new(offer.Id, code, reason));
        var monthlyDiscount = 0m;

        switch (offer.Audience, c.IsProspect)
        {
            case (OfferAudience.Customers, true):
                return No(Audience, "for customers, and the caller is not one yet");
            case (OfferAudience.Prospects, false):
                return No(Audience, "for prospects, and the caller is a customer");
        }

        var held = c.HeldProducts.Select(products.Find).OfType<CatalogueProduct>().Distinct().ToList();
        var holdings = new HashSet<string>(c.HeldProducts, StringComparer.OrdinalIgnoreCase);
        holdings.UnionWith(held.Select(p => p.Kind));
        holdings.UnionWith(held.Select(p => p.Code));
        holdings.UnionWith(held.SelectMany(p => p.Features));
        if (offer.RequiresProducts.FirstOrDefault(r => !holdings.Contains(r)) is { } lacking)
        {
            return No(Products, $"needs {string.Join(" + ", offer.RequiresProducts)}; the customer has no {lacking}");
        }

        if (offer.ExcludesProducts.FirstOrDefault(holdings.Contains) is { } has)
        {
            return No(Products, $"the customer already has {has}");
        }

        if (offer.GoodStandingOnly && c.OutstandingAmount > 0)
        {
            return No(Standing, $"thanks the customer for good standing, but {Yuan(c.OutstandingAmount)} yuan is outstanding");
        }

        if (c.CustomerName is { } name)
        {
            neutral["Name"] = name;
            Each("Salutation", l => Salutation.For(name, c.Gender, l));
        }

        var plan = held.FirstOrDefault(p => p.Kind == "Mobile" && p.Family is not null);
        if (plan is not null)
        {
            Each("Plan", plan.NameIn);
        }

        if (products.PlansOf("postpaid") is { Count: > 0 } range)
        {
            neutral["from price"] = Yuan(range[0].MonthlyFee);
            neutral["to price"] = Yuan(range[^1].MonthlyFee);
        }

        var effective = offer;
        var years = c.TenureMonths / 12;
        if (years >= 1)
        {
            Each("tenure", l => Years(years, l));
        }

        if (offer.TenureBands.Count > 0)
        {
            if (offer.TenureBands.Where(b => b.FromYears <= years).MaxBy(b => b.FromYears) is not { } band)
            {
                return No(Tenure, $"loyalty bands start at {offer.TenureBands.Min(b => b.FromYears)} years; tenure is {c.TenureMonths} months");
            }

            effective = effective with { DiscountPercent = band.DiscountPercent };
            if (offer.TenureBands.Where(b => b.FromYears > years).MinBy(b => b.FromYears) is { } next)
            {
                neutral["next pct"] = Number(next.DiscountPercent);
                Each("next milestone", l => Years(next.FromYears, l));
            }
        }

        if (offer.PlanChange != PlanChange.None)
        {
            var usage = c.RecentUsage.Take(3).ToList();
            if (plan is null)
            {
                return No(PlanComparison, "the customer's plan is not in the product catalogue, so there is nothing to compare");
            }

            switch (offer.PlanChange)
            {
                case PlanChange.Upgrade:
                    {
                        var over = usage.Count(u => !plan.Covers(u));
                        if (usage.Count < 3 || over < 2)
                        {
                            return No(PlanComparison, $"usage went over {plan.Code}'s allowance in {over} of the last {usage.Count} months (needs 2 of 3)");
                        }

                        var last = usage[0];
                        var paid = plan.MonthlyFee + products.OverageCost(plan, last);
                        var higher = products.Higher(plan).FirstOrDefault(h => Whole(paid - h.MonthlyFee - products.OverageCost(h, last)) > 0);
                        if (higher is null)
                        {
                            return No(PlanComparison, $"no dearer plan than {plan.Code} would have cost less last month");
                        }

                        effective = effective with { MonthlyPriceChange = higher.MonthlyFee - plan.MonthlyFee };
                        Each("HigherPlan", higher.NameIn);
                        neutral["over months"] = Number(over);
                        neutral["Δ"] = Yuan(higher.MonthlyFee - plan.MonthlyFee);
                        neutral["Y"] = Yuan(paid - higher.MonthlyFee - products.OverageCost(higher, last));
                        break;
                    }

                case PlanChange.CheaperCovering:
                    {
                        var lower = usage.Count < 3 ? null : products.Lower(plan).LastOrDefault(p => usage.All(p.Covers));
                        if (lower is null)
                        {
                            return No(PlanComparison, $"no cheaper plan than {plan.Code} covers the last three months' usage");
                        }

                        effective = effective with { MonthlyPriceChange = lower.MonthlyFee - plan.MonthlyFee };
                        Each("LowerPlan", lower.NameIn);
                        neutral["X"] = Yuan(plan.MonthlyFee - lower.MonthlyFee);
                        break;
                    }

                case PlanChange.NextLower:
                    {
                        if (products.Lower(plan).FirstOrDefault() is not { } lower)
                        {
                            return No(PlanComparison, $"{plan.Code} is already the cheapest plan of its family");
                        }

                        effective = effective with { MonthlyPriceChange = lower.MonthlyFee - plan.MonthlyFee };
                        Each("LowerPlan", lower.NameIn);
                        neutral["X"] = Yuan(lower.MonthlyFee);
                        break;
                    }
            }
        }

        if (offer.PrepayTiers.Count > 0)
        {
            var year = c.MonthlyRevenue * 12;
            if (offer.PrepayTiers.Where(t => t.Prepay <= year).MaxBy(t => t.Prepay) is not { } step)
            {
                return No(Terms, $"a year of the customer's bill ({Yuan(year)} yuan) is below the smallest prepay step");
            }

            effective = effective with { OneOffCost = step.Bonus };
            neutral["P"] = Yuan(step.Prepay);
            neutral["B"] = Yuan(step.Bonus);
        }

        if (effective.DiscountPercent > 0)
        {
            neutral["pct"] = Number(effective.DiscountPercent);
            monthlyDiscount = Math.Round(DiscountedFees(offer, held, c) * effective.DiscountPercent / 100, 2);
            if (offer.PlanChange == PlanChange.None && Whole(monthlyDiscount) > 0)
            {
                neutral["X"] = Yuan(monthlyDiscount);
            }
        }

        if (offer.Kind == OfferKind.ServiceRecovery && offer.OneOffCost > 0)
        {
            neutral["X"] = Yuan(offer.OneOffCost);
        }

        if (effective.DurationMonths > 0)
        {
            neutral["n"] = Number(effective.DurationMonths);
        }

        var kinds = held.Select(p => p.Kind).ToHashSet(StringComparer.Ordinal);
        if (products.Features.FirstOrDefault(f => f.IncludedWith is { } kind && kinds.Contains(kind) && !holdings.Contains(f.Code)) is { } feature)
        {
            Each("feature", feature.NameIn);
        }

        if (c.CallbackBy is { } due)
        {
            Each("time", l => Time(due, l));
            neutral[c.AgentOwnsComplaint ? "agent owns" : "colleague owns"] = "";
        }

        if (c.OutstandingAmount > 0)
        {
            neutral["A"] = Yuan(c.OutstandingAmount);
            neutral["instalments"] = c.OutstandingAmount <= 300 ? "3" : "6";
        }

        if (c.ExitedOn is { } exit)
        {
            Each("month", l => l == OfferLocales.Chinese
                ? string.Create(CultureInfo.InvariantCulture, $"{exit.Year}年{exit.Month}月")
                : string.Create(CultureInfo.InvariantCulture, $"{Months[exit.Month - 1]} {exit.Year}"));
        }

        var values = new Dictionary<string, IReadOnlyDictionary<string, string>>();
        foreach (var locale in OfferLocales.All)
        {
            var merged = new Dictionary<string, string>(neutral, StringComparer.Ordinal);
            foreach (var (key, value) in local[locale].Concat(c.Placeholders))
            {
                merged[key] = value;
            }

            values[locale] = merged;
        }

        return new ResolvedTerms(effective, values, null, monthlyDiscount);
    }

    /// <summary>
    /// The monthly fees a discount percent applies to. A bundle discount (an offer that requires products) is a share
    /// of the fees of the bundled products the customer holds; any other discount "off the monthly fee" is a share of
    /// the monthly fees of every product held (plan and add-ons). Usage, overage and one-off charges are never
    /// discounted. Only when no held product is in the catalogue does the recent monthly bill stand in.
    /// </summary>
    internal static decimal DiscountedFees(OfferDefinition offer, IReadOnlyList<CatalogueProduct> held, OfferContext c)
    {
        var discounted = offer.RequiresProducts.Count == 0
            ? held
            : held.Where(p => offer.RequiresProducts.Any(r => IsA(p, r))).ToList();
        return discounted.Count > 0 ? discounted.Sum(p => p.MonthlyFee) : c.MonthlyRevenue;
    }

    private static bool IsA(CatalogueProduct product, string requirement) =>
        string.Equals(product.Kind, requirement, StringComparison.OrdinalIgnoreCase)
        || string.Equals(product.Code, requirement, StringComparison.OrdinalIgnoreCase)
        || product.Features.Contains(requirement, StringComparer.OrdinalIgnoreCase);

    private static decimal Whole(decimal value) => Math.Round(value, 0, MidpointRounding.AwayFromZero);

    private static string Yuan(decimal value) => Whole(value).ToString("0", CultureInfo.InvariantCulture);

    private static string Number(decimal value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static string Years(int years, string locale) => locale == OfferLocales.Chinese
        ? string.Create(CultureInfo.InvariantCulture, $"{years}年")
        : years == 1 ? "1 year" : string.Create(CultureInfo.InvariantCulture, $"{years} years");

    private static string Time(DateTimeOffset due, string locale)
    {
        if (locale != OfferLocales.Chinese)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{due:HH:mm} on {due.DayOfWeek} {due.Day} {Months[due.Month - 1]}");
        }

        var day = "日一二三四五六"[(int)due.DayOfWeek];
        return string.Create(CultureInfo.InvariantCulture, $"{due.Month}月{due.Day}日（周{day}）{due:HH:mm}");
    }
}
