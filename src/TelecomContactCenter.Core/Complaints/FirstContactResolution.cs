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
}
