using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using TelecomContactCenter.Server.Auth;
using TelecomContactCenter.Server.Contact;
using TelecomContactCenter.Server.Data;
using TelecomContactCenter.Server.Ivr;
using TelecomContactCenter.Sip.Identity;

namespace TelecomContactCenter.Server.Interactions;

/// <summary>
/// One call's record as the API returns it, with ring, wait and talk times worked out. Channel: Voice, or Callback
/// for a booked callback the service dialled. The SIP facts (access number to decision time) are null for a call
/// telephony did not answer (a callback).
/// </summary>
internal sealed record InteractionView(
    long Id, string? CallId, long? CustomerId, string Caller, string? CallerE164, string? IdentityConfidence, IReadOnlyList<string> IvrPath,
    string? IvrDigits, string? Queue, string? Tier, string? Agent, DateTimeOffset StartedAt, DateTimeOffset? AnsweredAt, DateTimeOffset? EndedAt,
    DateTimeOffset? WrapUpCompletedAt, double? WaitSeconds, double? RingSeconds, double? TalkSeconds, double? WrapUpSeconds, string? Disposition,
    string? ComplaintId,
    IReadOnlyList<OfferRecord> Offers, IReadOnlyList<RoutingStep> Routing, string Channel, string? Notes,
    string? AccessNumber, string? Mode, string? CallerRaw, string? IdentitySource, int? StatusCode, string? TargetQueue, string? TargetAgent,
    string? LifecycleStage, int? Priority, string? Reason, int? DecisionMicroseconds);

internal static class InteractionEndpoints
{
    public static RouteGroupBuilder MapInteractions(this RouteGroupBuilder api)
    {
        api.MapGet("/interactions", ListAsync).WithTags("Interactions").RequireAuthorization(Policies.CustomerHandling);
        return api;
    }

    /// <summary>
    /// Calls by caller number (as received, or in any form that normalises to the caller's E.164) or call id, newest
    /// first; agents see only calls they handled.
    /// </summary>
    private static async Task<Results<Ok<List<InteractionView>>, ProblemHttpResult>> ListAsync(
        string? caller, string? callId, ClaimsPrincipal user, ContactCenterDbContext db, E164Normalizer numbers,
        CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(caller) && string.IsNullOrWhiteSpace(callId))
        {
            return TypedResults.Problem("Give caller (a phone number) or callId.", statusCode: StatusCodes.Status400BadRequest);
        }

        var query = db.Interactions.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(caller))
        {
            var e164 = numbers.Parse(caller).E164 ?? caller;
            query = query.Where(i => i.Caller == caller || i.CallerE164 == e164);
        }

        if (!string.IsNullOrWhiteSpace(callId))
        {
            query = query.Where(i => i.CallId == callId);
        }

        if (!user.IsInRole(Roles.Supervisor) && !user.IsInRole(Roles.Admin))
        {
            var name = user.Identity!.Name;
            query = query.Where(i => i.Agent == name);
        }

        var rows = await query.OrderByDescending(i => i.StartedAt).Take(200).ToListAsync(cancellationToken);
        return TypedResults.Ok(rows.Select(View).ToList());
    }

    private static InteractionView View(Interaction i)
    {
        var durations = InteractionDurations.Of(i);
        return new(
        i.Id, i.CallId, i.CustomerId, i.Caller, i.CallerE164, i.IdentityConfidence,
        IvrPathOf(i.IvrPath),
        i.IvrDigits, i.Queue, i.Tier, i.Agent, i.StartedAt, i.AnsweredAt, i.EndedAt, i.WrapUpCompletedAt,
        durations.Wait, durations.Ring, durations.Talk, durations.WrapUp, i.Disposition, i.ComplaintId,
        i.Offers is null ? [] : JsonSerializer.Deserialize(i.Offers, CallRecordJson.Default.IReadOnlyListOfferRecord) ?? [],
        i.Routing is null ? [] : JsonSerializer.Deserialize(i.Routing, CallRecordJson.Default.IReadOnlyListRoutingStep) ?? [], i.Channel, i.Notes,
        i.AccessNumber, i.Mode, i.CallerRaw, i.IdentitySource, i.StatusCode, i.TargetQueue, i.TargetAgent, i.LifecycleStage, i.Priority, i.Reason,
        i.DecisionMicroseconds);
    }

    /// <summary>The states of a stored path (<see cref="IvrPathRecord"/>), each once, in the order first entered.</summary>
    internal static IReadOnlyList<string> IvrPathOf(string? json) =>
        json is null || JsonSerializer.Deserialize(json, IvrJsonContext.Default.IvrPathRecord) is not { } path
            ? []
            : [.. path.Steps.Select(s => s.State).Distinct()];

}
