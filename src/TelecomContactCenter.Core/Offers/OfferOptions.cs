namespace TelecomContactCenter.Core.Offers;

/// <summary>The discount-authority ladder per tier (domain.md §2.7 treatment matrix) and offer limits (section "Offers").</summary>
public sealed class OfferOptions
{
    public const string SectionName = "Offers";

    /// <summary>The per-tier ladder: what an agent grants at once, what a supervisor approves, the hard cap.</summary>
    public DiscountAuthorityOptions DiscountAuthority { get; set; } = new();

    /// <summary>
    /// User name → a cap on that agent's own authority below the tier's agent rung (a trainee at 0 asks a supervisor
    /// for every discount). It never raises an agent above the tier's rung.
    /// </summary>
    public Dictionary<string, decimal> AgentDiscountAuthority { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Not read: an agent's authority is per tier. Set, it stops start-up so a flat limit is not silently ignored.</summary>
    public decimal? AgentDiscountAuthorityPercent { get; set; }

    /// <summary>Alternates shown besides the primary offer.</summary>
    public int MaxAlternates { get; set; } = 2;

    /// <summary>IANA time zone the customers live in: callback times in scripts are quoted in it.</summary>
    public string CustomerTimeZone { get; set; } = "Asia/Shanghai";

    /// <summary>
    /// When a customer may be called back, in their own time zone (default 08:00–21:00): a script's promised
    /// callback time ({time}) falls inside these hours, never at night (see <see cref="CallbackPromise"/>).
    /// </summary>
    public TimeOnly CallbackHoursStart { get; set; } = new(8, 0);

    /// <summary>The end of <see cref="CallbackHoursStart"/>'s hours.</summary>
    public TimeOnly CallbackHoursEnd { get; set; } = new(21, 0);

    /// <summary>Optional path of a catalogue file the host reads instead of the embedded one.</summary>
    public string? CataloguePath { get; set; }

    /// <summary>That agent's own cap (<see cref="AgentDiscountAuthority"/>), or null when they have the tier's rung.</summary>
    public decimal? AgentOwnCap(string agent) => AgentDiscountAuthority.TryGetValue(agent, out var own) ? own : null;

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        foreach (var (user, value) in AgentDiscountAuthority)
        {
            if (value is < 0 or > 100)
            {
                errors.Add($"{SectionName}:{nameof(AgentDiscountAuthority)}:{user} must be between 0 and 100");
            }
        }

        if (AgentDiscountAuthorityPercent is not null)
        {
            errors.Add($"{SectionName}:{nameof(AgentDiscountAuthorityPercent)} is not a setting: an agent's authority is per tier, "
                + $"{SectionName}:{nameof(DiscountAuthority)}:<Tier>:{nameof(TierDiscountLimits.AgentPercent)}");
        }

        if (DiscountAuthority is null)
        {
            errors.Add($"{SectionName}:{nameof(DiscountAuthority)} is missing");
        }
        else
        {
            errors.AddRange(DiscountAuthority.Validate($"{SectionName}:{nameof(DiscountAuthority)}"));
        }

        if (CallbackHoursEnd <= CallbackHoursStart)
        {
            errors.Add($"{SectionName}:{nameof(CallbackHoursEnd)} must be after {SectionName}:{nameof(CallbackHoursStart)}");
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
