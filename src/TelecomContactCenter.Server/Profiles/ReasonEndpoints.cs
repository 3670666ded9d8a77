using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using TelecomContactCenter.Core.Complaints;
using TelecomContactCenter.Server.Auth;
using TelecomContactCenter.Server.Web;

namespace TelecomContactCenter.Server.Profiles;

/// <summary>
/// GET /api/reasons: the codes an agent can capture, by kind (the desktop labels them as <c>reason.&lt;code&gt;</c>).
/// POST /api/customers/{customerId}/reasons: capture one; the answer is the customer's updated profile summary.
/// </summary>
internal static class ReasonEndpoints
{
    public static WebApplicationBuilder AddReasonCapture(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<ReasonCapture>();
        builder.Services.AddScoped<LiveOffers>();
        return builder;
    }

    public static RouteGroupBuilder MapReasons(this RouteGroupBuilder api)
    {
        api.MapGet("/reasons", () => TypedResults.Ok(CustomerReasons.ByKind.ToDictionary(k => k.Key.ToString(), k => k.Value)))
            .WithTags("Reasons").RequireAuthorization(Policies.CustomerHandling)
            .WithSummary("The reason codes an agent can capture, by kind")
            .WithDescription("The codes of each kind (ContactReason, DeclineCause, ExitReason, KeyBuyingFactor); codes are unique " +
                "across kinds. The desktop labels them in the agent's language.");
        api.MapPost("/customers/{customerId:long}/reasons", CaptureAsync).WithTags("Reasons").RequireAuthorization(Policies.CustomerHandling)
            .WithSummary("Capture what the customer said")
            .WithDescription("Records a contact reason, decline cause, exit reason or key buying factor for the customer (audited), " +
                "re-evaluates their profile at once (intent trigger, churn type, win-back probability) and pushes the offers " +
                "of any call with them again. Returns the updated profile summary; 400 names the field, 404 an unknown customer.");
        return api;
    }

    private static async Task<Results<Ok<ProfileSummaryView>, ProblemHttpResult>> CaptureAsync(
        long customerId, CaptureReasonBody body, ReasonCapture capture, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var result = await capture.CaptureAsync(user.Identity!.Name!,
            new CaptureReasonRequest(customerId, body.CallId, body.Kind, body.Code, body.Note), cancellationToken);
        return result.Summary is { } summary ? TypedResults.Ok(summary) : Problem(result);
    }

    public static ProblemHttpResult Problem(ReasonResult result) => Refusal.Problem(result.Problem, result.Status, result.Code,
        result.Field is null ? null : new Dictionary<string, object?> { ["field"] = result.Field });
}
