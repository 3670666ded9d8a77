using Microsoft.EntityFrameworkCore;
using TelecomContactCenter.Server.Auth;
using TelecomContactCenter.Server.Data;

namespace TelecomContactCenter.Server.Web;

/// <summary>Writes and reads the sensitive-action log (table audit_log).</summary>
internal sealed class AuditLog(ContactCenterDbContext db, TimeProvider timeProvider)
{
    public async Task RecordAsync(string actor, string action, string target, string detail, CancellationToken cancellationToken)
    {
        db.Set<AuditEntry>().Add(new AuditEntry
        {
            At = timeProvider.GetUtcNow(),
            Actor = actor,
            Action = action,
            Target = target,
            Detail = detail,
        });
        await db.SaveChangesAsync(cancellationToken);
    }
}

internal static class AuditEndpoints
{
    public static RouteGroupBuilder MapAudit(this RouteGroupBuilder api)
    {
        api.MapGet("/audit", async (int? limit, ContactCenterDbContext db, CancellationToken cancellationToken) =>
        {
            var rows = await db.Set<AuditEntry>().AsNoTracking().OrderByDescending(a => a.Id).Take(Math.Clamp(limit ?? 200, 1, 1000))
                .Select(a => new AuditEntryView(a.Id, a.At, a.Actor, a.Action, a.Target, a.Detail))
                .ToListAsync(cancellationToken);
            return TypedResults.Ok(rows);
        }).WithTags("Audit").RequireAuthorization(p => p.RequireRole(Roles.Admin));
        return api;
    }
}
