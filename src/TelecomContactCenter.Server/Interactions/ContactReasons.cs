namespace TelecomContactCenter.Server.Interactions;

/// <summary>Contact reason codes that the profile evaluation reads as intent to leave (domain.md §1.2).</summary>
internal static class ContactReasons
{
    public const string PortOut = "PORT_OUT";
    public const string Cancellation = "CANCELLATION";
    public const string CompetitorOffer = "COMPETITOR_OFFER";

    public static readonly IReadOnlyList<string> IntentToLeave = [PortOut, Cancellation, CompetitorOffer];
}
