using System.Globalization;

namespace TelecomContactCenter.Core.Customers;

public enum TierCutoffBasis
{
    /// <summary>Cut-offs are the revenues at the top 1/5/20% ranks of the population.</summary>
    Percentile,

    /// <summary>Population too small: placeholder monthly ARPU cut-offs, scaled to 12 months.</summary>
    FallbackArpu,
}

/// <summary>Minimum 12-month revenue for each tier; a customer at or above a cut-off reaches that tier.</summary>
public sealed record TierCutoffs(decimal Platinum, decimal Gold, decimal Silver, TierCutoffBasis Basis, int PopulationSize)
{
    /// <summary>
    /// Computes cut-offs from the 12-month revenues of the individual population. The cut-off for "top p%" is the
    /// revenue of the customer ranked ceil(n·p/100) from the top, so ties at the boundary all reach the tier.
    /// </summary>
    public static TierCutoffs FromRevenues(IEnumerable<decimal> revenues12Months, TieringOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(revenues12Months);
        var o = options ?? new TieringOptions();
        var sorted = revenues12Months.OrderByDescending(r => r).ToArray();
        if (sorted.Length < o.MinimumPopulationForPercentiles)
        {
            return new TierCutoffs(
                o.PlatinumFallbackArpu * 12, o.GoldFallbackArpu * 12, o.SilverFallbackArpu * 12, TierCutoffBasis.FallbackArpu, sorted.Length);
        }

        return new TierCutoffs(
            AtTopPercent(sorted, o.PlatinumPercentile),
            AtTopPercent(sorted, o.GoldPercentile),
            AtTopPercent(sorted, o.SilverPercentile),
            TierCutoffBasis.Percentile,
            sorted.Length);
    }

    public ValueTier TierFor(decimal revenue12Months) =>
        revenue12Months >= Platinum && Platinum > 0 ? ValueTier.Platinum
        : revenue12Months >= Gold && Gold > 0 ? ValueTier.Gold
        : revenue12Months >= Silver && Silver > 0 ? ValueTier.Silver
        : ValueTier.Standard;

    /// <summary>Why <paramref name="revenue12Months"/> lands in its base tier, in words an agent can repeat.</summary>
    public string Explain(decimal revenue12Months, TieringOptions? options = null)
    {
        var o = options ?? new TieringOptions();
        var tier = TierFor(revenue12Months);
        if (Basis == TierCutoffBasis.FallbackArpu)
        {
            var monthly = (revenue12Months / 12).ToString("0", CultureInfo.InvariantCulture);
            return tier switch
            {
                ValueTier.Platinum => $"Platinum: average monthly revenue ¥{monthly} ≥ ¥{o.PlatinumFallbackArpu:0}",
                ValueTier.Gold => $"Gold: average monthly revenue ¥{monthly} ≥ ¥{o.GoldFallbackArpu:0}",
                ValueTier.Silver => $"Silver: average monthly revenue ¥{monthly} ≥ ¥{o.SilverFallbackArpu:0}",
                _ => $"Standard: average monthly revenue ¥{monthly} below ¥{o.SilverFallbackArpu:0}",
            };
        }

        return tier switch
        {
            ValueTier.Platinum => $"Platinum: top {o.PlatinumPercentile:0.##}% by 12-month revenue",
            ValueTier.Gold => $"Gold: top {o.GoldPercentile:0.##}% by 12-month revenue",
            ValueTier.Silver => $"Silver: top {o.SilverPercentile:0.##}% by 12-month revenue",
            _ => $"Standard: outside the top {o.SilverPercentile:0.##}% by 12-month revenue",
        };
    }

    private static decimal AtTopPercent(decimal[] sortedDescending, double percent)
    {
        var rank = (int)Math.Ceiling(sortedDescending.Length * percent / 100.0);
        return sortedDescending[Math.Clamp(rank, 1, sortedDescending.Length) - 1];
    }
}
