namespace TelecomContactCenter.Server.DemoData;

/// <summary>What to generate for one customer; the generator turns it into history rows.</summary>
internal sealed record CustomerPlan(DemoArchetype Archetype, int TenureMonths, decimal Arpu, bool IsPrepaid)
{
    public int ExitMonthsAgo { get; init; }

    public long? GroupAccountId { get; init; }

    public string? KeyContactRole { get; init; }

    public long? AccountManagerId { get; init; }

    /// <summary>Products besides the mobile line (0–3).</summary>
    public int ExtraProducts { get; init; }

    public bool Unprofitable { get; init; }

    public bool HasCommitment { get; init; }

    /// <summary>The commitment ends within 60 days with no renewal on file (a Decline soft trigger).</summary>
    public bool CommitmentEndsSoon { get; init; }

    /// <summary>A leaver deregistered for unpaid bills (the seeds' main churn case) rather than ported out.</summary>
    public bool DeregisteredForArrears { get; init; }
}
