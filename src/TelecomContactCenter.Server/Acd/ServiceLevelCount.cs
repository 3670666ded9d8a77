namespace TelecomContactCenter.Server.Acd;

/// <summary>
/// Counts for the service level of one queue and tier. Immutable, so the wallboard reads a copy taken under the
/// runtime's lock while the runtime goes on counting.
/// </summary>
internal readonly record struct ServiceLevelCount(int Answered, int WithinTarget, int Abandoned, int AbandonedAfterTarget, double WaitSeconds)
{
    /// <summary>An answer after <paramref name="waited"/>; <see cref="WaitSeconds"/> is the average speed of answer's numerator.</summary>
    public ServiceLevelCount Answer(TimeSpan waited, TimeSpan target) => this with
    {
        Answered = Answered + 1,
        WithinTarget = WithinTarget + (waited <= target ? 1 : 0),
        WaitSeconds = WaitSeconds + waited.TotalSeconds,
    };

    public ServiceLevelCount Abandon(bool afterTarget) => this with
    {
        Abandoned = Abandoned + 1,
        AbandonedAfterTarget = AbandonedAfterTarget + (afterTarget ? 1 : 0),
    };
}
