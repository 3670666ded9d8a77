namespace TelecomContactCenter.Core.Customers;

/// <summary>Inputs for tiering a group (集团) account.</summary>
public sealed record GroupAccountFacts(
    string GroupId,
    decimal AnnualRevenue,
    bool IsSmallBusiness,
    bool IsStrategic,
    bool OnNationalKeyAccountList);

/// <summary>Group tier and the rule that gave it.</summary>
public sealed record GroupTierAssessment(GroupTier Tier, string Reason);

/// <summary>
/// Tiers group accounts per domain.md §2.7: G1 for the top 1% by revenue or strategic/key-account flags, G2 for the
/// next 4%, G3 for other contracted groups, SME for small business accounts. Stateless.
/// </summary>
public sealed class GroupTierEvaluator(IEnumerable<decimal> annualGroupRevenues, TieringOptions? options = null)
{
    private readonly TieringOptions _options = options ?? new TieringOptions();
    private readonly decimal[] _sorted = annualGroupRevenues.OrderByDescending(r => r).ToArray();

    public GroupTierAssessment Evaluate(GroupAccountFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        if (facts.OnNationalKeyAccountList)
        {
            return new(GroupTier.G1, "G1: on the national key-account list");
        }

        if (facts.IsStrategic)
        {
            return new(GroupTier.G1, "G1: multi-province or vertical-industry customer");
        }

        if (facts.IsSmallBusiness)
        {
            return new(GroupTier.Sme, "SME: small business account");
        }

        if (_sorted.Length > 0 && facts.AnnualRevenue > 0)
        {
            if (facts.AnnualRevenue >= Cut(_options.GroupG1Percentile))
            {
                return new(GroupTier.G1, $"G1: top {_options.GroupG1Percentile:0.##}% of group accounts by revenue");
            }

            if (facts.AnnualRevenue >= Cut(_options.GroupG2Percentile))
            {
                return new(GroupTier.G2, $"G2: top {_options.GroupG2Percentile:0.##}% of group accounts by revenue");
            }
        }

        return new(GroupTier.G3, "G3: contracted group account");
    }

    private decimal Cut(double percent)
    {
        var rank = (int)Math.Ceiling(_sorted.Length * percent / 100.0);
        return _sorted[Math.Clamp(rank, 1, _sorted.Length) - 1];
    }
}
