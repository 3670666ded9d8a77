namespace TelecomContactCenter.Core.Complaints;

public enum FcrOutcome
{
    /// <summary>Not resolved on the first contact, not confirmed, reopened, or followed by a repeat contact.</summary>
    NotAchieved,

    /// <summary>Resolved on the first contact and confirmed, but the 7-day repeat window is still running.</summary>
    Pending,

    Achieved,
}

/// <summary>
/// First-contact resolution per domain.md §4.3: resolved during the first contact, confirmed by the customer, not
/// reopened and not followed by another contact in the same category within 7 days of closing.
/// </summary>
public static class FirstContactResolution
{
    public static FcrOutcome Evaluate(Complaint complaint, bool repeatContactInSameCategory, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(complaint);
        if (complaint.State != ComplaintState.Closed || complaint.ClosedAt is not { } closed
            || !complaint.ClosedWithConfirmation || !complaint.IsFirstContact || complaint.ReopenCount > 0 || repeatContactInSameCategory)
        {
            return FcrOutcome.NotAchieved;
        }

        return now - closed > ComplaintWorkflow.ReopenWindow ? FcrOutcome.Achieved : FcrOutcome.Pending;
    }

    /// <summary>
    /// Binds the first contact to the creating call: a complaint resolved on any other call (or, when it was taken on
    /// a call, outside one) was not resolved on the first contact. Call before firing ResolveOnCall.
    /// </summary>
    public static void RecordResolvingCall(Complaint complaint, string? callId)
    {
        ArgumentNullException.ThrowIfNull(complaint);
        if (!string.Equals(complaint.CreatedOnCallId, callId, StringComparison.Ordinal))
        {
            complaint.IsFirstContact = false;
        }
    }

    /// <summary>
    /// The customer contacted us again about the same open complaint (one ticket per issue, §4.2 rule 2): the contact
    /// is attached and audited, and the complaint can no longer count as resolved on the first contact.
    /// </summary>
    public static void RecordRepeatContact(Complaint complaint, string actor, string? callId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(complaint);
        var who = Complaint.RequireText(actor, nameof(actor));
        if (!complaint.IsOpen)
        {
            throw new InvalidOperationException($"A {complaint.State} complaint cannot take a repeat contact.");
        }

        complaint.IsFirstContact = false;
        complaint.Audit(new(now, who, "RepeatContact", complaint.State, complaint.State, callId is null ? "repeat contact" : $"repeat contact on call {callId}"));
    }
}
