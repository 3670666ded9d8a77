using System.Text.Json;
using System.Text.Json.Serialization;
using TelecomContactCenter.Core.Customers;

namespace TelecomContactCenter.Server.Profiles;

/// <summary>The precomputed part of the customer 360, stored as JSON on the profile row.</summary>
internal sealed record CustomerView(
    long CustomerId,
    string Phone,
    string Name,
    string AccountStatus,
    bool IsPrepaid,
    int TenureMonths,
    string Tier,
    string TierReason,
    IReadOnlyList<string> TierReasonCodes,
    string LifecycleStage,
    IReadOnlyList<string> StageReasonCodes,
    string StageReason,
    int ChurnScore,
    string ChurnBand,
    decimal Clv,
    AccountManagerView? AccountManager,
    GroupView? Group,
    IReadOnlyList<ProductView> Products,
    IReadOnlyList<BillView> ArpuTrend,
    IReadOnlyList<OfferView> NextBestOffers,
    DateTimeOffset EvaluatedAt)
{
    /// <summary>Filled at lookup time (SLA state is live); always empty in the stored snapshot.</summary>
    public IReadOnlyList<OpenComplaintView> OpenComplaints { get; init; } = [];

    /// <summary>What the customer said, as captured by agents, with the churn type and p_winback of an exit reason.</summary>
    public ReasonsView Reasons { get; init; } = ReasonsView.None;

    /// <summary>The revenue basis of the tier, for the desktop to word; null from a BSS that sends only the prose.</summary>
    public TierBasisView? TierBasis { get; init; }
}

/// <summary>
/// Why revenue gives the base tier: <c>Rank</c> with the top share by 12-month revenue (for Standard, the Silver share
/// it is outside of), or <c>MonthlyRevenue</c> with the customer's average month against the tier's threshold.
/// </summary>
internal sealed record TierBasisView(string Kind, string Tier, double? TopPercent, decimal? MonthlyRevenue, decimal? MonthlyThreshold)
{
    public static TierBasisView? From(TierBasis? basis) => basis is null
        ? null
        : new(basis.Kind == TierCutoffBasis.Percentile ? "Rank" : "MonthlyRevenue", basis.Tier.ToString(), basis.TopPercent,
            basis.MonthlyRevenue, basis.MonthlyThreshold);
}

/// <summary>An open complaint on the 360 with its live SLA position.</summary>
internal sealed record OpenComplaintView(
    Guid Id, string Category, string State, string Owner, DateTimeOffset CreatedAt, DateTimeOffset? DueAt,
    double SlaElapsedPercent, string SlaBand);

/// <summary>
/// The customer's account manager: <see cref="UserName"/> is who they are to the ACD, the hubs and the SLA alerts
/// (null when the manager does not sign in here); <see cref="DisplayName"/> is what the desktop shows.
/// </summary>
internal sealed record AccountManagerView(string? UserName, string DisplayName, string Phone, string Email);

internal sealed record GroupView(long Id, string Name, string Tier, string Role);

/// <summary>
/// A product the customer holds, named as the BSS sent it; <see cref="Names"/> carries the catalogue's name in each
/// language when the product is one the catalogue sells, so the desk reads it in the agent's language.
/// </summary>
internal sealed record ProductView(string Kind, string Name, decimal MonthlyFee)
{
    public IReadOnlyDictionary<string, string>? Names { get; init; }
}

internal sealed record BillView(DateOnly Month, decimal Amount);

/// <summary>
/// One next-best offer with its script rendered for this customer: <see cref="Script"/> in English, <see cref="Scripts"/>
/// in every locale ("en", "zh-CN"), <see cref="MissingSlots"/> the slots nothing could fill (empty when complete).
/// When the script reads differently for the agent who owns the open complaint ("I'll stay the owner"),
/// <see cref="OwnerScripts"/> holds that reading and <see cref="ForAgent"/> picks it for <see cref="ComplaintOwner"/>.
/// </summary>
internal sealed record OfferView(
    string OfferId, string Title, string Kind, string Script, string ScriptVersion, bool IsPrimary, decimal DiscountPercent,
    int DurationMonths)
{
    public IReadOnlyDictionary<string, string> Scripts { get; init; } = new Dictionary<string, string>();

    public IReadOnlyList<string> MissingSlots { get; init; } = [];

    /// <summary>The discount is above the agent's rung for the caller's tier: accepted, it waits for a supervisor.</summary>
    public bool NeedsApproval { get; init; }

    public IReadOnlyDictionary<string, string>? OwnerScripts { get; init; }

    public string? ComplaintOwner { get; init; }

    /// <summary>The offers as <paramref name="agent"/> reads them: the owner's wording only for the complaint's owner.</summary>
    public static IReadOnlyList<OfferView> ForAgent(IReadOnlyList<OfferView> offers, string agent) =>
        offers.Any(o => o.OwnerScripts is not null && o.ComplaintOwner == agent)
            ? offers.Select(o => o.OwnerScripts is { } own && o.ComplaintOwner == agent
                ? o with { Scripts = own, Script = own.GetValueOrDefault("en", o.Script) }
                : o).ToList()
            : offers;
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(CustomerView))]
[JsonSerializable(typeof(Customers.RoutingProfile))]
[JsonSerializable(typeof(StageHistory))]
[JsonSerializable(typeof(TierHistory))]
internal sealed partial class ProfileJsonContext : JsonSerializerContext;
