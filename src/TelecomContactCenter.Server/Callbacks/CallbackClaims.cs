using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TelecomContactCenter.Server.Data;
using TelecomContactCenter.Server.Ivr.Callbacks;

namespace TelecomContactCenter.Server.Callbacks;

/// <summary>
/// The dialler's side of the callback book. Every status change is one UPDATE guarded by the status it expects, so
/// two dialler instances (or the dialler and an agent marking a callback done) never both win. Stateless.
/// </summary>
internal sealed class CallbackClaims(IServiceScopeFactory scopes, TimeProvider time, IOptions<CallbackOptions> options)
{
    /// <summary>Callbacks left in Dialling by a stop mid-dial go back to Pending; returns how many.</summary>
    public async Task<int> ReleaseStuckAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ContactCenterDbContext>();
        return await db.Set<CallbackRequest>()
            .Where(c => c.Status == CallbackStatus.Dialling)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.Status, CallbackStatus.Pending), cancellationToken);
    }

    /// <summary>Claims the pending callbacks that are due (earliest first, then highest priority) by moving them to Dialling.</summary>
    public async Task<IReadOnlyList<CallbackRequest>> ClaimDueAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ContactCenterDbContext>();
        var due = await db.Set<CallbackRequest>().AsNoTracking()
            .Where(c => c.Status == CallbackStatus.Pending && c.DueAt <= now)
            .OrderBy(c => c.DueAt).ThenByDescending(c => c.Priority).ThenBy(c => c.Id)
            .Take(options.Value.BatchSize)
            .ToListAsync(cancellationToken);
        var claimed = new List<CallbackRequest>(due.Count);
        foreach (var callback in due)
        {
            if (await MoveAsync(db, callback.Id, CallbackStatus.Pending, CallbackStatus.Dialling, cancellationToken))
            {
                callback.Status = CallbackStatus.Dialling;
                claimed.Add(callback);
            }
        }

        return claimed;
    }

    /// <summary>The customer answered: Dialling → Done by <paramref name="agent"/>. False when the callback was not being dialled.</summary>
    public async Task<bool> CompleteAsync(long id, string agent, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ContactCenterDbContext>();
        return await db.Set<CallbackRequest>()
            .Where(c => c.Id == id && c.Status == CallbackStatus.Dialling)
            .ExecuteUpdateAsync(s => s
                .SetProperty(c => c.Status, CallbackStatus.Done)
                .SetProperty(c => c.CompletedAt, now)
                .SetProperty(c => c.CompletedBy, agent), cancellationToken) == 1;
    }

    /// <summary>
    /// The dial did not reach the customer: one attempt more, and either Pending again <see cref="CallbackOptions.RetryDelay"/>
    /// from now or, at <see cref="CallbackOptions.MaxAttempts"/>, Failed. Null when the callback was not being dialled.
    /// </summary>
    public async Task<CallbackRetry?> RetryAsync(long id, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ContactCenterDbContext>();
        var row = await db.Set<CallbackRequest>().AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (row is not { Status: CallbackStatus.Dialling })
        {
            return null;
        }

        var attempts = row.Attempts + 1;
        var status = attempts >= settings.MaxAttempts ? CallbackStatus.Failed : CallbackStatus.Pending;
        var dueAt = status == CallbackStatus.Pending ? time.GetUtcNow() + settings.RetryDelay : row.DueAt;
        var updated = await db.Set<CallbackRequest>()
            .Where(c => c.Id == id && c.Status == CallbackStatus.Dialling && c.Attempts == row.Attempts)
            .ExecuteUpdateAsync(s => s
                .SetProperty(c => c.Status, status)
                .SetProperty(c => c.Attempts, attempts)
                .SetProperty(c => c.DueAt, dueAt), cancellationToken);
        return updated == 1 ? new CallbackRetry(status, attempts, dueAt) : null;
    }

    private static async Task<bool> MoveAsync(ContactCenterDbContext db, long id, CallbackStatus from, CallbackStatus to, CancellationToken cancellationToken) =>
        await db.Set<CallbackRequest>()
            .Where(c => c.Id == id && c.Status == from)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.Status, to), cancellationToken) == 1;
}

/// <summary>Where a callback stands after a failed dial: Pending again at <paramref name="DueAt"/>, or Failed.</summary>
internal sealed record CallbackRetry(CallbackStatus Status, int Attempts, DateTimeOffset DueAt);
