using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using TelecomContactCenter.Server.Complaints;
using TelecomContactCenter.Server.Data;
using TelecomContactCenter.Server.Profiles;

namespace TelecomContactCenter.Server.Customers;

/// <summary>
/// The hot path behind the screen pop: one point read of the precomputed snapshot row by E.164 number, and a
/// second query only when the snapshot says the customer has open complaints (most have none).
/// </summary>
internal sealed class CustomerLookup(ContactCenterDbContext db, SnapshotReader snapshots, ComplaintSlaReader sla)
{
    public async Task<CustomerRecord?> FindByPhoneAsync(string e164, CancellationToken cancellationToken)
    {
        var row = await snapshots.FindAsync(db, e164, cancellationToken);
        if (row is null)
        {
            return null;
        }

        if (row.OpenComplaintCount == 0)
        {
            return new CustomerRecord(row.View);
        }

        var view = new CustomerRecord(row.View).View;
        return new CustomerRecord(view with { OpenComplaints = await sla.OpenComplaintsAsync(view.CustomerId, cancellationToken) });
    }
}

/// <summary>
/// A found customer as JSON (how the snapshot is stored and how HTTP sends it) or as a typed view (what the pop
/// reads); each form is produced from the other only when asked for. Routing reads only <see cref="Routing"/>,
/// which skips the products, bills and offers instead of building them. Not thread-safe: one request owns it.
/// </summary>
internal sealed class CustomerRecord
{
    private string? _json;
    private CustomerView? _view;

    public CustomerRecord(string json) => _json = json;

    public CustomerRecord(CustomerView view) => _view = view;

    public string Json => _json ??= JsonSerializer.Serialize(_view!, ProfileJsonContext.Default.CustomerView);

    public CustomerView View => _view ??= JsonSerializer.Deserialize(_json!, ProfileJsonContext.Default.CustomerView)!;

    /// <summary>What a routing decision needs; open complaints are only ever on a typed view (they are live).</summary>
    public RoutingProfile Routing => _view is { } view
        ? new RoutingProfile(view.CustomerId, view.Tier, view.TierReason, view.LifecycleStage, view.StageReason) { OpenComplaints = view.OpenComplaints }
        : JsonSerializer.Deserialize(_json!, ProfileJsonContext.Default.RoutingProfile)!;
}

/// <summary>The part of a <see cref="CustomerView"/> routing reads, deserialised from the same snapshot JSON.</summary>
internal sealed record RoutingProfile(long CustomerId, string Tier, string TierReason, string LifecycleStage, string StageReason)
{
    public IReadOnlyList<OpenComplaintView> OpenComplaints { get; init; } = [];
}
