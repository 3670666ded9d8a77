using TelecomContactCenter.Core.Customers;

namespace TelecomContactCenter.Core.Offers;

/// <summary>What the engine knows about the caller when choosing offers. Money is per month.</summary>
public sealed record OfferContext
{
    public required LifecycleStage Stage { get; init; }

    /// <summary>Effective tier (after modifiers and group inheritance).</summary>
    public required ValueTier Tier { get; init; }

    public bool IsUnprofitable { get; init; }

    public bool HasRiskHold { get; init; }

    public bool HasOpenComplaint { get; init; }

    public bool IntentToLeave { get; init; }

    /// <summary>Cause picked in the diagnosis (DEC-1) or derived from the open complaint's category; null when unknown.</summary>
    public DeclineCause? Cause { get; init; }

    /// <summary>Expected monthly revenue if the customer stays (or returns, for win-back).</summary>
    public decimal MonthlyRevenue { get; init; }

    public decimal MonthlyCostToServe { get; init; }

    /// <summary>Months since activation; scripts quote it as whole years.</summary>
    public int TenureMonths { get; init; }

    /// <summary>CLV if the customer returns (win-back), e.g. from <see cref="CustomerLifetimeValue"/>.</summary>
    public decimal LifetimeValue { get; init; }

    /// <summary>p_winback from the exit reason and tier; 0 when unknown.</summary>
    public double WinbackProbability { get; init; }

    public bool WinbackWindowOpen { get; init; } = true;

    /// <summary>Values for script placeholders such as Name, Plan, X; they win over catalogue defaults.</summary>
    public IReadOnlyDictionary<string, string> Placeholders { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// A context from a customer profile: stage, effective tier, flags and money from the facts. Add the complaint
    /// state, cause, p_winback and placeholders with a <c>with</c> expression.
    /// </summary>
    public static OfferContext From(CustomerProfile profile, CustomerFacts facts)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(facts);
        return new OfferContext
        {
            Stage = profile.Stage.Stage,
            Tier = profile.Tier.Tier,
            IsUnprofitable = profile.Tier.IsUnprofitable,
            HasRiskHold = profile.Tier.HasRiskHold,
            IntentToLeave = facts.IntentToLeave,
            MonthlyRevenue = facts.RecentArpu,
            MonthlyCostToServe = facts.CostToServe12Months / 12,
            TenureMonths = facts.TenureMonths,
            LifetimeValue = profile.LifetimeValue,
            WinbackWindowOpen = profile.Stage.WinbackWindow,
        };
    }
}
