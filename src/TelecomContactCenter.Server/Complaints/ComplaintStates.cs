namespace TelecomContactCenter.Server.Complaints;

/// <summary>Stored state names that end a complaint's life; everything else counts as open.</summary>
internal static class ComplaintStates
{
    public static readonly string[] Terminal = ["Closed", "Withdrawn", "Merged"];
}
