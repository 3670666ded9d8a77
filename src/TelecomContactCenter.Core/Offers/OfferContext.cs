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

    /// <summary>Churn-risk band; at Low (and stable) the primary offer is a non-price lever, not a discount.</summary>
    public ChurnBand ChurnBand { get; init; }

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

    /// <summary>An unknown caller: no customer record, so only offers for prospects apply.</summary>
    public bool IsProspect { get; init; }

    /// <summary>The customer's name as stored (汉字 or pinyin); null for a prospect.</summary>
    public string? CustomerName { get; init; }

    public CustomerGender Gender { get; init; }

    /// <summary>Codes or names (any locale) of the products the customer holds now; matched against the product catalogue.</summary>
    public IReadOnlyList<string> HeldProducts { get; init; } = [];

    /// <summary>Closed months of usage, newest first; plan comparisons read the last three.</summary>
    public IReadOnlyList<UsageMonth> RecentUsage { get; init; } = [];

    /// <summary>What the customer owes now (yuan); 0 when nothing is outstanding.</summary>
    public decimal OutstandingAmount { get; init; }

    /// <summary>When the open complaint's SLA falls due, in the customer's local time: the promised callback time.</summary>
    public DateTimeOffset? CallbackBy { get; init; }

    /// <summary>The agent reading the script owns the open complaint (only then may the script say "I'll stay the owner").</summary>
    public bool AgentOwnsComplaint { get; init; }

    /// <summary>When a churned customer left.</summary>
    public DateOnly? ExitedOn { get; init; }

    /// <summary>
    /// The discounts the customer holds now. An offer whose discount is among them is not offered again, and every
    /// discount offer is judged on the ladder with their percent added (discounts do not stack past a rung).
    /// </summary>
    public IReadOnlyList<DiscountInForce> DiscountsInForce { get; init; } = [];

    /// <summary>Values for script placeholders (any locale); they win over computed values and catalogue defaults.</summary>
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
            ChurnBand = profile.Churn.Band,
            MonthlyRevenue = facts.RecentArpu,
            MonthlyCostToServe = facts.RecentCostToServe,
            TenureMonths = facts.TenureMonths,
            LifetimeValue = profile.LifetimeValue,
            WinbackWindowOpen = profile.Stage.WinbackWindow,
        };
    }
}

/// <summary>A discount the customer holds now: percent off the monthly fee until <see cref="Until"/>, from an offer or goodwill (no offer).</summary>
public sealed record DiscountInForce(string? OfferId, decimal Percent, DateTimeOffset Until);
