using Microsoft.EntityFrameworkCore;
using TelecomContactCenter.Server.Auth;
using TelecomContactCenter.Server.Data;
using TelecomContactCenter.Server.Discounts;
using TelecomContactCenter.Server.Offers;

namespace TelecomContactCenter.Server.Agents;

/// <summary>A discount the customer holds now: granted or approved, and still within its months.</summary>
internal sealed record ActiveDiscountView(long Id, decimal Percent, int Months, string? OfferId, DateTimeOffset From, DateTimeOffset Until);

/// <summary>What the customer said to an offer, newest first.</summary>
internal sealed record RecentOfferOutcomeView(string OfferId, string Outcome, string Agent, DateTimeOffset RecordedAt);

internal sealed record CustomerOfferHistoryView(long CustomerId, IReadOnlyList<ActiveDiscountView> ActiveDiscounts, IReadOnlyList<RecentOfferOutcomeView> RecentOutcomes);

/// <summary>
/// GET /api/customers/{customerId}/offer-history: the discounts the customer holds now and the last ten offer
/// outcomes, whoever recorded them, for the desktop's 360 (so an agent does not offer again what was just declined).
/// </summary>
internal static class CustomerOfferHistory
{
    public static RouteGroupBuilder MapCustomerOfferHistory(this RouteGroupBuilder api)
    {
        api.MapGet("/customers/{customerId:long}/offer-history", GetAsync).WithTags("Customers").RequireAuthorization(Policies.CustomerHandling)
            .WithSummary("The customer's active discounts and their ten most recent offer outcomes.")
            .WithDescription("Discounts the customer holds now (granted or approved, within their months) and the ten latest " +
                "offer outcomes, newest first, for the customer 360. 404 for an unknown customer.");
        return api;
    }

    private static async Task<CustomerOfferHistoryView> GetAsync(long customerId, ContactCenterDbContext db, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var granted = await db.Set<DiscountRequest>().AsNoTracking().Granted().Where(d => d.CustomerId == customerId).ToListAsync(cancellationToken);
        var active = granted
            .Where(d => d.IsInForce(now))
            .Select(d => new ActiveDiscountView(d.Id, d.Percent, d.Months, d.OfferId, d.StartsAt(), d.EndsAt()))
            .OrderByDescending(d => d.From)
            .ToList();
        var outcomes = (await db.OfferOutcomes.AsNoTracking().Where(o => o.CustomerId == customerId).ToListAsync(cancellationToken))
            .OrderByDescending(o => o.RecordedAt)
            .Take(10)
            .Select(o => new RecentOfferOutcomeView(o.OfferId, o.Outcome.ToString(), o.Agent, o.RecordedAt))
            .ToList();
        return new CustomerOfferHistoryView(customerId, active, outcomes);
    }
}
