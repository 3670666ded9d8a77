using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using TelecomContactCenter.Core.Complaints;
using TelecomContactCenter.Core.Customers;
using TelecomContactCenter.Server.Data;

namespace TelecomContactCenter.Server.Complaints;

/// <summary>GET /api/complaints?state=&amp;tier=&amp;slaBand=&amp;owner=&amp;limit=: newest first.</summary>
internal static class ComplaintList
{
    public const int MaxLimit = 500;

    public static async Task<Results<Ok<List<ComplaintView>>, ProblemHttpResult>> ListAsync(
        string? state, string? tier, string? slaBand, string? owner, int? limit,
        ContactCenterDbContext db, ComplaintService service, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        IQueryable<Complaint> query = ComplaintQueries.WithHistory(db.Complaints.AsNoTracking());
        if (state is not null)
        {
            if (!Enum.TryParse<ComplaintState>(state, ignoreCase: true, out var s))
            {
                return Problem($"Unknown state '{state}'. Values: {string.Join(", ", Enum.GetNames<ComplaintState>())}.");
            }

            query = query.Where(c => c.State == s);
        }

        if (tier is not null)
        {
            if (!Enum.TryParse<ValueTier>(tier, ignoreCase: true, out var t))
            {
                return Problem($"Unknown tier '{tier}'. Values: {string.Join(", ", Enum.GetNames<ValueTier>())}.");
            }

            query = query.Where(c => c.TierAtCreation == t);
        }

        SlaBand? band = null;
        if (slaBand is not null)
        {
            if (!Enum.TryParse<SlaBand>(slaBand, ignoreCase: true, out var b))
            {
                return Problem($"Unknown slaBand '{slaBand}'. Values: {string.Join(", ", Enum.GetNames<SlaBand>())}.");
            }

            band = b;
        }

        if (owner is not null)
        {
            query = query.Where(c => c.Owner == owner);
        }

        // Never a silent cap: a limit the list will not honour is refused, and the wallboard's at-risk table
        // (/api/wallboard/at-risk) pages through every open complaint instead.
        if (limit is < 1 or > MaxLimit)
        {
            return Problem($"limit must be between 1 and {MaxLimit} (got {limit}); page through open complaints with /api/wallboard/at-risk.");
        }

        var take = limit ?? 100;
        var now = timeProvider.GetUtcNow();
        // The SLA band depends on the clock, so it is filtered after loading; the other filters run in SQL.
        var complaints = await query.OrderByDescending(c => c.CreatedAt).ToListAsync(cancellationToken);
        return TypedResults.Ok(complaints
            .Select(c => service.View(c, now))
            .Where(v => band is null || v.Sla.Band == band.ToString())
            .Take(take)
            .ToList());
    }

    private static ProblemHttpResult Problem(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest);
}
