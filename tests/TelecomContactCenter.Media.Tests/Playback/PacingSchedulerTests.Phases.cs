using Microsoft.Extensions.Time.Testing;
using TelecomContactCenter.Media.Playback;

namespace TelecomContactCenter.Media.Tests.Playback;

public sealed partial class PacingSchedulerTests
{
    private static readonly TimeSpan Slot = PacingScheduler.PhaseSlotInterval;

    [Fact]
    public void Advance_OneSenderPerSlot_EachSendsAtItsOwnFixedPhaseEveryTick()
    {
        var time = new FakeTimeProvider();
        using var scheduler = new PacingScheduler(time);
        var sent = new List<(int Sender, long Tick, TimeSpan At)>();
        var start = time.GetTimestamp();
        var registrations = Enumerable.Range(0, PacingScheduler.PhaseSlotCount)
            .Select(i => scheduler.Register(new RecordingSender(tick => sent.Add((i, tick, time.GetElapsedTime(start))))))
            .ToList();
        scheduler.Start();

        time.AdvanceBySlots(TwoTicksForEverySlot);

        var expected =
            from tick in new[] { 0L, 1L }
            from sender in Enumerable.Range(0, PacingScheduler.PhaseSlotCount)
            select (sender, tick, (PacingScheduler.TickInterval * (tick + 1)) + (Slot * sender));
        Assert.Equal(expected, sent);
        registrations.ForEach(r => r.Dispose());
    }

    [Fact]
    public void Register_AfterACallEnds_NextCallTakesTheFreedSlotThenTheEmptiestFirst()
    {
        var time = new FakeTimeProvider();
        using var scheduler = new PacingScheduler(time);
        var start = time.GetTimestamp();
        var registrations = Enumerable.Range(0, PacingScheduler.PhaseSlotCount)
            .Select(_ => scheduler.Register(new RecordingSender()))
            .ToList();
        registrations[5].Dispose();
        var firstSentAt = new List<TimeSpan>();
        var secondSentAt = new List<TimeSpan>();
        using var first = scheduler.Register(new RecordingSender(_ => firstSentAt.Add(time.GetElapsedTime(start))));
        using var second = scheduler.Register(new RecordingSender(_ => secondSentAt.Add(time.GetElapsedTime(start))));
        scheduler.Start();

        time.AdvanceBySlots(PacingScheduler.TickInterval + LastSlotOffset);

        Assert.Equal([PacingScheduler.TickInterval + (Slot * 5)], firstSentAt);
        Assert.Equal([PacingScheduler.TickInterval], secondSentAt);
        Assert.Equal(PacingScheduler.PhaseSlotCount + 1, scheduler.SenderCount);
        registrations.ForEach(r => r.Dispose());
    }

    [Fact]
    public void Advance_OneSlotStallsFortyFiveMilliseconds_EveryCallCatchesUpEachTickOnceInOrder()
    {
        var time = new FakeTimeProvider();
        using var scheduler = new PacingScheduler(time);
        var lateness = new List<(long Tick, TimeSpan Late)>();
        scheduler.SenderTicked = (_, tick, late) => lateness.Add((tick, late));
        var senders = Enumerable.Range(0, PacingScheduler.PhaseSlotCount * 3)
            .Select(i => new RecordingSender(tick =>
            {
                if (i == 10 && tick == 1)
                {
                    time.Advance(TimeSpan.FromMilliseconds(45));
                }
            }))
            .ToList();
        var registrations = senders.Select(scheduler.Register).ToList();
        scheduler.Start();

        time.AdvanceBySlots(TimeSpan.FromMilliseconds(200));

        // By 200 ms slot s has had every tick k with (k + 1) × 20 + s <= 200; the stall cost none of them.
        Assert.All(senders.Select((s, i) => (s, Slot: i % PacingScheduler.PhaseSlotCount)), x =>
            Assert.Equal(Enumerable.Range(0, ((180 - x.Slot) / 20) + 1).Select(t => (long)t), x.s.Ticks));
        Assert.Contains((1L, TimeSpan.FromMilliseconds(45)), lateness);
        Assert.All(lateness, l => Assert.InRange(l.Late, TimeSpan.Zero, TimeSpan.FromMilliseconds(45)));
        registrations.ForEach(r => r.Dispose());
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 1)]
    [InlineData(3, 2)]
    [InlineData(4, 2)]
    [InlineData(5, 4)]
    [InlineData(64, 4)]
    public void LaneCount_Processors_LeavesACoreFreeAndDividesTheSlots(int processors, int lanes)
    {
        var count = PacingScheduler.LaneCount(processors);

        Assert.Equal(lanes, count);
    }
}
