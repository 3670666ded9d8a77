using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TelecomContactCenter.Server.Auth;
using TelecomContactCenter.Server.Data;
using TelecomContactCenter.Core.Customers;

namespace TelecomContactCenter.Server.Ivr;

/// <summary>One interaction as the API shows it, with the call's IVR path when it went through the IVR.</summary>
internal sealed record InteractionView(
    long Id, long? CustomerId, string Caller, string Channel, DateTimeOffset StartedAt, DateTimeOffset? EndedAt,
    string? Disposition, string? Agent, IvrPathRecord? IvrPath);

internal static class InteractionEndpoints
{
    private const int Limit = 50;

    public static RouteGroupBuilder MapInteractions(this RouteGroupBuilder api)
    {
        api.MapGet("/interactions", ListAsync).WithTags("Interactions").RequireAuthorization(Policies.CustomerHandling);
        return api;
    }

    /// <summary>The caller's latest interactions, newest first (at most 50). Accepts E.164 or national formats.</summary>
    private static async Task<Results<Ok<List<InteractionView>>, ProblemHttpResult>> ListAsync(
        string? caller, ContactCenterDbContext db, IOptions<PhoneNumberOptions> numbering, CancellationToken cancellationToken)
    {
        var parsed = PhoneNumber.Parse(caller ?? "", numbering.Value);
        if (!parsed.Success)
        {
            return TypedResults.Problem(parsed.Error, statusCode: StatusCodes.Status400BadRequest, title: "Not a phone number");
        }

        var e164 = parsed.Number.E164;
        var rows = await db.Interactions.AsNoTracking().Where(i => i.Caller == e164).ToListAsync(cancellationToken);
        var views = rows.OrderByDescending(i => i.StartedAt).ThenByDescending(i => i.Id).Take(Limit)
            .Select(i => new InteractionView(i.Id, i.CustomerId, i.Caller, i.Channel, i.StartedAt, i.EndedAt, i.Disposition, i.Agent,
                i.IvrPath is null ? null : JsonSerializer.Deserialize(i.IvrPath, IvrJsonContext.Default.IvrPathRecord)))
            .ToList();
        return TypedResults.Ok(views);
    }
}
