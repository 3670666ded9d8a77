namespace TelecomContactCenter.Core.Offers;

/// <summary>Stable codes for why an offer was not recommended.</summary>
public static class OfferRejectionCodes
{
    public const string Stage = "OFFER-STAGE";
    public const string Tier = "OFFER-TIER";
    public const string Cause = "OFFER-CAUSE";
    public const string ComplaintState = "OFFER-COMPLAINT-STATE";
    public const string OpenComplaint = "OFFER-OPEN-COMPLAINT";
    public const string BelowCost = "OFFER-BELOW-COST";
    public const string DiscountAuthority = "OFFER-DISCOUNT-AUTHORITY";
    public const string WinbackWindow = "OFFER-WINBACK-WINDOW";
    public const string WinbackValue = "OFFER-WINBACK-VALUE";
    public const string RiskHold = "OFFER-RISK-HOLD";
    public const string FallbackNotNeeded = "OFFER-FALLBACK-NOT-NEEDED";
    public const string NotRanked = "OFFER-NOT-RANKED";
    public const string Audience = "OFFER-AUDIENCE";
    public const string Products = "OFFER-PRODUCTS";
    public const string Standing = "OFFER-STANDING";
    public const string PlanComparison = "OFFER-PLAN-COMPARISON";
    public const string Tenure = "OFFER-TENURE";
    public const string Terms = "OFFER-TERMS";
    public const string SlotUnfilled = "OFFER-SLOT-UNFILLED";
    public const string InForce = "OFFER-IN-FORCE";
}

public sealed record OfferRejection(string OfferId, string Code, string Reason);

/// <summary>
/// An offer ready to read out: the rendered script (English in <see cref="Script"/>, every locale in
/// <see cref="Scripts"/>) and the terms the agent may grant. <see cref="MissingPlaceholders"/> is empty for every
/// offer the engine shows: an offer with a slot it cannot fill is rejected instead.
/// </summary>
public sealed record RecommendedOffer(
    string Id,
    string Name,
    OfferKind Kind,
    string Script,
    decimal DiscountPercent,
    int DurationMonths,
    decimal ProjectedMargin,
    IReadOnlyList<string> MissingPlaceholders)
{
    public IReadOnlyDictionary<string, string> Scripts { get; init; } = new Dictionary<string, string>();

    /// <summary>The discount is above the agent's rung for the tier: accepted, it waits for a supervisor's approval.</summary>
    public bool NeedsApproval { get; init; }
}

/// <summary>One primary offer and at most two alternates, plus every rejection with its reason.</summary>
public sealed record OfferRecommendation(
    string CatalogueVersion,
    RecommendedOffer? Primary,
    IReadOnlyList<RecommendedOffer> Alternates,
    IReadOnlyList<OfferRejection> Rejections)
{
    public IEnumerable<OfferRejection> RejectionsFor(string offerId) => Rejections.Where(r => r.OfferId == offerId);
}
