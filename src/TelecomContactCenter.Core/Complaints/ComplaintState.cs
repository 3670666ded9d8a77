namespace TelecomContactCenter.Core.Complaints;

/// <summary>States of the complaint workflow (domain.md §4.3).</summary>
public enum ComplaintState
{
    Captured,
    Open,
    InProgressFirstContact,
    EscalatedBackOffice,
    PendingCustomer,
    BackOfficeResolved,
    ResolvedPendingConfirmation,
    Closed,
    Reopened,
    Withdrawn,
    Merged,
}

public enum ComplaintTrigger
{
    Classify,
    StartWork,
    ResolveOnCall,
    EscalateToBackOffice,
    RequestCustomerInfo,
    CustomerInfoReceived,
    PauseExpired,
    BackOfficeResolve,
    InformCustomer,
    ConfirmResolution,
    CloseUnreachable,
    Reopen,
    Withdraw,
    Merge,
}

public enum ComplaintSeverity
{
    Low,
    Medium,
    High,
    Critical,
}

/// <summary>Which SLA column applies (domain.md §3.2): non-fault resolution, or fault restoration by wall clock.</summary>
public enum SlaKind
{
    NonFault,
    Fault,
    DataOrLeasedLineFault,
}

/// <summary>Complaint id; a version-7 GUID so ids sort by creation time.</summary>
public readonly record struct ComplaintId(Guid Value)
{
    public static ComplaintId New(DateTimeOffset now) => new(Guid.CreateVersion7(now));

    public override string ToString() => Value.ToString();
}

/// <summary>One audited change: a state transition, or a same-state action such as a reassignment.</summary>
public sealed record ComplaintTransition(
    DateTimeOffset At, string Actor, string Trigger, ComplaintState From, ComplaintState To, string? Reason);

/// <summary>An unsuccessful attempt to reach the customer for confirmation.</summary>
public sealed record ContactAttempt(DateTimeOffset At, string Actor);
