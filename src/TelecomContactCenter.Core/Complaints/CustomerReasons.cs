using TelecomContactCenter.Core.Customers;

namespace TelecomContactCenter.Core.Complaints;

/// <summary>What the agent records the customer said, by the moment it is asked (domain.md §1.2–1.4).</summary>
public enum ReasonKind
{
    /// <summary>Why the customer called; port-out, cancellation and competitor offer are the intent trigger.</summary>
    ContactReason,

    /// <summary>The DEC-1 diagnosis: service failure, competitor or special circumstance.</summary>
    DeclineCause,

    /// <summary>CHN-1: why a leaver left, coded from the §4.4 taxonomy and the 003 arrears survey.</summary>
    ExitReason,

    /// <summary>ACQ-1: what made a new customer choose us.</summary>
    KeyBuyingFactor,
}

/// <summary>The four churn types of the seeds (003 @62%): 自然, 恶意, 竞争, 过失 (caused by the operator's errors).</summary>
public enum ChurnType
{
    Natural,
    Malicious,
    Competitive,
    OperatorCaused,
}

/// <summary>One code the agent can pick. Codes are unique across kinds, so the desktop labels them as <c>reason.&lt;code&gt;</c>.</summary>
public sealed record ReasonCode(ReasonKind Kind, string Code)
{
    /// <summary>A port-out or cancellation enquiry or a competitor reason: the Decline intent trigger (§1.3).</summary>
    public bool SignalsIntentToLeave { get; init; }

    /// <summary>The decline-cause class the code implies, which chooses the retention offers.</summary>
    public DeclineCause? Cause { get; init; }

    /// <summary>For exit reasons: the churn type, which sets the win-back probability.</summary>
    public ChurnType? ChurnType { get; init; }
}

/// <summary>
/// The reason codes agents capture, with what each implies for the profile, and p_winback from the exit reason's
/// churn type and the tier (domain.md §1.4 Churned decision rule). Immutable and thread-safe.
/// </summary>
public static class CustomerReasons
{
    private static readonly ReasonCode[] Table =
    [
        Contact("PORT_OUT", intent: true, DeclineCause.Competitor),
        Contact("CANCELLATION", intent: true),
        Contact("COMPETITOR_OFFER", intent: true, DeclineCause.Competitor),
        Contact("BILL_ENQUIRY"),
        Contact("PAYMENT_ENQUIRY"),
        Contact("PLAN_CHANGE"),
        Contact("FAULT_REPORT"),
        Contact("NEW_SERVICE"),
        Contact("COMPLAINT"),
        Contact("OTHER"),
        new(ReasonKind.DeclineCause, "SERVICE_FAILURE") { Cause = DeclineCause.ServiceFailure },
        new(ReasonKind.DeclineCause, "COMPETITOR") { Cause = DeclineCause.Competitor, SignalsIntentToLeave = true },
        new(ReasonKind.DeclineCause, "SPECIAL_CIRCUMSTANCE") { Cause = DeclineCause.SpecialCircumstance },
        Exit("BILL", ChurnType.OperatorCaused),
        Exit("PAY", ChurnType.OperatorCaused),
        Exit("NET", ChurnType.OperatorCaused),
        Exit("PROV", ChurnType.OperatorCaused),
        Exit("ENC", ChurnType.OperatorCaused),
        Exit("RESP", ChurnType.OperatorCaused),
        Exit("INCONV", ChurnType.OperatorCaused),
        Exit("ETH", ChurnType.OperatorCaused),
        Exit("FEAT", ChurnType.Competitive),
        Exit("PRICE", ChurnType.Competitive),
        Exit("PORTED_TO_COMPETITOR", ChurnType.Competitive),
        Exit("INVOL", ChurnType.Natural),
        Exit("UNAFFORDABLE", ChurnType.Natural),
        Exit("STOPPED_USING", ChurnType.Natural),
        Exit("DELIBERATE_NON_PAYMENT", ChurnType.Malicious),
        new(ReasonKind.KeyBuyingFactor, "KBF_PRICE"),
        new(ReasonKind.KeyBuyingFactor, "KBF_COVERAGE"),
        new(ReasonKind.KeyBuyingFactor, "KBF_BUNDLE"),
        new(ReasonKind.KeyBuyingFactor, "KBF_BRAND"),
        new(ReasonKind.KeyBuyingFactor, "KBF_SERVICE"),
    ];

    public static IReadOnlyList<ReasonCode> All => Table;

    /// <summary>Codes by kind, in the order the desktop lists them.</summary>
    public static IReadOnlyDictionary<ReasonKind, IReadOnlyList<string>> ByKind { get; } =
        Enum.GetValues<ReasonKind>().ToDictionary(k => k, k => (IReadOnlyList<string>)Table.Where(r => r.Kind == k).Select(r => r.Code).ToArray());

    public static bool TryFind(ReasonKind kind, string? code, out ReasonCode reason)
    {
        reason = Table.FirstOrDefault(r => r.Kind == kind && string.Equals(r.Code, code?.Trim(), StringComparison.OrdinalIgnoreCase))!;
        return reason is not null;
    }

    /// <summary>
    /// p_winback [proposed]: a leaver the operator failed can be won back by fixing the failure; one who left for a
    /// better offer sometimes; one who moved or can no longer pay rarely; a deliberate non-payer never. Higher
    /// tiers get more effort (the account manager's own call), so their chance is higher.
    /// </summary>
    public static double WinbackProbability(ChurnType type, ValueTier tier)
    {
        var basis = type switch
        {
            ChurnType.OperatorCaused => 0.30,
            ChurnType.Competitive => 0.20,
            ChurnType.Natural => 0.05,
            _ => 0.0,
        };
        var effort = tier switch
        {
            ValueTier.Platinum => 1.5,
            ValueTier.Gold => 1.25,
            ValueTier.Silver => 1.0,
            _ => 0.8,
        };
        return Math.Round(basis * effort, 3);
    }

    private static ReasonCode Contact(string code, bool intent = false, DeclineCause? cause = null) =>
        new(ReasonKind.ContactReason, code) { SignalsIntentToLeave = intent, Cause = cause };

    private static ReasonCode Exit(string code, ChurnType type) => new(ReasonKind.ExitReason, code) { ChurnType = type };
}
