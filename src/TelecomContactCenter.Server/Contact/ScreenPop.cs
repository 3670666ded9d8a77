using TelecomContactCenter.Server.Profiles;

namespace TelecomContactCenter.Server.Contact;

/// <summary>
/// Everything the agent sees when the phone rings. <see cref="Notice"/> explains a missing <see cref="Customer"/>:
/// "Caller withheld their number", "Unknown caller: no customer with this number", "Profile unavailable".
/// <see cref="Callback"/> is set when the call is a booked callback: "Callback requested &lt;when&gt;", and whether the
/// customer is dialled.
/// </summary>
internal sealed record ScreenPop(
    string CallId,
    PopCaller Caller,
    bool ProfileAvailable,
    string? Notice,
    PopCustomer? Customer,
    PopIvr Ivr,
    string Queue,
    string RoutingReason,
    IReadOnlyList<OfferView> Offers,
    DateTimeOffset QueuedAt,
    string? Callback = null);

internal sealed record PopCaller(string? Raw, string? E164, string Confidence);

internal sealed record PopIvr(IReadOnlyList<string> Path, string? Digits);

internal sealed record PopCustomer(
    long CustomerId,
    string Name,
    string Tier,
    string TierReason,
    string Stage,
    string StageReason,
    IReadOnlyList<string> StageReasonCodes,
    string ChurnBand,
    IReadOnlyList<PopComplaint> OpenComplaints,
    bool RepeatContact,
    AccountManagerView? AccountManager,
    IReadOnlyList<ProductView> Products,
    IReadOnlyList<BillView> ArpuTrend,
    IReadOnlyList<PopInteraction> LastInteractions)
{
    /// <summary>The tier's modifiers (loyalty uplift, demotion held, override...), codes the desktop labels.</summary>
    public IReadOnlyList<string> TierReasonCodes { get; init; } = [];

    /// <summary>The tier's revenue basis, worded by the desktop; null when the customer source sent only prose.</summary>
    public TierBasisView? TierBasis { get; init; }
}

/// <summary>An open complaint with its SLA countdown: the desktop counts <see cref="RemainingSeconds"/> down from <see cref="DueAt"/>.</summary>
internal sealed record PopComplaint(
    Guid Id, string Category, string State, string Owner, DateTimeOffset? DueAt, double? RemainingSeconds, string SlaBand,
    double SlaElapsedPercent);

internal sealed record PopInteraction(DateTimeOffset StartedAt, string Channel, string? Agent, string? Disposition, string? ReasonCode, string? Notes);
