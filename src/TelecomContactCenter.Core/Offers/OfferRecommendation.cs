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
}

public sealed record OfferRejection(string OfferId, string Code, string Reason);

/// <summary>An offer ready to read out: the rendered script and the terms the agent may grant.</summary>
public sealed record RecommendedOffer(
    string Id,
    string Name,
    OfferKind Kind,
    string Script,
    decimal DiscountPercent,
    int DurationMonths,
    decimal ProjectedMargin,
    IReadOnlyList<string> MissingPlaceholders);

/// <summary>One primary offer and at most two alternates, plus every rejection with its reason.</summary>
public sealed record OfferRecommendation(
    string CatalogueVersion,
    RecommendedOffer? Primary,
    IReadOnlyList<RecommendedOffer> Alternates,
    IReadOnlyList<OfferRejection> Rejections)
{
    public IEnumerable<OfferRejection> RejectionsFor(string offerId) => Rejections.Where(r => r.OfferId == offerId);
}
