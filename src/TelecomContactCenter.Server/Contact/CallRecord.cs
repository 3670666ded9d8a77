using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using TelecomContactCenter.Core.Customers;
using TelecomContactCenter.Core.Routing;
using TelecomContactCenter.Server.Profiles;

namespace TelecomContactCenter.Server.Contact;

/// <summary>An offer shown on the pop and what the agent recorded for it.</summary>
internal sealed record OfferRecord(string OfferId, string Title, string ScriptVersion, string? Outcome);

/// <summary>One routing step with its reason, for the interaction record.</summary>
internal sealed record RoutingStep(DateTimeOffset At, string Decision, string? Agent, string Reason);

/// <summary>
/// The ACD's part of a call, from hand-over to the end of wrap-up: the pop, offers, routing steps and wrap-up of the
/// <see cref="Calls.Call"/> it belongs to, whose phase (<see cref="Phase"/>) is the call's one phase. Not thread-safe
/// by itself: <see cref="Acd.AcdRuntime"/> changes it, and fires the call's triggers, under its lock, and
/// <see cref="Snapshot"/> copies what the interaction writer saves.
/// </summary>
internal sealed class CallRecord
{
    /// <summary>The longest wrap-up note the record keeps (the column's width on PostgreSQL).</summary>
    public const int MaxNotesLength = Web.RequestLimits.FreeTextMaxLength;

    /// <summary>The call's owner: its phase, legs and identity.</summary>
    public required Calls.Call Call { get; init; }

    public required CallHandoff Handoff { get; init; }

    public required ScreenPop Pop { get; set; }

    public required long? CustomerId { get; init; }

    public required ValueTier? Tier { get; init; }

    public required DateTimeOffset QueuedAt { get; init; }

    /// <summary>The call's phase (its owner's; the ACD moves it with <see cref="Fire"/>).</summary>
    public Calls.CallState Phase => Call.State;

    public string? RingingAgent { get; set; }

    public DateTimeOffset? RingStartedAt { get; set; }

    public string? Agent { get; set; }

    public DateTimeOffset? AnsweredAt { get; set; }

    public DateTimeOffset? EndedAt { get; set; }

    public DateTimeOffset? WrapUpCompletedAt { get; set; }

    public string? Disposition { get; set; }

    /// <summary>The agent's wrap-up notes, saved with the interaction.</summary>
    public string? Notes { get; set; }

    public string? ComplaintId { get; set; }

    /// <summary>Held from the desktop: the caller hears the queue prompt. Not saved; the desk shows it.</summary>
    public bool OnHold { get; set; }

    public List<OfferRecord> Offers { get; init; } = [];

    public List<RoutingStep> Routing { get; } = [];

    public CallId Id => Handoff.CallId;

    // What the last snapshot carried: a save whose offers or routing did not change reuses the copy and its JSON
    // (a call is saved seven or eight times; copying and serialising both lists each time was an eighth of the
    // server's allocations in the pop bench).
    private SavedList<OfferRecord> _savedOffers = SavedList<OfferRecord>.Empty(CallRecordJson.Default.IReadOnlyListOfferRecord);
    private SavedList<RoutingStep> _savedRouting = SavedList<RoutingStep>.Empty(CallRecordJson.Default.IReadOnlyListRoutingStep);

    /// <summary>Moves the call's phase on (under the call's gate); false when the trigger does not apply now.</summary>
    public bool Fire(Calls.CallTrigger trigger) => Call.Fire(trigger);

    public IReadOnlyList<string> MissingForWrapUp()
    {
        var missing = Offers.Where(o => o.Outcome is null).Select(o => $"an outcome for offer {o.OfferId} ({o.Title})").ToList();
        if (Disposition is null)
        {
            missing.Insert(0, "a disposition");
        }

        return missing;
    }

    /// <summary>
    /// The call as saved: its owner's identity and IVR facts with the ACD's part. The path of a call that came through
    /// this host's IVR is not in it (the IVR writes that itself, <see cref="Calls.Call.ToIvrPath"/>); a call queued
    /// with a list of states and no IVR here carries them, in the path's one shape.
    /// </summary>
    public CallSnapshot Snapshot()
    {
        _savedOffers = _savedOffers.Of(Offers);
        _savedRouting = _savedRouting.Of(Routing);
        var identity = Call.Identity;
        var statesOnly = Call.Flow is null && Handoff.IvrPath.Count > 0;
        return new(
            Id.Value, Call.CallerDisplay, identity.IsWithheld ? null : identity.E164, identity.Confidence.ToString(),
            Call.Callback is null ? Interactions.CallChannels.Voice : Interactions.CallChannels.Callback,
            statesOnly ? Ivr.IvrPathRecord.OfStates(Id.Value, Call.CallerDisplay, Handoff.IvrPath, Handoff.IvrDigits, Handoff.Queue) : null,
            Call.IvrDigits ?? Handoff.IvrDigits,
            Handoff.Queue, CustomerId, Tier, QueuedAt, Phase, RingStartedAt, Agent ?? RingingAgent, AnsweredAt, EndedAt,
            WrapUpCompletedAt, Disposition, Notes, ComplaintId, _savedOffers, _savedRouting, Handoff.Node);
    }

    public static List<OfferRecord> OffersFrom(IReadOnlyList<OfferView> offers) =>
        offers.Select(o => new OfferRecord(o.OfferId, o.Title, o.ScriptVersion, null)).ToList();
}

/// <summary>
/// An immutable copy of one call as its interaction row saves it: who called (from the call's owner, a withheld
/// number never copied), the channel, the keys pressed and the queue, and the ACD's facts from queue to wrap-up.
/// <see cref="StatesPath"/> is set only for a call queued with IVR states and no IVR of this host's;
/// <see cref="OwnerNode"/> names the node holding the call's SIP leg when that is not the node saving it (the ACD leader).
/// </summary>
internal sealed record CallSnapshot(
    string CallId,
    string Caller,
    string? CallerE164,
    string IdentityConfidence,
    string Channel,
    Ivr.IvrPathRecord? StatesPath,
    string? IvrDigits,
    string Queue,
    long? CustomerId,
    ValueTier? Tier,
    DateTimeOffset QueuedAt,
    Calls.CallState Phase,
    DateTimeOffset? RingStartedAt,
    string? Agent,
    DateTimeOffset? AnsweredAt,
    DateTimeOffset? EndedAt,
    DateTimeOffset? WrapUpCompletedAt,
    string? Disposition,
    string? Notes,
    string? ComplaintId,
    SavedList<OfferRecord> SavedOffers,
    SavedList<RoutingStep> SavedRouting,
    string? OwnerNode)
{
    public IReadOnlyList<OfferRecord> Offers => SavedOffers.Items;

    public IReadOnlyList<RoutingStep> Routing => SavedRouting.Items;
}

/// <summary>
/// An immutable copy of one of a call's lists as saved, with its JSON made once, on first use, however many saves
/// carry it. Thread-safe: the items never change; two threads may both make the JSON, which is the same text.
/// </summary>
internal sealed class SavedList<T>
    where T : class
{
    private readonly JsonTypeInfo<IReadOnlyList<T>> _json;
    private string? _text;

    private SavedList(T[] items, JsonTypeInfo<IReadOnlyList<T>> json)
    {
        Items = items;
        _json = json;
    }

    public T[] Items { get; }

    public string Json => _text ??= JsonSerializer.Serialize<IReadOnlyList<T>>(Items, _json);

    public static SavedList<T> Empty(JsonTypeInfo<IReadOnlyList<T>> json) => new([], json);

    /// <summary>This copy when <paramref name="current"/> still holds the same items (records compared by reference), else a new one.</summary>
    public SavedList<T> Of(List<T> current)
    {
        if (current.Count == Items.Length)
        {
            var same = true;
            for (var i = 0; i < Items.Length && same; i++)
            {
                same = ReferenceEquals(current[i], Items[i]);
            }

            if (same)
            {
                return this;
            }
        }

        return new SavedList<T>([.. current], _json);
    }
}
