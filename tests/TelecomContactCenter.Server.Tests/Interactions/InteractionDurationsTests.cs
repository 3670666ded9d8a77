using TelecomContactCenter.Server.Interactions;

namespace TelecomContactCenter.Server.Tests.Interactions;

/// <summary>The wait, ring, talk and wrap-up times a supervisor reads off a call's record (API and CSV alike).</summary>
public sealed class InteractionDurationsTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 5, 9, 0, 0, TimeSpan.FromHours(8));

    [Fact]
    public void Of_AbandonedCall_WaitIsTheTimeToAbandonAndNothingElseIsTimed()
    {
        var abandoned = Record(queued: 2, ended: 47);

        var durations = InteractionDurations.Of(abandoned);

        Assert.Equal(new InteractionDurations(45, null, null, null), durations);
    }

    [Fact]
    public void Of_AnsweredAndWrappedUpCall_EachSpanFromItsOwnMilestones()
    {
        var answered = Record(queued: 2, ringStarted: 10, answered: 16, ended: 136, wrappedUp: 166);

        var durations = InteractionDurations.Of(answered);

        Assert.Equal(new InteractionDurations(14, 6, 120, 30), durations);
    }

    [Fact]
    public void Of_CallStillWaiting_NoWaitYet()
    {
        var waiting = Record(queued: 2);

        var durations = InteractionDurations.Of(waiting);

        Assert.Equal(new InteractionDurations(null, null, null, null), durations);
    }

    private static Interaction Record(int? queued = null, int? ringStarted = null, int? answered = null, int? ended = null, int? wrappedUp = null) => new()
    {
        Caller = "+8613800000001",
        Channel = "Voice",
        StartedAt = Start,
        QueuedAt = At(queued),
        RingStartedAt = At(ringStarted),
        AnsweredAt = At(answered),
        EndedAt = At(ended),
        WrapUpCompletedAt = At(wrappedUp),
    };

    private static DateTimeOffset? At(int? seconds) => seconds is { } s ? Start.AddSeconds(s) : null;
}
