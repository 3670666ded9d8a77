using TelecomContactCenter.Core.Customers;

namespace TelecomContactCenter.Server.Profiles;

/// <summary>Assembles the static part of the customer 360 from one evaluation.</summary>
internal static class CustomerViewBuilder
{
    private static readonly Core.Offers.ProductCatalogue Catalogue = Core.Offers.ProductCatalogue.LoadEmbedded();

    public static CustomerView Build(
        CustomerHistory history, CustomerFacts facts, CustomerProfile profile, IReadOnlyList<OfferView> offers,
        PopulationStatistics statistics, DateTimeOffset now)
    {
        var (stage, tier, score) = (profile.Stage, profile.Tier, profile.Churn);
        var c = history.Customer;
        var manager = c.AccountManagerId is { } managerId && statistics.AccountManagers.TryGetValue(managerId, out var am)
            ? new AccountManagerView(am.UserName, am.Name, am.Phone, am.Email)
            : null;
        var group = c.GroupAccountId is { } groupId && statistics.Groups.TryGetValue(groupId, out var g)
            ? new GroupView(g.Id, g.Name, facts.Group?.Tier.ToString() ?? "G3", c.KeyContactRole ?? "Employee")
            : null;
        var thisMonth = new DateOnly(now.Year, now.Month, 1);
        var trend = history.Bills.Where(b => b.Month < thisMonth).OrderByDescending(b => b.Month).Take(6)
            .OrderBy(b => b.Month).Select(b => new BillView(b.Month, b.Amount)).ToList();
        var products = history.Products.Where(p => p.RemovedAt is null)
            .Select(p => new ProductView(p.Kind.ToString(), p.Name, p.MonthlyFee) { Names = Catalogue.Find(p.Name)?.Name }).ToList();
        return new CustomerView(
            c.Id, c.Phone, c.Name, c.Status.ToString(), c.IsPrepaid, facts.TenureMonths,
            tier.Tier.ToString(), tier.Reason, tier.ReasonCodes,
            stage.Stage.ToString(), stage.ReasonCodes, stage.Reason,
            score.Value, score.Band.ToString(), decimal.Round(profile.LifetimeValue, 2), manager, group, products, trend,
            offers, now)
        {
            TierBasis = TierBasisView.From(tier.Basis),
            Reasons = new ReasonsView(
                history.Reasons.ContactReason, history.Reasons.DeclineCause, history.Reasons.ExitReason, history.Reasons.ChurnType?.ToString(),
                history.Reasons.ChurnType is null ? null : Offers.NextBestOffers.WinbackProbability(history, profile), history.Reasons.KeyBuyingFactor),
        };
    }
}
