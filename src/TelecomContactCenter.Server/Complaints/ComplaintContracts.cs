using TelecomContactCenter.Core.Complaints;

namespace TelecomContactCenter.Server.Complaints;

/// <summary>
/// <see cref="FaultKind"/> (Fault or NonFault) defaults from the category (network → Fault); <see cref="SlaKind"/>
/// also takes DataOrLeasedLineFault. <see cref="CallId"/> is the call it is taken on (its first contact).
/// <see cref="AttachToExisting"/> attaches this contact to the customer's open complaint of the same category
/// instead of being refused with 409.
/// </summary>
internal sealed record CreateComplaintRequest(
    string? CustomerPhone, long? CustomerId, string Category, string? Severity, string? SlaKind, string? Summary,
    string? FaultKind = null, string? CallId = null, bool AttachToExisting = false);

/// <summary>
/// <see cref="Version"/> is the version the client last saw; a different current version is a 409.
/// <see cref="CallId"/> is the call a ResolveOnCall happens on (FCR needs it to be the creating call).
/// </summary>
internal sealed record FireTriggerRequest(string Trigger, string? Reason, long? Version, Guid? MergeInto, string? CallId = null);

internal sealed record ReassignRequest(string NewOwner, string Reason, long? Version);

internal sealed record ResolutionRequest(string ResolutionCode, string RootCause, long? Version);

/// <summary>
/// A complaint's SLA now: <see cref="DueAt"/> is null once breached (then <see cref="BreachedAt"/> says when) or
/// stopped (<see cref="IsStopped"/>: resolved, waiting for the customer's confirmation).
/// </summary>
internal sealed record SlaView(string Band, double PercentConsumed, DateTimeOffset? DueAt, bool IsPaused, bool IsBreached, double TargetHours)
{
    public DateTimeOffset? BreachedAt { get; init; }

    public bool IsStopped { get; init; }
}

internal sealed record ComplaintView(
    Guid Id,
    long CustomerId,
    string Category,
    string Severity,
    string State,
    string Owner,
    string Tier,
    string SlaKind,
    DateTimeOffset CreatedAt,
    string? Summary,
    long Version,
    bool IsFirstContact,
    SlaView Sla,
    IReadOnlyList<string> PermittedTriggers)
{
    public static ComplaintView From(Complaint c, SlaStatus sla, IReadOnlyList<ComplaintTrigger> permitted) => new(
        c.Id.Value, long.Parse(c.CustomerId), c.Category.ToCode(), c.Severity.ToString(), c.State.ToString(), c.Owner,
        c.TierAtCreation.ToString(), c.SlaKind.ToString(), c.CreatedAt, c.Summary, c.Version, c.IsFirstContact,
        new SlaView(sla.Band.ToString(), Math.Round(sla.FractionConsumed * 100, 1), sla.DueAt, sla.IsPaused, sla.IsBreached,
            sla.Target.Duration.TotalHours)
        {
            BreachedAt = sla.BreachedAt,
            IsStopped = sla.IsStopped,
        },
        permitted.Select(t => t.ToString()).ToList());
}

internal sealed record AuditEntryView(DateTimeOffset At, string Actor, string Trigger, string From, string To, string? Reason);
