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

    /// <summary>
    /// Why <paramref name="revenue12Months"/> lands in its base tier, as data a screen words in its own language: by
    /// rank (top N % by 12-month revenue, or outside the Silver share for Standard) or, in a population too small to
    /// rank, by average monthly revenue against the tier's threshold.
    /// </summary>
    public TierBasis BasisFor(decimal revenue12Months, TieringOptions? options = null)
    {
        var o = options ?? new TieringOptions();
        var tier = TierFor(revenue12Months);
        if (Basis == TierCutoffBasis.FallbackArpu)
        {
            var threshold = tier switch
            {
                ValueTier.Platinum => o.PlatinumFallbackArpu,
                ValueTier.Gold => o.GoldFallbackArpu,
                _ => o.SilverFallbackArpu,
            };
            return new TierBasis(tier, Basis, null, decimal.Round(revenue12Months / 12, 0), threshold);
        }

        var percent = tier switch
        {
            ValueTier.Platinum => o.PlatinumPercentile,
            ValueTier.Gold => o.GoldPercentile,
            _ => o.SilverPercentile,
        };
        return new TierBasis(tier, Basis, percent, null, null);
    }

    /// <summary>Why <paramref name="revenue12Months"/> lands in its base tier, in words an agent can repeat.</summary>
    public string Explain(decimal revenue12Months, TieringOptions? options = null)
    {
        var basis = BasisFor(revenue12Months, options);
        if (basis.Kind == TierCutoffBasis.FallbackArpu)
        {
            var monthly = basis.MonthlyRevenue!.Value.ToString("0", CultureInfo.InvariantCulture);
            return basis.Tier == ValueTier.Standard
                ? $"Standard: average monthly revenue ¥{monthly} below ¥{basis.MonthlyThreshold:0}"
                : $"{basis.Tier}: average monthly revenue ¥{monthly} ≥ ¥{basis.MonthlyThreshold:0}";
        }

        return basis.Tier == ValueTier.Standard
            ? $"Standard: outside the top {basis.TopPercent:0.##}% by 12-month revenue"
            : $"{basis.Tier}: top {basis.TopPercent:0.##}% by 12-month revenue";
    }

    private static decimal AtTopPercent(decimal[] sortedDescending, double percent)
    {
        var rank = (int)Math.Ceiling(sortedDescending.Length * percent / 100.0);
        return sortedDescending[Math.Clamp(rank, 1, sortedDescending.Length) - 1];
    }
}

/// <summary>
/// The revenue basis of a base tier: <see cref="TopPercent"/> for a ranked population (for Standard, the Silver share
/// it is outside of), or the customer's <see cref="MonthlyRevenue"/> against the tier's <see cref="MonthlyThreshold"/>
/// (for Standard, Silver's) when the population is too small to rank.
/// </summary>
public sealed record TierBasis(ValueTier Tier, TierCutoffBasis Kind, double? TopPercent, decimal? MonthlyRevenue, decimal? MonthlyThreshold);
