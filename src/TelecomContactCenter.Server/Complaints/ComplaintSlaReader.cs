using Microsoft.EntityFrameworkCore;
using TelecomContactCenter.Server.Data;
using TelecomContactCenter.Server.Profiles;

namespace TelecomContactCenter.Server.Complaints;

/// <summary>Reads a customer's open complaints with their live SLA position for the 360 and routing.</summary>
internal sealed class ComplaintSlaReader(ContactCenterDbContext db, ComplaintSla sla)
{
    public async Task<IReadOnlyList<OpenComplaintView>> OpenComplaintsAsync(long customerId, CancellationToken cancellationToken)
    {
        var records = await db.Complaints.AsNoTracking()
            .Where(c => c.CustomerId == customerId && !ComplaintStates.Terminal.Contains(c.State))
            .OrderBy(c => c.CreatedAt)
            .ToListAsync(cancellationToken);
        return records.Select(c =>
        {
            var position = sla.PositionOf(c);
            return new OpenComplaintView(c.Id, c.Category, c.State, c.Owner, c.CreatedAt, position.DueAt, position.ElapsedPercent, position.Band);
        }).ToList();
    }
}
