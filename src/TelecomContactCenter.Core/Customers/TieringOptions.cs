namespace TelecomContactCenter.Core.Customers;

/// <summary>Value-tier rules of domain.md §2.7 (configuration section "Tiering"). Percentiles are "top N%".</summary>
public sealed class TieringOptions
{
    public const string SectionName = "Tiering";

    public double PlatinumPercentile { get; set; } = 1;

    public double GoldPercentile { get; set; } = 5;

    public double SilverPercentile { get; set; } = 20;

    /// <summary>Below this population size the percentiles are too coarse and the fallback ARPU cut-offs apply.</summary>
    public int MinimumPopulationForPercentiles { get; set; } = 100;

    public decimal PlatinumFallbackArpu { get; set; } = 800;

    public decimal GoldFallbackArpu { get; set; } = 400;

    public decimal SilverFallbackArpu { get; set; } = 150;

    public int LoyaltyTenureMonths { get; set; } = 60;

    public int LoyaltyMinimumProducts { get; set; } = 3;

    public decimal RisingArpuChange { get; set; } = 0.15m;

    public int RisingEvaluations { get; set; } = 2;

    public int DemotionEvaluations { get; set; } = 2;

    public int MaxOverrideMonths { get; set; } = 6;

    public double GroupG1Percentile { get; set; } = 1;

    public double GroupG2Percentile { get; set; } = 5;

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        Percentile(errors, nameof(PlatinumPercentile), PlatinumPercentile);
        Percentile(errors, nameof(GoldPercentile), GoldPercentile);
        Percentile(errors, nameof(SilverPercentile), SilverPercentile);
        Percentile(errors, nameof(GroupG1Percentile), GroupG1Percentile);
        Percentile(errors, nameof(GroupG2Percentile), GroupG2Percentile);
        if (!(PlatinumPercentile < GoldPercentile && GoldPercentile < SilverPercentile))
        {
            errors.Add($"{SectionName}:{nameof(GoldPercentile)} must lie between {nameof(PlatinumPercentile)} and {nameof(SilverPercentile)}");
        }

        if (GroupG1Percentile >= GroupG2Percentile)
        {
            errors.Add($"{SectionName}:{nameof(GroupG2Percentile)} must be greater than {nameof(GroupG1Percentile)}");
        }

        if (!(PlatinumFallbackArpu > GoldFallbackArpu && GoldFallbackArpu > SilverFallbackArpu && SilverFallbackArpu > 0))
        {
            errors.Add($"{SectionName}:{nameof(GoldFallbackArpu)} must lie between {nameof(SilverFallbackArpu)} (> 0) and {nameof(PlatinumFallbackArpu)}");
        }

        foreach (var (key, value) in new[]
        {
            (nameof(MinimumPopulationForPercentiles), MinimumPopulationForPercentiles),
            (nameof(LoyaltyTenureMonths), LoyaltyTenureMonths), (nameof(LoyaltyMinimumProducts), LoyaltyMinimumProducts),
            (nameof(RisingEvaluations), RisingEvaluations), (nameof(DemotionEvaluations), DemotionEvaluations),
            (nameof(MaxOverrideMonths), MaxOverrideMonths),
        })
        {
            if (value <= 0)
            {
                errors.Add($"{SectionName}:{key} must be greater than 0");
            }
        }

        if (RisingArpuChange <= 0)
        {
            errors.Add($"{SectionName}:{nameof(RisingArpuChange)} must be greater than 0");
        }

        return errors;
    }

    private static void Percentile(List<string> errors, string key, double value)
    {
        if (value is <= 0 or >= 100 || double.IsNaN(value))
        {
            errors.Add($"{SectionName}:{key} must be between 0 and 100");
        }
    }
}
