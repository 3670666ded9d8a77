using Microsoft.Extensions.Time.Testing;
using TelecomContactCenter.Media.Playback;
using TelecomContactCenter.Testing;

namespace TelecomContactCenter.Media.Tests.Playback;

public sealed partial class PacingSchedulerTests
{
    // Slot s of tick k is due at (k + 1) × 20 ms + s × 1 ms, so the last slot's tick k is due 19 ms after slot 0's.
    private static readonly TimeSpan LastSlotOffset = PacingScheduler.PhaseSlotInterval * (PacingScheduler.PhaseSlotCount - 1);
    private static readonly TimeSpan TwoTicksForEverySlot = (PacingScheduler.TickInterval * 2) + LastSlotOffset;
    private static readonly TimeSpan ThreeTicksForEverySlot = (PacingScheduler.TickInterval * 3) + LastSlotOffset;

    [Fact]
    public void Advance_OneSecond_TicksFiftyTimesInOrder()
    {
        var time = new FakeTimeProvider();
        using var scheduler = new PacingScheduler(time);
        var sender = new RecordingSender();
        using var registration = scheduler.Register(sender);
        scheduler.Start();

        time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(Enumerable.Range(0, 50).Select(i => (long)i), sender.Ticks);
    }

    [Fact]
    public void Advance_JustShortOfTwentyMilliseconds_DoesNotTick()
    {
        var time = new FakeTimeProvider();
        using var scheduler = new PacingScheduler(time);
        var sender = new RecordingSender();
        using var registration = scheduler.Register(sender);
        scheduler.Start();

        time.Advance(TimeSpan.FromMilliseconds(19));

        Assert.Empty(sender.Ticks);
    }

    [Fact]
    public void Pump_TickOverrunsByThreeFrames_CatchesUpAndReportsTheLateness()
    {
        var time = new FakeTimeProvider();
        using var scheduler = new PacingScheduler(time);
        var lateness = new List<TimeSpan>();
        scheduler.TickCompleted = (_, late) => lateness.Add(late);
        var stalling = new RecordingSender(tick =>
        {
            if (tick == 0)
            {
                time.Advance(TimeSpan.FromMilliseconds(60));
            }
        });
        using var registration = scheduler.Register(stalling);
        scheduler.Start();

        time.Advance(TimeSpan.FromMilliseconds(20));

        Assert.Equal([0L, 1L, 2L, 3L], stalling.Ticks);
        Assert.Equal(TimeSpan.FromMilliseconds(60), lateness[0]);
        Assert.Equal(TimeSpan.Zero, lateness[3]);
    }

    [Fact]
    public void Advance_OneSenderThrows_OthersKeepTheirFrames()
    {
        var time = new FakeTimeProvider();
        using var scheduler = new PacingScheduler(time);
        var broken = new RecordingSender(_ => throw new InvalidOperationException("boom"));
        var healthy = new RecordingSender();
        using var first = scheduler.Register(broken);
        using var second = scheduler.Register(healthy);
        scheduler.Start();

        time.Advance(ThreeTicksForEverySlot);

        Assert.Equal([0L, 1L, 2L], healthy.Ticks);
        Assert.Equal([0L, 1L, 2L], broken.Ticks);
    }

    [Fact]
    public void Register_ManySenders_UsesOneTimerForAll()
    {
        var time = new WatchedTimeProvider();
        using var scheduler = new PacingScheduler(time);
        var senders = Enumerable.Range(0, 1000).Select(_ => new RecordingSender()).ToList();
        var registrations = senders.Select(scheduler.Register).ToList();
        scheduler.Start();

        time.Advance(TwoTicksForEverySlot);

        Assert.Equal(1, time.ActiveTimerCount);
        Assert.All(senders, s => Assert.Equal([0L, 1L], s.Ticks));
        registrations.ForEach(r => r.Dispose());
    }

    [Fact]
    public void Dispose_Registration_StopsTicksForThatSenderOnly()
    {
        var time = new FakeTimeProvider();
        using var scheduler = new PacingScheduler(time);
        var leaving = new RecordingSender();
        var staying = new RecordingSender();
        var registration = scheduler.Register(leaving);
        using var other = scheduler.Register(staying);
        scheduler.Start();
        time.Advance(TimeSpan.FromMilliseconds(20));

        registration.Dispose();
        registration.Dispose();
        time.Advance(ThreeTicksForEverySlot - PacingScheduler.TickInterval);

        Assert.Equal([0L], leaving.Ticks);
        Assert.Equal([0L, 1L, 2L], staying.Ticks);
        Assert.Equal(1, scheduler.SenderCount);
    }

    private sealed class RecordingSender(Action<long>? onTick = null) : IPacedSender
    {
        public List<long> Ticks { get; } = [];

        public void OnTick(long tick)
        {
            Ticks.Add(tick);
            onTick?.Invoke(tick);
        }
    }
}
