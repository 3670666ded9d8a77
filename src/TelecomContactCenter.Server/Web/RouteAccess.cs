using System.Security.Claims;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.EntityFrameworkCore;
using TelecomContactCenter.Core.Complaints;
using TelecomContactCenter.Server.Auth;
using TelecomContactCenter.Server.Data;

namespace TelecomContactCenter.Server.Web;

/// <summary>
/// Row-level rules the complaint endpoints do not know: an agent sees only the complaints they own (another
/// agent's complaint is a 404, so ids cannot be probed), and a successful reassignment is written to the audit log.
/// Runs after authorisation, so the role policies on the endpoints have already passed.
/// </summary>
internal sealed class RouteAccess(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context, ContactCenterDbContext db, AuditLog audit)
    {
        var request = context.Request;
        var user = context.User;
        if (!request.Path.StartsWithSegments("/api/complaints", out var rest) || user.Identity?.IsAuthenticated != true)
        {
            await next(context);
            return;
        }

        var seesAll = SeesEverything(user);
        var segments = rest.Value?.Split('/', StringSplitOptions.RemoveEmptyEntries) ?? [];
        if (!seesAll && segments.Length == 0 && HttpMethods.IsGet(request.Method))
        {
            // The list: an agent's owner filter is always themselves.
            var query = new QueryBuilder(request.Query.Where(q => !q.Key.Equals("owner", StringComparison.OrdinalIgnoreCase))
                .SelectMany(q => q.Value.Select(v => KeyValuePair.Create(q.Key, v ?? ""))));
            query.Add("owner", user.Identity!.Name!);
            request.QueryString = query.ToQueryString();
        }
        else if (!seesAll && segments.Length > 0 && Guid.TryParse(segments[0], out var id))
        {
            var owner = await db.Complaints.AsNoTracking().Where(c => c.Id == new ComplaintId(id)).Select(c => c.Owner)
                .FirstOrDefaultAsync(context.RequestAborted);
            if (owner is not null && owner != user.Identity!.Name)
            {
                await Results.Problem($"Complaint {id} does not exist.", statusCode: StatusCodes.Status404NotFound).ExecuteAsync(context);
                return;
            }
        }

        await next(context);

        if (segments is [var complaint, "reassign"] && HttpMethods.IsPost(request.Method) && context.Response.StatusCode == StatusCodes.Status200OK)
        {
            await audit.RecordAsync(user.Identity!.Name!, "complaint.reassign", complaint, "Complaint owner changed", context.RequestAborted);
        }
    }

    public static bool SeesEverything(ClaimsPrincipal user) => user.IsInRole(Roles.Supervisor) || user.IsInRole(Roles.Admin);
}
