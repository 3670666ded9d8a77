namespace TelecomContactCenter.Core.Customers;

/// <summary>
/// Persisted between monthly evaluations: the individual tier held (after hysteresis), how many consecutive months
/// it has been below that tier's cut, and how many consecutive months ARPU rose by the Rising threshold.
/// </summary>
public sealed record TierHistory(ValueTier Tier, int MonthsBelow, int MonthsRising, DateOnly EvaluatedOn);

/// <summary>Stable codes for tier modifiers, for screens and reports.</summary>
public static class TierReasonCodes
{
    public const string LoyaltyUplift = "TIER-LOYALTY";
    public const string DemotionHeld = "TIER-DEMOTION-HELD";
    public const string Demoted = "TIER-DEMOTED";
    public const string Rising = "TIER-RISING";
    public const string Unprofitable = "TIER-UNPROFITABLE";
    public const string RiskHold = "TIER-RISK-HOLD";
    public const string Override = "TIER-OVERRIDE";
    public const string OverrideExpired = "TIER-OVERRIDE-EXPIRED";
    public const string GroupKeyContact = "TIER-GROUP-KEY-CONTACT";
    public const string GroupEmployee = "TIER-GROUP-EMPLOYEE";
}

/// <summary>
/// Result of tiering one customer. <see cref="Tier"/> is what routing, SLA and treatment use; the flags restrict
/// money (discounts, credit) without touching service priority.
/// </summary>
public sealed record TierAssessment(
    ValueTier BaseTier,
    ValueTier Tier,
    GroupTier? GroupTier,
    bool IsRising,
    bool IsUnprofitable,
    bool HasRiskHold,
    bool IsOverridden,
    IReadOnlyList<string> ReasonCodes,
    string Reason,
    TierHistory History)
{
    /// <summary>Why revenue alone gives <see cref="BaseTier"/> (the modifiers after it are in <see cref="ReasonCodes"/>).</summary>
    public TierBasis? Basis { get; init; }

    /// <summary>Financial perks (credit limits, instalments) are blocked by a fraud or credit hold.</summary>
    public bool FinancialPerksAllowed => !HasRiskHold;

    /// <summary>Retention discounts are disabled for unprofitable customers ("no extra spend").</summary>
    public bool RetentionDiscountsAllowed => !IsUnprofitable;
}
