using System.Globalization;

namespace TelecomContactCenter.Core.Offers;

/// <summary>
/// The script values an offer's own terms and the caller's numbers determine (years with us, the discount, the
/// saving in money, the prepay amount), so an agent never reads out a raw <c>{X}</c>. Values the caller's context
/// supplies win; catalogue defaults fill what neither knows.
/// </summary>
internal static class OfferTerms
{
    public static IReadOnlyDictionary<string, string> Placeholders(OfferDefinition offer, OfferContext context)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        if (context.TenureMonths >= 12)
        {
            var years = context.TenureMonths / 12;
            values["years"] = Number(years);
            if (years < 5)
            {
                values["next milestone"] = years < 3 ? "3 years" : "5 years";
            }
        }

        if (offer.DiscountPercent > 0)
        {
            values["pct"] = Number(offer.DiscountPercent);
        }

        // The saving per month: a cheaper plan's price change, else the discount on today's bill.
        if (offer.MonthlyPriceChange < 0)
        {
            values["X"] = Money(-offer.MonthlyPriceChange);
        }
        else if (offer.DiscountPercent > 0 && context.MonthlyRevenue > 0)
        {
            values["X"] = Money(context.MonthlyRevenue * offer.DiscountPercent / 100);
        }

        if (offer.MonthlyPriceChange > 0)
        {
            values["Δ"] = Money(offer.MonthlyPriceChange);
        }

        // Prepay bonus (domain.md §1.4 MAT-2): prepay a year's fee, receive one month's worth.
        if (context.MonthlyRevenue > 0)
        {
            values["P"] = Money(context.MonthlyRevenue * 12);
            values["B"] = Money(context.MonthlyRevenue);
        }

        foreach (var (key, value) in context.Placeholders)
        {
            values[key] = value;
        }

        return values;
    }

    private static string Number(decimal value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static string Money(decimal value) => decimal.Round(value, 2).ToString("0.##", CultureInfo.InvariantCulture);
}
