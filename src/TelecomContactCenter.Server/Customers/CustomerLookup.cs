using Microsoft.EntityFrameworkCore;
using TelecomContactCenter.Server.Complaints;
using TelecomContactCenter.Server.Data;
using TelecomContactCenter.Server.Profiles;

namespace TelecomContactCenter.Server.Customers;

/// <summary>
/// The hot path behind the screen pop: one compiled, untracked query for the snapshot row by E.164 number, and a
/// second one only when the snapshot says the customer has open complaints (most have none).
/// </summary>
internal sealed class CustomerLookup(ContactCenterDbContext db, ComplaintSlaReader sla)
{
    private static readonly Func<ContactCenterDbContext, string, CancellationToken, Task<SnapshotRow?>> SnapshotByPhone =
        EF.CompileAsyncQuery((ContactCenterDbContext context, string phone, CancellationToken _) =>
            context.CustomerProfiles.AsNoTracking()
                .Where(p => p.Phone == phone)
                .Select(p => new SnapshotRow(p.View, p.OpenComplaintCount))
                .FirstOrDefault());

    public async Task<CustomerView?> FindByPhoneAsync(string e164, CancellationToken cancellationToken)
    {
        var row = await SnapshotByPhone(db, e164, cancellationToken);
        if (row is null)
        {
            return null;
        }

        var view = System.Text.Json.JsonSerializer.Deserialize(row.View, ProfileJsonContext.Default.CustomerView)!;
        return row.OpenComplaintCount == 0
            ? view
            : view with { OpenComplaints = await sla.OpenComplaintsAsync(view.CustomerId, cancellationToken) };
    }

    private sealed record SnapshotRow(string View, int OpenComplaintCount);
}
