namespace TelecomContactCenter.Core.Customers;

/// <summary>
/// The computable inputs of domain.md §1.2 for one customer, as of the last closed bill. Money is net billed revenue
/// in the operator's currency; usage changes are ratios (−0.30 is a 30% drop).
/// </summary>
public sealed record CustomerFacts
{
    /// <summary>False for an unknown caller, who is treated as a prospect.</summary>
    public bool IsKnownCustomer { get; init; } = true;

    public required int TenureMonths { get; init; }

    /// <summary>A3: mean monthly revenue over the last 3 closed bills.</summary>
    public required decimal RecentArpu { get; init; }

    /// <summary>P3: mean monthly revenue over the 3 bills before those.</summary>
    public required decimal PreviousArpu { get; init; }

    public decimal? VoiceUsageChange { get; init; }

    public decimal? DataUsageChange { get; init; }

    /// <summary>R_days: days since the last chargeable event; null when unknown.</summary>
    public int? DaysSinceLastChargeableEvent { get; init; }

    public int ComplaintsLast90Days { get; init; }

    public bool ComplaintSlaBreachedLast90Days { get; init; }

    public int ArrearsDays { get; init; }

    public bool ArrearsInLast12Months { get; init; }

    public AccountStatus Status { get; init; } = AccountStatus.Active;

    /// <summary>A completed disconnection order (拆机).</summary>
    public bool DisconnectionCompleted { get; init; }

    /// <summary>Date the customer left (status change or disconnection); drives the win-back window.</summary>
    public DateOnly? ExitDate { get; init; }

    public bool IsPrepaid { get; init; }

    /// <summary>End of contract, commitment, prepaid-bonus lock-in or group framework agreement.</summary>
    public DateOnly? CommitmentEnd { get; init; }

    public bool RenewalOnFile { get; init; }

    public int ActiveProducts { get; init; }

    /// <summary>dProd90: change in active products over the last 90 days.</summary>
    public int ProductChangeLast90Days { get; init; }

    /// <summary>Port-out or cancellation enquiry, or a competitor-offer reason code, in the last 30 days.</summary>
    public bool IntentToLeave { get; init; }

    public decimal Revenue12Months { get; init; }

    public decimal CostToServe12Months { get; init; }

    /// <summary>Mean monthly cost to serve over the same 3 closed bills as <see cref="RecentArpu"/>.</summary>
    public decimal RecentCostToServe { get; init; }

    /// <summary>m of the CLV formula (domain.md §5.5): recent monthly ARPU less recent monthly cost to serve.</summary>
    public decimal MonthlyMargin => RecentArpu - RecentCostToServe;

    public bool FraudOrCreditHold { get; init; }

    /// <summary>True when this record is a group account staged on account-level aggregates.</summary>
    public bool IsGroupAccount { get; init; }

    public GroupMembership? Group { get; init; }

    /// <summary>dARPU = (A3 − P3) / P3; null when P3 is zero.</summary>
    public decimal? ArpuChange => PreviousArpu == 0 ? null : (RecentArpu - PreviousArpu) / PreviousArpu;

    /// <summary>
    /// dUse: the worse of the voice and data changes, unless one of them rose; then the customer is shifting usage
    /// (e.g. voice to data) rather than leaving, so the better one is used.
    /// </summary>
    public decimal? UsageChange => (VoiceUsageChange, DataUsageChange) switch
    {
        (null, null) => null,
        ({ } v, null) => v,
        (null, { } d) => d,
        ({ } v, { } d) when v > 0 || d > 0 => Math.Max(v, d),
        ({ } v, { } d) => Math.Min(v, d),
    };

    public bool IsUnprofitable => CostToServe12Months > Revenue12Months;
}
