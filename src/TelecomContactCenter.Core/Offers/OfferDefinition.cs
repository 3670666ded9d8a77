using TelecomContactCenter.Core.Customers;

namespace TelecomContactCenter.Core.Offers;

public enum OfferKind
{
    Upsell,
    Retention,
    ServiceRecovery,
    WinBack,
    Informational,
}

/// <summary>Whether an offer needs an open complaint, needs none, or does not care.</summary>
public enum ComplaintRequirement
{
    Any,
    NoneOpen,
    Open,
}

/// <summary>
/// One catalogue entry: a script with <c>{Placeholder}</c> slots, who it is for, and what it costs. Money is per
/// month unless named one-off; <see cref="DiscountPercent"/> applies for <see cref="DurationMonths"/>.
/// </summary>
public sealed record OfferDefinition
{
    public required string Id { get; init; }

    public required string Name { get; init; }

    public required OfferKind Kind { get; init; }

    public required string Script { get; init; }

    /// <summary>Stages the offer is for; empty means every stage.</summary>
    public IReadOnlyList<LifecycleStage> Stages { get; init; } = [];

    /// <summary>Tiers the offer is for; empty means every tier.</summary>
    public IReadOnlyList<ValueTier> Tiers { get; init; } = [];

    /// <summary>Decline causes the offer answers ("ServiceFailure", "Competitor", "SpecialCircumstance", "Unknown"); empty means any.</summary>
    public IReadOnlyList<string> Causes { get; init; } = [];

    public ComplaintRequirement Complaint { get; init; } = ComplaintRequirement.Any;

    public decimal OneOffCost { get; init; }

    public decimal MonthlyCost { get; init; }

    public decimal DiscountPercent { get; init; }

    public int DurationMonths { get; init; }

    /// <summary>Change to the customer's monthly bill if accepted (an upgrade adds, a cheaper plan subtracts).</summary>
    public decimal MonthlyPriceChange { get; init; }

    /// <summary>Carries credit exposure (e.g. instalments), so a fraud or credit hold blocks it.</summary>
    public bool FinancialExposure { get; init; }

    /// <summary>Shown only when the offer with this id was rejected (e.g. a graceful close when win-back is not worth it).</summary>
    public string? FallbackFor { get; init; }

    /// <summary>Lower comes first.</summary>
    public int Priority { get; init; } = 100;

    /// <summary>Placeholder values from configuration, used when the call context does not supply one.</summary>
    public IReadOnlyDictionary<string, string> Defaults { get; init; } = new Dictionary<string, string>();

    public bool HasFinancialTerms => OneOffCost != 0 || MonthlyCost != 0 || DiscountPercent != 0 || MonthlyPriceChange != 0;

    public bool MatchesCause(DeclineCause? cause) =>
        Causes.Count == 0 || Causes.Contains(cause?.ToString() ?? "Unknown", StringComparer.OrdinalIgnoreCase);
}
