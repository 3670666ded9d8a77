using TelecomContactCenter.Media.Playback;

namespace TelecomContactCenter.Media.Tests.Playback;

/// <summary>The real-clock driver: these run on <see cref="TimeProvider.System"/> and wait for frames, never sleep.</summary>
public sealed class PacerThreadTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Start_OnSystemClock_TicksOnTheDedicatedPacerThreadNotThePool()
    {
        using var scheduler = new PacingScheduler(TimeProvider.System);
        var sender = new CountingSender(ticksWanted: 5);
        using var registration = scheduler.Register(sender);

        scheduler.Start();
        await sender.Enough.Task.WaitAsync(Patience);
        scheduler.Dispose();

        Assert.Equal([0L, 1L, 2L, 3L, 4L], sender.Ticks.Take(5));
        Assert.All(sender.Threads, name => Assert.StartsWith("media-pacer", name));
    }

    [Fact]
    public async Task Start_OnSystemClockWithHundredsOfCalls_EveryCallGetsEveryFrameInOrderFromOneThread()
    {
        using var scheduler = new PacingScheduler(TimeProvider.System);
        var senders = Enumerable.Range(0, 600).Select(_ => new CountingSender(ticksWanted: 10)).ToList();
        var registrations = senders.Select(scheduler.Register).ToList();

        scheduler.Start();
        await Task.WhenAll(senders.Select(s => s.Enough.Task)).WaitAsync(Patience);
        scheduler.Dispose();
        registrations.ForEach(r => r.Dispose());

        Assert.All(senders, s => Assert.Equal(Enumerable.Range(0, 10).Select(i => (long)i), s.Ticks.Take(10)));
        Assert.All(senders, s => Assert.Single(s.Threads.Take(10).Distinct()));
        Assert.Equal(PacingScheduler.LaneCount(Environment.ProcessorCount), senders.SelectMany(s => s.Threads.Take(10)).Distinct().Count());
    }

    [Fact]
    public async Task SenderTicked_OnSystemClock_ReportsEachFrameAfterItsDeadline()
    {
        using var scheduler = new PacingScheduler(TimeProvider.System);
        var lateness = new List<TimeSpan>();
        scheduler.SenderTicked = (_, _, late) =>
        {
            lock (lateness)
            {
                lateness.Add(late);
            }
        };
        var sender = new CountingSender(ticksWanted: 3);
        using var registration = scheduler.Register(sender);

        scheduler.Start();
        await sender.Enough.Task.WaitAsync(Patience);
        scheduler.Dispose();

        lock (lateness)
        {
            Assert.All(lateness, late => Assert.True(late >= TimeSpan.Zero, $"frame sent {late} before its deadline"));
        }
    }

    private sealed class CountingSender(int ticksWanted) : IPacedSender
    {
        public List<long> Ticks { get; } = [];

        public List<string?> Threads { get; } = [];

        public TaskCompletionSource Enough { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void OnTick(long tick)
        {
            Ticks.Add(tick);
            Threads.Add(Thread.CurrentThread.Name);
            if (Ticks.Count >= ticksWanted)
            {
                Enough.TrySetResult();
            }
        }
    }
}
