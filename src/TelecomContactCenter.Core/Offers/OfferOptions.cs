using TelecomContactCenter.Core.Customers;

namespace TelecomContactCenter.Core.Offers;

/// <summary>Discount authority per tier (domain.md §2.7 treatment matrix) and offer limits (section "Offers").</summary>
public sealed class OfferOptions
{
    public const string SectionName = "Offers";

    public decimal PlatinumMaxDiscountPercent { get; set; } = 20;

    public decimal GoldMaxDiscountPercent { get; set; } = 15;

    public decimal SilverMaxDiscountPercent { get; set; } = 10;

    public decimal StandardMaxDiscountPercent { get; set; } = 5;

    public int PlatinumMaxDiscountMonths { get; set; } = 6;

    public int GoldMaxDiscountMonths { get; set; } = 6;

    public int SilverMaxDiscountMonths { get; set; } = 3;

    public int StandardMaxDiscountMonths { get; set; } = 3;

    /// <summary>
    /// The discount (percent off the monthly fee) an agent may grant on their own; a larger one waits for a
    /// supervisor's approval. Supervisors and admins have no limit below 100%.
    /// </summary>
    public decimal AgentDiscountAuthorityPercent { get; set; } = 5;

    /// <summary>User name → that agent's own authority, overriding <see cref="AgentDiscountAuthorityPercent"/> (senior agents).</summary>
    public Dictionary<string, decimal> AgentDiscountAuthority { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Alternates shown besides the primary offer.</summary>
    public int MaxAlternates { get; set; } = 2;

    /// <summary>IANA time zone the customers live in: callback times in scripts are quoted in it.</summary>
    public string CustomerTimeZone { get; set; } = "Asia/Shanghai";

    /// <summary>Optional path of a catalogue file the host reads instead of the embedded one.</summary>
    public string? CataloguePath { get; set; }

    public (decimal Percent, int Months) AuthorityFor(ValueTier tier, bool unprofitable) =>
        unprofitable ? (0, 0) : tier switch
        {
            ValueTier.Platinum => (PlatinumMaxDiscountPercent, PlatinumMaxDiscountMonths),
            ValueTier.Gold => (GoldMaxDiscountPercent, GoldMaxDiscountMonths),
            ValueTier.Silver => (SilverMaxDiscountPercent, SilverMaxDiscountMonths),
            _ => (StandardMaxDiscountPercent, StandardMaxDiscountMonths),
        };

    public decimal AgentAuthorityOf(string agent) =>
        AgentDiscountAuthority.TryGetValue(agent, out var own) ? own : AgentDiscountAuthorityPercent;

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        foreach (var (key, value) in AgentDiscountAuthority.Select(a => ($"{nameof(AgentDiscountAuthority)}:{a.Key}", a.Value))
            .Prepend((nameof(AgentDiscountAuthorityPercent), AgentDiscountAuthorityPercent)))
        {
            if (value is < 0 or > 100)
            {
                errors.Add($"{SectionName}:{key} must be between 0 and 100");
            }
        }

        foreach (var (key, value) in new[]
        {
            (nameof(PlatinumMaxDiscountPercent), PlatinumMaxDiscountPercent), (nameof(GoldMaxDiscountPercent), GoldMaxDiscountPercent),
            (nameof(SilverMaxDiscountPercent), SilverMaxDiscountPercent), (nameof(StandardMaxDiscountPercent), StandardMaxDiscountPercent),
        })
        {
            if (value is < 0 or > 100)
            {
                errors.Add($"{SectionName}:{key} must be between 0 and 100");
            }
        }

        foreach (var (key, value) in new[]
        {
            (nameof(PlatinumMaxDiscountMonths), PlatinumMaxDiscountMonths), (nameof(GoldMaxDiscountMonths), GoldMaxDiscountMonths),
            (nameof(SilverMaxDiscountMonths), SilverMaxDiscountMonths), (nameof(StandardMaxDiscountMonths), StandardMaxDiscountMonths),
        })
        {
            if (value is < 0 or > 24)
            {
                errors.Add($"{SectionName}:{key} must be between 0 and 24");
            }
        }

        if (!TimeZoneInfo.TryFindSystemTimeZoneById(CustomerTimeZone ?? "", out _))
        {
            errors.Add($"{SectionName}:{nameof(CustomerTimeZone)} '{CustomerTimeZone}' is not a known time zone");
        }

        if (MaxAlternates is < 0 or > 2)
        {
            errors.Add($"{SectionName}:{nameof(MaxAlternates)} must be between 0 and 2");
        }

        return errors;
    }
}
