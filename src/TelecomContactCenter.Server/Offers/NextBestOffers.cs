using TelecomContactCenter.Core.Customers;
using TelecomContactCenter.Server.Profiles;

namespace TelecomContactCenter.Server.Offers;

/// <summary>Picks the next-best offers (one primary, up to two alternates) for an evaluated customer.</summary>
internal static class NextBestOffers
{
    public static IReadOnlyList<OfferView> For(
        CustomerHistory history, CustomerFacts facts, StageAssessment stage, TierAssessment tier, decimal clv, DateTimeOffset now) =>
        [];
}
