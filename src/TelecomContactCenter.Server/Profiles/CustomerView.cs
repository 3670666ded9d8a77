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
}

/// <summary>An open complaint on the 360 with its live SLA position.</summary>
internal sealed record OpenComplaintView(
    Guid Id, string Category, string State, string Owner, DateTimeOffset CreatedAt, DateTimeOffset? DueAt,
    double SlaElapsedPercent, string SlaBand);

internal sealed record AccountManagerView(string Name, string Phone, string Email);

internal sealed record GroupView(long Id, string Name, string Tier, string Role);

internal sealed record ProductView(string Kind, string Name, decimal MonthlyFee);

internal sealed record BillView(DateOnly Month, decimal Amount);

/// <summary>One next-best offer with its script rendered for this customer.</summary>
internal sealed record OfferView(
    string OfferId, string Title, string Kind, string Script, string ScriptVersion, bool IsPrimary, decimal DiscountPercent,
    int DurationMonths);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(CustomerView))]
[JsonSerializable(typeof(Customers.RoutingProfile))]
[JsonSerializable(typeof(StageHistory))]
[JsonSerializable(typeof(TierHistory))]
internal sealed partial class ProfileJsonContext : JsonSerializerContext;
