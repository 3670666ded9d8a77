using Microsoft.Extensions.Time.Testing;
using TelecomContactCenter.Media.Playback;

namespace TelecomContactCenter.Media.Tests.Playback;

/// <summary>
/// FakeTimeProvider moves its clock to the end of an advance before it fires the timers due on the way, so a pacer
/// would read the end time in every callback. These tests need each phase slot to fire at its own instant, as on a
/// real clock: the clock is moved one phase slot at a time. A callback may move the clock further (a stall); the
/// target stays where it was set.
/// </summary>
internal static class ClockSteps
{
    public static void AdvanceBySlots(this FakeTimeProvider time, TimeSpan delta)
    {
        var target = time.GetUtcNow() + delta;
        while (time.GetUtcNow() < target)
        {
            var left = target - time.GetUtcNow();
            time.Advance(left < PacingScheduler.PhaseSlotInterval ? left : PacingScheduler.PhaseSlotInterval);
        }
    }
}
