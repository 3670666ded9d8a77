namespace TelecomContactCenter.Media.Playback;

public sealed partial class PacingScheduler
{
    /// <summary>
    /// One thread's share of the clock: the slots <c>first</c>, <c>first + stride</c>, … of every tick, run in
    /// deadline order. Sub-tick j stands for tick j / <see cref="PhaseSlotCount"/> in slot j %
    /// <see cref="PhaseSlotCount"/>; since the stride divides the slot count a slot never changes lane, so each
    /// call's frames are sent by one thread, in order, exactly once per tick. Not thread-safe: one thread runs
    /// a lane at a time (its pacer thread, or the manual clock's timer under <c>_pumping</c>).
    /// </summary>
    private sealed class Lane(PacingScheduler owner, int first, int stride)
    {
        private long _next = first;

        /// <summary>
        /// When the lane next has frames to send: the deadline of its next slot that holds a call, so an idle
        /// lane wakes once a tick rather than once a slot. A call that joins a slot this skipped is picked up
        /// by the catch-up when the lane wakes, with its frame's own timestamp.
        /// </summary>
        public long WakeDeadline()
        {
            for (var subTick = _next; subTick < _next + PhaseSlotCount; subTick += stride)
            {
                if (Volatile.Read(ref owner._slots[subTick % PhaseSlotCount]).Length > 0)
                {
                    return owner.Deadline(subTick);
                }
            }

            return owner.Deadline(_next + PhaseSlotCount);
        }

        /// <summary>Runs every slot of this lane that is due by now, oldest first; a late wake-up catches up here.</summary>
        public void RunDue()
        {
            // The clock is re-read after every slot, so a slot that overran is caught up in the same pass.
            while (owner.Deadline(_next) <= owner._time.GetTimestamp())
            {
                owner.RunSubTick(_next);
                _next += stride;
            }
        }
    }
}
