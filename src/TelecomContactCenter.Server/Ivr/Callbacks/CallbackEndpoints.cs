using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using TelecomContactCenter.Server.Auth;
using TelecomContactCenter.Server.Data;

namespace TelecomContactCenter.Server.Ivr.Callbacks;

internal static class CallbackEndpoints
{
    private const int MaxRows = 500;

    /// <summary>
    /// <c>GET /api/callbacks[?status=pending|done]</c>: supervisors and admins see every request and may filter by
    /// status; agents see the pending ones (the work they can pick up). <c>POST /api/callbacks/{id}/done</c>: any
    /// agent or supervisor marks a pending request done (409 if it already is).
    /// </summary>
    public static RouteGroupBuilder MapCallbacks(this RouteGroupBuilder api)
    {
        var callbacks = api.MapGroup("/callbacks").WithTags("Callbacks").RequireAuthorization(Policies.CustomerHandling);
        callbacks.MapGet("/", ListAsync);
        callbacks.MapPost("/{id:long}/done", CompleteAsync);
        return api;
    }

    private static async Task<Results<Ok<List<CallbackView>>, ProblemHttpResult>> ListAsync(
        string? status, ContactCenterDbContext db, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        CallbackStatus? wanted = null;
        if (status is not null)
        {
            if (!Enum.TryParse<CallbackStatus>(status, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
            {
                return TypedResults.Problem($"Unknown status '{status}'. Values: {string.Join(", ", Enum.GetNames<CallbackStatus>())}.",
                    statusCode: StatusCodes.Status400BadRequest);
            }

            wanted = parsed;
        }

        var supervises = user.IsInRole(Roles.Supervisor) || user.IsInRole(Roles.Admin);
        if (!supervises && wanted is not (null or CallbackStatus.Pending))
        {
            return TypedResults.Problem("Agents see pending callbacks only; completed ones are for supervisors.",
                statusCode: StatusCodes.Status403Forbidden);
        }

        return TypedResults.Ok(await CallbackBook.ListAsync(db, supervises ? wanted : CallbackStatus.Pending, MaxRows, cancellationToken));
    }

    private static async Task<Results<Ok<CallbackView>, ProblemHttpResult>> CompleteAsync(
        long id, CallbackBook book, ContactCenterDbContext db, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (await book.CompleteAsync(db, id, user.Identity!.Name!, cancellationToken) is { } done)
        {
            return TypedResults.Ok(done);
        }

        return await db.Set<CallbackRequest>().AnyAsync(c => c.Id == id, cancellationToken)
            ? TypedResults.Problem($"Callback {id} is already done or failed.", statusCode: StatusCodes.Status409Conflict)
            : TypedResults.Problem($"Callback {id} does not exist.", statusCode: StatusCodes.Status404NotFound);
    }
}
