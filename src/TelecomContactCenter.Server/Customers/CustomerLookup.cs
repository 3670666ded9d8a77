using Microsoft.EntityFrameworkCore;
using TelecomContactCenter.Server.Complaints;
using TelecomContactCenter.Server.Data;
using TelecomContactCenter.Server.Profiles;

namespace TelecomContactCenter.Server.Customers;

/// <summary>
/// The hot path behind the screen pop: one compiled, untracked query for the snapshot row by E.164 number, and a
/// second one only when the snapshot says the customer has open complaints (most have none).
/// </summary>
internal sealed class CustomerLookup(ContactCenterDbContext db, CustomerQueries queries, ComplaintSlaReader sla)
{
    public async Task<CustomerView?> FindByPhoneAsync(string e164, CancellationToken cancellationToken)
    {
        var row = await queries.SnapshotByPhone(db, e164, cancellationToken);
        if (row is null)
        {
            return null;
        }

        var view = System.Text.Json.JsonSerializer.Deserialize(row.View, ProfileJsonContext.Default.CustomerView)!;
        return row.OpenComplaintCount == 0
            ? view
            : view with { OpenComplaints = await sla.OpenComplaintsAsync(view.CustomerId, cancellationToken) };
    }
}

internal sealed record SnapshotRow(string View, int OpenComplaintCount);

/// <summary>
/// Compiled queries, one set per host: EF binds a compiled query to the provider of the first context that runs
/// it, so a static field would break a process that hosts SQLite and PostgreSQL side by side (the test suite).
/// Immutable after construction and thread-safe.
/// </summary>
internal sealed class CustomerQueries
{
    public Func<ContactCenterDbContext, string, CancellationToken, Task<SnapshotRow?>> SnapshotByPhone { get; } =
        EF.CompileAsyncQuery((ContactCenterDbContext context, string phone, CancellationToken _) =>
            context.CustomerProfiles.AsNoTracking()
                .Where(p => p.Phone == phone)
                .Select(p => new SnapshotRow(p.View, p.OpenComplaintCount))
                .FirstOrDefault());
}
