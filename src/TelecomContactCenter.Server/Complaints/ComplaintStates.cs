using TelecomContactCenter.Core.Complaints;

namespace TelecomContactCenter.Server.Complaints;

/// <summary>States that end a complaint's life (the complement of <see cref="Complaint.IsOpen"/>), for queries.</summary>
internal static class ComplaintStates
{
    public static readonly ComplaintState[] Terminal = [ComplaintState.Closed, ComplaintState.Withdrawn, ComplaintState.Merged];
}
