using Microsoft.EntityFrameworkCore;
using TelecomContactCenter.Server.Data;
using TelecomContactCenter.Server.Profiles;

namespace TelecomContactCenter.Server.Complaints;

/// <summary>Reads a customer's open complaints with their live SLA position for the 360 and routing.</summary>
internal sealed class ComplaintSlaReader(ContactCenterDbContext db, ComplaintSla sla)
{
    public async Task<IReadOnlyList<OpenComplaintView>> OpenComplaintsAsync(long customerId, CancellationToken cancellationToken)
    {
        var key = customerId.ToString();
        var complaints = await db.Complaints.AsNoTracking()
            .Include(c => c.Transitions.OrderBy(t => t.At).ThenBy(t => EF.Property<long>(t, "Id")))
            .Where(c => c.CustomerId == key && !ComplaintStates.Terminal.Contains(c.State))
            .OrderBy(c => c.CreatedAt)
            .ToListAsync(cancellationToken);
        return complaints.Select(c =>
        {
            var status = sla.StatusOf(c);
            return new OpenComplaintView(
                c.Id.Value, c.Category.ToString(), c.State.ToString(), c.Owner, c.CreatedAt, status.DueAt,
                Math.Round(status.FractionConsumed * 100, 1), status.Band.ToString());
        }).ToList();
    }
}
