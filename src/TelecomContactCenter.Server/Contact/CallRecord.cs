using TelecomContactCenter.Core.Customers;
using TelecomContactCenter.Core.Routing;
using TelecomContactCenter.Server.Profiles;

namespace TelecomContactCenter.Server.Contact;

internal enum CallPhase
{
    Queued,
    Ringing,
    Connected,
    WrapUp,
    Completed,
    Abandoned,
}

/// <summary>An offer shown on the pop and what the agent recorded for it.</summary>
internal sealed record OfferRecord(string OfferId, string Title, string ScriptVersion, string? Outcome);

/// <summary>One routing step with its reason, for the interaction record.</summary>
internal sealed record RoutingStep(DateTimeOffset At, string Decision, string? Agent, string Reason);

/// <summary>
/// A call from hand-over to the end of wrap-up. Not thread-safe by itself: <see cref="CallDistributor"/> changes it
/// under its lock, and <see cref="Snapshot"/> copies what the interaction writer saves.
/// </summary>
internal sealed class CallRecord
{
    public required CallHandoff Handoff { get; init; }

    public required ScreenPop Pop { get; set; }

    public required long? CustomerId { get; init; }

    public required ValueTier? Tier { get; init; }

    public required DateTimeOffset QueuedAt { get; init; }

    public CallPhase Phase { get; set; } = CallPhase.Queued;

    public string? RingingAgent { get; set; }

    public DateTimeOffset? RingStartedAt { get; set; }

    public string? Agent { get; set; }

    public DateTimeOffset? AnsweredAt { get; set; }

    public DateTimeOffset? EndedAt { get; set; }

    public DateTimeOffset? WrapUpCompletedAt { get; set; }

    public string? Disposition { get; set; }

    public string? ComplaintId { get; set; }

    public List<OfferRecord> Offers { get; init; } = [];

    public List<RoutingStep> Routing { get; } = [];

    public CallId Id => Handoff.CallId;

    public IReadOnlyList<string> MissingForWrapUp()
    {
        var missing = Offers.Where(o => o.Outcome is null).Select(o => $"an outcome for offer {o.OfferId} ({o.Title})").ToList();
        if (Disposition is null)
        {
            missing.Insert(0, "a disposition");
        }

        return missing;
    }

    public CallSnapshot Snapshot() => new(
        Id.Value, Handoff, CustomerId, Tier, QueuedAt, Phase, RingStartedAt, Agent ?? RingingAgent, AnsweredAt, EndedAt,
        WrapUpCompletedAt, Disposition, ComplaintId, [.. Offers], [.. Routing]);

    public static List<OfferRecord> OffersFrom(IReadOnlyList<OfferView> offers) =>
        offers.Select(o => new OfferRecord(o.OfferId, o.Title, o.ScriptVersion, null)).ToList();
}

/// <summary>An immutable copy of a call for saving and for the agent's resync.</summary>
internal sealed record CallSnapshot(
    string CallId,
    CallHandoff Handoff,
    long? CustomerId,
    ValueTier? Tier,
    DateTimeOffset QueuedAt,
    CallPhase Phase,
    DateTimeOffset? RingStartedAt,
    string? Agent,
    DateTimeOffset? AnsweredAt,
    DateTimeOffset? EndedAt,
    DateTimeOffset? WrapUpCompletedAt,
    string? Disposition,
    string? ComplaintId,
    IReadOnlyList<OfferRecord> Offers,
    IReadOnlyList<RoutingStep> Routing);
