using Microsoft.EntityFrameworkCore;
using TelecomContactCenter.Core.Complaints;
using TelecomContactCenter.Server.Data;

namespace TelecomContactCenter.Server.Complaints;

/// <summary>
/// The FCR rate of domain.md §4.3 by Core's <see cref="FirstContactResolution"/>: closed complaints resolved on
/// their creating call and confirmed, not reopened and not followed within 7 days by another complaint of the
/// customer in the same category, over all closed complaints. One still inside its 7-day window counts as FCR
/// until a repeat shows up.
/// </summary>
internal static class ComplaintFcr
{
    public static async Task<(int FirstContact, int Closed)> CountAsync(ContactCenterDbContext db, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var closed = await db.Complaints.AsNoTracking().Where(c => c.State == ComplaintState.Closed).ToListAsync(cancellationToken);
        if (closed.Count == 0)
        {
            return (0, 0);
        }

        var customers = closed.Select(c => c.CustomerId).Distinct().ToList();
        var later = (await db.Complaints.AsNoTracking().Where(c => customers.Contains(c.CustomerId))
            .Select(c => new { c.Id, c.CustomerId, c.Category, c.CreatedAt }).ToListAsync(cancellationToken))
            .ToLookup(c => (c.CustomerId, c.Category));
        var firstContact = closed.Count(c =>
        {
            var repeat = later[(c.CustomerId, c.Category)].Any(o => o.Id != c.Id && o.CreatedAt > c.ClosedAt
                && o.CreatedAt <= c.ClosedAt + ComplaintWorkflow.ReopenWindow);
            return FirstContactResolution.Evaluate(c, repeat, now) != FcrOutcome.NotAchieved;
        });
        return (firstContact, closed.Count);
    }
}
