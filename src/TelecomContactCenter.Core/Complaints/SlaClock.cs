namespace TelecomContactCenter.Core.Complaints;

/// <summary>SLA band: below 50%, from 50%, from 75%, and breached at 100%.</summary>
public enum SlaBand
{
    OnTrack,
    Warning50,
    Warning75,
    Breached,
}

/// <summary>Where a complaint stands against its SLA at one instant.</summary>
public sealed record SlaStatus(
    SlaTarget Target,
    TimeSpan Consumed,
    TimeSpan Remaining,
    double FractionConsumed,
    SlaBand Band,
    IReadOnlyList<int> ThresholdsCrossed,
    bool IsPaused,
    bool IsStopped,
    DateTimeOffset? DueAt)
{
    public bool IsBreached => Band == SlaBand.Breached;

    /// <summary>The tier's supervisor/account-manager alert point (50% or 75%) has been reached.</summary>
    public bool SupervisorAlertDue => FractionConsumed * 100 >= Target.SupervisorAlertPercent;

    /// <summary>The back-office hand-off is still open past its internal due time.</summary>
    public bool OlaBreached { get; init; }

    /// <summary>
    /// When the clock reached the target, for a breached complaint (null otherwise): a wall-clock instant, so "overdue
    /// since" reads the same at every look, even while a business-hours clock stands still overnight.
    /// </summary>
    public DateTimeOffset? BreachedAt { get; init; }
}

/// <summary>
/// Computes SLA consumption from a complaint's audit trail. The clock starts at creation and runs in every open
/// state except while resolved awaiting confirmation; in PendingCustomer it pauses for at most the pause cap (72 h
/// wall clock) over the complaint's life, all pauses together, then runs again. Closed, withdrawn and merged complaints have a stopped clock; a
/// reopened complaint continues from where it stopped. Stateless and thread-safe.
/// </summary>
public sealed class SlaClock(SlaPolicy policy)
{
    private static readonly int[] Thresholds = [50, 75, 100];

    public SlaStatus Evaluate(Complaint complaint, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(complaint);
        var target = policy.TargetFor(complaint);
        var consumed = TimeSpan.Zero;
        DateTimeOffset? breachedAt = target.Duration > TimeSpan.Zero ? null : complaint.CreatedAt;
        var segments = Segments(complaint, now);
        var pauseLeft = policy.PauseCap;
        var pauseEnds = complaint.CreatedAt;
        void Run(DateTimeOffset from, DateTimeOffset to)
        {
            var measured = policy.Measure(target.Basis, from, to);
            if (breachedAt is null && consumed + measured >= target.Duration)
            {
                breachedAt = policy.Add(target.Basis, from, target.Duration - consumed);
            }

            consumed += measured;
        }

        foreach (var (state, start, end) in segments)
        {
            if (state == ComplaintState.PendingCustomer)
            {
                // The pause cap is for the complaint's whole life: each pause draws on what earlier ones left.
                pauseEnds = start + pauseLeft;
                var free = end - start < pauseLeft ? end - start : pauseLeft;
                pauseLeft -= free;
                Run(start + free, end);
            }
            else if (!Stops(state))
            {
                Run(start, end);
            }
        }

        var (current, since, _) = segments[^1];
        var stopped = Stops(current);
        var paused = current == ComplaintState.PendingCustomer && now < pauseEnds;
        var remaining = target.Duration - consumed;
        var fraction = target.Duration > TimeSpan.Zero ? consumed / target.Duration : 1;
        var band = fraction >= 1 ? SlaBand.Breached : fraction >= 0.75 ? SlaBand.Warning75 : fraction >= 0.5 ? SlaBand.Warning50 : SlaBand.OnTrack;
        DateTimeOffset? due = stopped || remaining <= TimeSpan.Zero
            ? null
            : policy.Add(target.Basis, paused ? pauseEnds : now, remaining);
        var olaOpen = complaint.State is ComplaintState.EscalatedBackOffice
            || (complaint.State == ComplaintState.PendingCustomer && complaint.StateBeforePending == ComplaintState.EscalatedBackOffice);
        return new SlaStatus(
            target, consumed, remaining, fraction, band, Thresholds.Where(t => fraction * 100 >= t).ToArray(), paused, stopped, due)
        {
            OlaBreached = olaOpen && complaint.OlaDueAt is { } olaDue && now > olaDue,
            BreachedAt = band == SlaBand.Breached ? breachedAt : null,
        };
    }

    /// <summary>When the current pause stops pausing the clock; null when the complaint is not waiting for the customer.</summary>
    public DateTimeOffset? PauseEndsAt(Complaint complaint, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(complaint);
        var pauseLeft = policy.PauseCap;
        DateTimeOffset? ends = null;
        foreach (var (state, start, end) in Segments(complaint, now))
        {
            if (state == ComplaintState.PendingCustomer)
            {
                ends = start + pauseLeft;
                pauseLeft -= end - start < pauseLeft ? end - start : pauseLeft;
            }
            else
            {
                ends = null;
            }
        }

        return ends;
    }

    private static bool Stops(ComplaintState state) =>
        state is ComplaintState.ResolvedPendingConfirmation or ComplaintState.Closed or ComplaintState.Withdrawn or ComplaintState.Merged;

    /// <summary>Consecutive state intervals up to <paramref name="now"/>; same-state audit entries do not split them.</summary>
    private static List<(ComplaintState State, DateTimeOffset Start, DateTimeOffset End)> Segments(Complaint complaint, DateTimeOffset now)
    {
        var result = new List<(ComplaintState State, DateTimeOffset Start, DateTimeOffset End)>();
        var state = ComplaintState.Captured;
        var start = complaint.CreatedAt;
        foreach (var entry in complaint.Transitions)
        {
            if (entry.To == state && entry.From == state)
            {
                continue;
            }

            result.Add((state, start, entry.At < now ? entry.At : now));
            (state, start) = (entry.To, entry.At);
        }

        result.Add((state, start, now > start ? now : start));
        return result;
    }
}
