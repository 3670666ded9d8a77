using System.Text.Json;
using TelecomContactCenter.Core.Routing;
using TelecomContactCenter.Server.Calls;
using TelecomContactCenter.Server.Contact;

namespace TelecomContactCenter.Server.Tests.Contact;

/// <summary>
/// What the interaction writer saves of a call: each save's offers and routing as they are at that moment, the
/// copy and its JSON shared between saves only while neither list changed.
/// </summary>
public sealed class CallRecordSnapshotTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Snapshot_NothingChanged_SharesTheSavedListsAndTheirJson()
    {
        var record = Record();

        var first = record.Snapshot();
        var second = record.Snapshot();

        Assert.Same(first.SavedOffers, second.SavedOffers);
        Assert.Same(first.SavedRouting.Json, second.SavedRouting.Json);
    }

    [Fact]
    public void Snapshot_AfterAnOutcomeAndARoutingStep_SavesTheNewContentAndLeavesTheEarlierSnapshotAsItWas()
    {
        var record = Record();
        var before = record.Snapshot();
        var beforeJson = (before.SavedOffers.Json, before.SavedRouting.Json);

        record.Offers[1] = record.Offers[1] with { Outcome = "Accepted" };
        record.Routing.Add(new RoutingStep(At.AddSeconds(5), "Offer", "agent1", "longest idle"));
        var after = record.Snapshot();

        Assert.Equal(beforeJson, (before.SavedOffers.Json, before.SavedRouting.Json));
        Assert.Equal([null, "Accepted"], Outcomes(after.SavedOffers.Json));
        Assert.Equal(["Enqueue", "Offer"], Decisions(after.SavedRouting.Json));
    }

    [Fact]
    public void Snapshot_StepReplacedBySameCount_IsSeenAsAChange()
    {
        var record = Record();
        record.Routing.Add(new RoutingStep(At.AddSeconds(1), "Offer", "agent1", "longest idle"));
        record.Snapshot();

        record.Routing.RemoveAt(1);
        record.Routing.Add(new RoutingStep(At.AddSeconds(1), "WaitingForMedia", "agent1", "no RTP port"));

        Assert.Equal(["Enqueue", "WaitingForMedia"], Decisions(record.Snapshot().SavedRouting.Json));
    }

    private static CallRecord Record()
    {
        var caller = new CallerIdentityInfo("+8613800000001", "+8613800000001", "High");
        var record = new CallRecord
        {
            Call = new Call(new CallId("call-1"), null, caller.ToIdentity(), null),
            Handoff = new CallHandoff { CallId = new CallId("call-1"), Caller = caller, Queue = "general" },
            Pop = null!,
            CustomerId = 1,
            Tier = null,
            QueuedAt = At,
            Offers = [new OfferRecord("o1", "Data pack", "v1", null), new OfferRecord("o2", "Loyalty discount", "v3", null)],
        };
        record.Routing.Add(new RoutingStep(At, "Enqueue", null, "queue general"));
        return record;
    }

    private static List<string?> Outcomes(string json) =>
        [.. JsonDocument.Parse(json).RootElement.EnumerateArray().Select(o => o.GetProperty("outcome").GetString())];

    private static List<string?> Decisions(string json) =>
        [.. JsonDocument.Parse(json).RootElement.EnumerateArray().Select(o => o.GetProperty("decision").GetString())];
}
