using TelecomContactCenter.Server.Contact;
using TelecomContactCenter.Server.Ivr;

namespace TelecomContactCenter.Server.Interactions;

// What the interaction writer is given to write: each milestone of a call's row, as its producer hands it over.

/// <summary>The IVR's path of a call and when it was submitted (the start of a row it creates).</summary>
internal sealed record PathMilestone(IvrPathRecord Path, DateTimeOffset At);

/// <summary>A failed node's open calls begun before <paramref name="StartedBefore"/>, to end at <paramref name="EndedAt"/>; <see cref="Closed"/> counts them once written.</summary>
internal sealed record ClosingMilestone(string Node, DateTimeOffset EndedAt, DateTimeOffset StartedBefore, string Disposition)
{
    public int Closed { get; set; }
}

/// <summary>An ACD snapshot of a call, with the offer outcome recorded by this save, if any.</summary>
internal sealed record SnapshotMilestone(CallSnapshot Call, OfferOutcomeRow? Outcome);

/// <summary>One offer_outcomes row, as the writer inserts it.</summary>
internal sealed record OfferOutcomeRow(long CustomerId, string OfferId, string ScriptVersion, string Outcome, string Agent, DateTimeOffset RecordedAt);

/// <summary>
/// Telephony's facts of one SIP call as the interaction row stores them: the identity chain as received, the access
/// number and its mode, the final status answered, and the routing decision with its reason.
/// </summary>
internal sealed record SipOutcome(
    string CallId,
    string Caller,
    string Channel,
    DateTimeOffset StartedAt,
    DateTimeOffset EndedAt,
    long? CustomerId,
    string? Disposition,
    string AccessNumber,
    string Mode,
    string? CallerRaw,
    string? CallerE164,
    string IdentityConfidence,
    string IdentitySource,
    int StatusCode,
    string? TargetQueue,
    string? TargetAgent,
    string? Tier,
    string? LifecycleStage,
    int? Priority,
    string Reason,
    int? DecisionMicroseconds);
