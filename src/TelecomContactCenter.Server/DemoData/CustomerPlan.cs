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
}
