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

/// <summary>Who an offer is for: known customers (the default), prospects (an unknown caller), or both.</summary>
public enum OfferAudience
{
    Customers,
    Prospects,
    Any,
}

/// <summary>The plan an offer proposes, found in the product catalogue from the customer's plan and usage.</summary>
public enum PlanChange
{
    None,

    /// <summary>The cheapest dearer plan of the family that would have cost less than last month's bill with overage.</summary>
    Upgrade,

    /// <summary>The cheapest cheaper plan of the family that covers each of the last three months' usage.</summary>
    CheaperCovering,

    /// <summary>The next cheaper plan of the family (affordability: the bill matters more than the allowance).</summary>
    NextLower,
}

/// <summary>A loyalty band: from <see cref="FromYears"/> of tenure the offer gives <see cref="DiscountPercent"/>.</summary>
public sealed record TenureBand(int FromYears, decimal DiscountPercent);

/// <summary>A fixed prepay step: prepay <see cref="Prepay"/> yuan, receive <see cref="Bonus"/> yuan of credit.</summary>
public sealed record PrepayTier(decimal Prepay, decimal Bonus);

/// <summary>
/// One catalogue entry: a script with <c>{Placeholder}</c> slots, who it is for, and what it costs. Money is per
/// month unless named one-off; <see cref="DiscountPercent"/> applies for <see cref="DurationMonths"/>.
/// </summary>
public sealed record OfferDefinition
{
    public required string Id { get; init; }

    public required string Name { get; init; }

    public required OfferKind Kind { get; init; }

    /// <summary>The script in English ("en").</summary>
    public required string Script { get; init; }

    /// <summary>The script in other locales, e.g. "zh-CN"; a locale without one falls back to <see cref="Script"/>.</summary>
    public IReadOnlyDictionary<string, string> Scripts { get; init; } = new Dictionary<string, string>();

    /// <summary>Placeholder defaults per locale (e.g. the "zh-CN" wording of {bonus}); they win over <see cref="Defaults"/>.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> LocalizedDefaults { get; init; } =
        new Dictionary<string, IReadOnlyDictionary<string, string>>();

    public OfferAudience Audience { get; init; } = OfferAudience.Customers;

    /// <summary>Product kinds (Mobile, Broadband, …) or feature codes (CallerDisplay, …) the customer must hold; all of them.</summary>
    public IReadOnlyList<string> RequiresProducts { get; init; } = [];

    /// <summary>Product kinds or feature codes the customer must not hold (a trial of what they have is no offer).</summary>
    public IReadOnlyList<string> ExcludesProducts { get; init; } = [];

    /// <summary>Only for customers with nothing outstanding (the script thanks them for their good standing).</summary>
    public bool GoodStandingOnly { get; init; }

    public PlanChange PlanChange { get; init; }

    /// <summary>Loyalty bands by whole years of tenure; when set, the discount comes from the customer's band.</summary>
    public IReadOnlyList<TenureBand> TenureBands { get; init; } = [];

    /// <summary>Fixed prepay steps; the offer quotes the largest one within a year of the customer's own bill.</summary>
    public IReadOnlyList<PrepayTier> PrepayTiers { get; init; } = [];

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

    public string ScriptFor(string locale) =>
        locale == OfferLocales.English || !Scripts.TryGetValue(locale, out var script) ? Script : script;

    public IReadOnlyDictionary<string, string> DefaultsFor(string locale)
    {
        if (!LocalizedDefaults.TryGetValue(locale, out var local))
        {
            return Defaults;
        }

        var merged = new Dictionary<string, string>(Defaults, StringComparer.Ordinal);
        foreach (var (key, value) in local)
        {
            merged[key] = value;
        }

        return merged;
    }

    public bool HasFinancialTerms => OneOffCost != 0 || MonthlyCost != 0 || DiscountPercent != 0 || MonthlyPriceChange != 0;

    public bool MatchesCause(DeclineCause? cause) =>
        Causes.Count == 0 || Causes.Contains(cause?.ToString() ?? "Unknown", StringComparer.OrdinalIgnoreCase);
}
