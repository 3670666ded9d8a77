using TelecomContactCenter.Core.Customers;

namespace TelecomContactCenter.Core.Complaints;

/// <summary>
/// A complaint (申告投诉) owned from first contact to closure. Mutable so EF Core can map it directly: every member
/// has a setter or a backing field EF finds by convention (<c>_owner</c>, <c>_transitions</c>, <c>_failedContacts</c>).
/// State, owner and the audit trail change only through <see cref="ComplaintWorkflow"/>, which also bumps
/// <see cref="Version"/> so the host can map it as the concurrency token.
/// </summary>
public sealed class Complaint
{
    private readonly List<ComplaintTransition> _transitions = [];
    private readonly List<ContactAttempt> _failedContacts = [];
    private string _owner = "";

    public required ComplaintId Id { get; init; }

    public required string CustomerId { get; init; }

    /// <summary>The agent who took the complaint (首问负责制). Never empty; changed only by a supervisor reassignment.</summary>
    public required string Owner
    {
        get => _owner;
        init => _owner = RequireText(value, nameof(Owner));
    }

    public required ComplaintCategory Category { get; set; }

    public required ComplaintSeverity Severity { get; set; }

    /// <summary>The customer's effective tier when the complaint was created; fixes the SLA target.</summary>
    public required ValueTier TierAtCreation { get; init; }

    public GroupTier? GroupTierAtCreation { get; init; }

    public required SlaKind SlaKind { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public string? Summary { get; set; }

    /// <summary>The call the complaint was taken on: its first contact. Resolving it on another call is not FCR.</summary>
    public string? CreatedOnCallId { get; init; }

    public ComplaintState State { get; internal set; } = ComplaintState.Captured;

    /// <summary>Incremented on every change; map as a concurrency token.</summary>
    public long Version { get; set; }

    /// <summary>True while the complaint is on course for first-contact resolution (resolved on the first call).</summary>
    public bool IsFirstContact { get; internal set; } = true;

    public int ReopenCount { get; internal set; }

    public ComplaintId? MergedInto { get; internal set; }

    public string? ResolutionCode { get; internal set; }

    public ComplaintCategory? RootCause { get; internal set; }

    /// <summary>The state to return to when the customer answers or the 72 h pause runs out.</summary>
    public ComplaintState? StateBeforePending { get; internal set; }

    public DateTimeOffset? PendingSince { get; internal set; }

    public DateTimeOffset? EscalatedAt { get; internal set; }

    /// <summary>Due time of the back-office hand-off (internal commitment, a fraction of the customer SLA).</summary>
    public DateTimeOffset? OlaDueAt { get; internal set; }

    public DateTimeOffset? ResolvedAt { get; internal set; }

    public DateTimeOffset? ClosedAt { get; internal set; }

    /// <summary>True when the last closure came from the customer's confirmation rather than unreachability.</summary>
    public bool ClosedWithConfirmation { get; internal set; }

    public IReadOnlyList<ComplaintTransition> Transitions => _transitions;

    /// <summary>Failed confirmation attempts since the complaint last reached ResolvedPendingConfirmation.</summary>
    public IReadOnlyList<ContactAttempt> FailedContactAttempts => _failedContacts;

    /// <summary>Platinum/Gold customers and G1/G2 contacts: the account manager is told at creation.</summary>
    public bool IsVip => TierAtCreation >= ValueTier.Gold || GroupTierAtCreation >= GroupTier.G2;

    public bool IsOpen => State is not (ComplaintState.Closed or ComplaintState.Withdrawn or ComplaintState.Merged);

    internal void ChangeOwner(string owner) => _owner = RequireText(owner, nameof(Owner));

    internal void Audit(ComplaintTransition entry)
    {
        _transitions.Add(entry);
        Version++;
    }

    internal void AddFailedContact(ContactAttempt attempt) => _failedContacts.Add(attempt);

    internal void ClearFailedContacts() => _failedContacts.Clear();

    internal static string RequireText(string? value, string name) =>
        string.IsNullOrWhiteSpace(value) ? throw new ArgumentException($"{name} cannot be empty.", name) : value.Trim();
}
