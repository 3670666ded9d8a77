using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using TelecomContactCenter.Core.Complaints;
using TelecomContactCenter.Server.Auth;
using TelecomContactCenter.Server.Complaints;
using TelecomContactCenter.Server.Data;
using TelecomContactCenter.Server.Discounts;
using TelecomContactCenter.Server.Ivr.Callbacks;

namespace TelecomContactCenter.Server.Agents;

/// <summary>One of the agent's open complaints with the customer's name, in the order it falls due.</summary>
internal sealed record MyComplaintView(Guid Id, long CustomerId, string CustomerName, string Category, string State, string Tier,
    string Severity, string? Summary, SlaView Sla);

/// <summary>A callback still to be made for a customer whose complaint the agent owns.</summary>
internal sealed record MyCallbackView(long Id, long? CustomerId, string? CustomerName, string Tier, string Queue, DateTimeOffset DueAt,
    string Status, int Attempts);

/// <summary>What is on the signed-in agent's plate: open complaints by SLA due time, pending callbacks, discounts waiting for a supervisor.</summary>
internal sealed record MyWorkView(IReadOnlyList<MyComplaintView> Complaints, IReadOnlyList<MyCallbackView> Callbacks,
    IReadOnlyList<DiscountView> Discounts);

/// <summary>
/// GET /api/me/work: the signed-in user's own work. Complaints are every open one they own (Closed, Withdrawn and
/// Merged are done), breached first (the earliest breach on top), then soonest SLA due, a paused or stopped SLA last;
/// callbacks are the pending or dialling ones
/// for customers of those complaints; discounts are their requests still waiting for a supervisor. No cap: an
/// agent's open complaints are tens, and a silently cut list would hide the ones most likely to breach.
/// </summary>
internal static class MyWork
{
    private static readonly ComplaintState[] Done = [ComplaintState.Closed, ComplaintState.Withdrawn, ComplaintState.Merged];

    public static RouteGroupBuilder MapMyWork(this RouteGroupBuilder api)
    {
        api.MapGet("/me/work", GetAsync).WithTags("Agents").RequireAuthorization(Policies.CustomerHandling)
            .WithSummary("The signed-in agent's open complaints (by SLA due), pending callbacks and discount requests.")
            .WithDescription("Every open complaint the agent owns, soonest SLA due first with its band and the customer's name; " +
                "pending or dialling callbacks for those customers; the agent's discount requests waiting for a supervisor. " +
                "Nothing is capped.");
        return api;
    }

    private static async Task<MyWorkView> GetAsync(ClaimsPrincipal user, ContactCenterDbContext db, ComplaintService service,
        DiscountApprovals approvals, TimeProvider time, CancellationToken cancellationToken)
    {
        var me = user.Identity!.Name!;
        var now = time.GetUtcNow();
        var owned = await ComplaintQueries.WithHistory(db.Complaints.AsNoTracking())
            .Where(c => c.Owner == me && !Done.Contains(c.State))
            .ToListAsync(cancellationToken);
        var customerIds = owned.Select(c => long.Parse(c.CustomerId, System.Globalization.CultureInfo.InvariantCulture)).Distinct().ToList();
        var names = await db.Customers.AsNoTracking().Where(c => customerIds.Contains(c.Id))
            .ToDictionaryAsync(c => c.Id, c => c.Name, cancellationToken);
        var complaints = owned
            .Select(c => service.View(c, now))
            .OrderBy(v => v.Sla.IsBreached ? 0 : v.Sla.IsPaused || v.Sla.DueAt is null ? 2 : 1)
            .ThenBy(v => v.Sla.BreachedAt)
            .ThenBy(v => v.Sla.DueAt)
            .Select(v => new MyComplaintView(v.Id, v.CustomerId, names.GetValueOrDefault(v.CustomerId, ""), v.Category, v.State, v.Tier,
                v.Severity, v.Summary, v.Sla))
            .ToList();
        var callbacks = (await db.Set<CallbackRequest>().AsNoTracking()
                .Where(c => c.CustomerId != null && customerIds.Contains(c.CustomerId.Value)
                    && (c.Status == CallbackStatus.Pending || c.Status == CallbackStatus.Dialling))
                .ToListAsync(cancellationToken))
            .OrderBy(c => c.DueAt)
            .Select(c => new MyCallbackView(c.Id, c.CustomerId, c.CustomerId is { } id ? names.GetValueOrDefault(id) : null, c.Tier, c.Queue,
                c.DueAt, c.Status.ToString(), c.Attempts))
            .ToList();
        var discounts = await approvals.ListAsync(me, DiscountStatus.Pending, cancellationToken);
        return new MyWorkView(complaints, callbacks, discounts);
    }
}
