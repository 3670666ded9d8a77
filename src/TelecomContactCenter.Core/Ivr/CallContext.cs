using TelecomContactCenter.Core.Customers;

namespace TelecomContactCenter.Core.Ivr;

/// <summary>
/// How far the caller's identity can be trusted. Mirrors the SIP layer's identity confidence by member name and adds
/// the outcomes of the customer lookup and IVR verification.
/// </summary>
public enum CallerIdentityConfidence
{
    Unknown,
    NetworkAsserted,
    UserProvided,
    Withheld,
    Unparseable,
    IvrVerified,
    MultipleMatches,
}

/// <summary>
/// What the flow may branch on, gathered by the host before the greeting. A caller with no customer record has a null
/// <see cref="Tier"/> and <see cref="Stage"/>. Agent ids are the ACD's agent ids (complaint owners are stored as such).
/// </summary>
public sealed record CallContext
{
    public ValueTier? Tier { get; init; }

    public LifecycleStage? Stage { get; init; }

    public bool HasOpenComplaint { get; init; }

    /// <summary>Owner of the most urgent open complaint, if any.</summary>
    public string? ComplaintOwner { get; init; }

    public string? AccountManager { get; init; }

    public CallerIdentityConfidence IdentityConfidence { get; init; }

    /// <summary>When the call arrived; business-hours conditions are evaluated at this instant.</summary>
    public required DateTimeOffset ArrivedAt { get; init; }
}
