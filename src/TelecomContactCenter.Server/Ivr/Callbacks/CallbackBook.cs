using Microsoft.EntityFrameworkCore;
using TelecomContactCenter.Server.Data;

namespace TelecomContactCenter.Server.Ivr.Callbacks;

/// <summary>The callback requests: booked by the IVR runtime, read and completed through the API.</summary>
internal sealed class CallbackBook(IServiceScopeFactory scopes, TimeProvider time)
{
    public async Task<CallbackRequest> BookAsync(CallbackRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);

        // Instants are stored in UTC (PostgreSQL's timestamptz accepts nothing else); a due time is often worked
        // out in the calendar's own offset.
        request.RequestedAt = request.RequestedAt.ToUniversalTime();
        request.DueAt = request.DueAt.ToUniversalTime();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ContactCenterDbContext>();
        db.Set<CallbackRequest>().Add(request);
        await db.SaveChangesAsync(cancellationToken);
        return request;
    }

    /// <summary>Pending (or all, for <paramref name="status"/> null) requests, the earliest due and highest priority first.</summary>
    public static async Task<List<CallbackView>> ListAsync(ContactCenterDbContext db, CallbackStatus? status, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var query = db.Set<CallbackRequest>().AsNoTracking();
        if (status is { } wanted)
        {
            query = query.Where(c => c.Status == wanted);
        }

        var rows = await query.OrderBy(c => c.DueAt).ThenByDescending(c => c.Priority).ThenBy(c => c.Id).Take(limit).ToListAsync(cancellationToken);
        return [.. rows.Select(CallbackView.Of)];
    }

    /// <summary>
    /// Marks a pending request (or one being offered, which an agent may have called back by other means) done. The
    /// status check is part of the UPDATE, so when two people complete the same callback at once exactly one
    /// succeeds. Returns null when no open request has this id.
    /// </summary>
    public async Task<CallbackView?> CompleteAsync(ContactCenterDbContext db, long id, string by, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var now = time.GetUtcNow();
        var updated = await db.Set<CallbackRequest>()
            .Where(c => c.Id == id && (c.Status == CallbackStatus.Pending || c.Status == CallbackStatus.Dialling))
            .ExecuteUpdateAsync(s => s
                .SetProperty(c => c.Status, CallbackStatus.Done)
                .SetProperty(c => c.CompletedAt, now)
                .SetProperty(c => c.CompletedBy, by), cancellationToken);
        if (updated == 0)
        {
            return null;
        }

        var row = await db.Set<CallbackRequest>().AsNoTracking().SingleAsync(c => c.Id == id, cancellationToken);
        return CallbackView.Of(row);
    }
}
