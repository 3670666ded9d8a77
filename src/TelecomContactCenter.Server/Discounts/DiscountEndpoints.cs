using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using TelecomContactCenter.Server.Auth;
using TelecomContactCenter.Server.Web;

namespace TelecomContactCenter.Server.Discounts;

/// <summary>
/// /api/discounts: anyone who handles customers asks for (or, within their authority, grants) a discount and lists
/// their own; supervisors and admins list everything and approve or reject pending requests.
/// </summary>
internal static class DiscountEndpoints
{
    public static WebApplicationBuilder AddDiscounts(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<DiscountApprovals>();
        return builder;
    }

    public static RouteGroupBuilder MapDiscounts(this RouteGroupBuilder api)
    {
        var discounts = api.MapGroup("/discounts").WithTags("Discounts");
        discounts.MapPost("/", RequestAsync).RequireAuthorization(Policies.CustomerHandling);
        discounts.MapGet("/", ListAsync).RequireAuthorization(Policies.CustomerHandling);
        discounts.MapPost("/{id:long}/approve", (long id, DiscountDecision? decision, ClaimsPrincipal user, DiscountApprovals approvals, CancellationToken cancellationToken) =>
            DecideAsync(id, approve: true, decision, user, approvals, cancellationToken)).RequireAuthorization(Policies.Supervision);
        discounts.MapPost("/{id:long}/reject", (long id, DiscountDecision? decision, ClaimsPrincipal user, DiscountApprovals approvals, CancellationToken cancellationToken) =>
            DecideAsync(id, approve: false, decision, user, approvals, cancellationToken)).RequireAuthorization(Policies.Supervision);
        return api;
    }

    private static async Task<Results<Created<DiscountView>, ProblemHttpResult>> RequestAsync(
        DiscountAsk ask, ClaimsPrincipal user, DiscountApprovals approvals, CancellationToken cancellationToken)
    {
        var result = await approvals.RequestAsync(user.Identity!.Name!, RouteAccess.SeesEverything(user), ask, cancellationToken);
        return result.Discount is { } view
            ? TypedResults.Created($"/api/discounts/{view.Id}", view)
            : Refusal.Problem(result.Problem, result.Status, result.Code);
    }

    /// <summary>An agent's list is always their own requests, whatever they ask for.</summary>
    private static async Task<Results<Ok<IReadOnlyList<DiscountView>>, ProblemHttpResult>> ListAsync(
        string? status, ClaimsPrincipal user, DiscountApprovals approvals, CancellationToken cancellationToken)
    {
        DiscountStatus? parsed = null;
        if (status is not null)
        {
            if (!Enum.TryParse<DiscountStatus>(status, ignoreCase: true, out var value) || int.TryParse(status, out _))
            {
                return TypedResults.Problem($"Unknown status '{status}'. Values: {string.Join(", ", Enum.GetNames<DiscountStatus>())}.",
                    statusCode: StatusCodes.Status400BadRequest);
            }

            parsed = value;
        }

        var requestedBy = RouteAccess.SeesEverything(user) ? null : user.Identity!.Name!;
        return TypedResults.Ok(await approvals.ListAsync(requestedBy, parsed, cancellationToken));
    }

    private static async Task<Results<Ok<DiscountView>, ProblemHttpResult>> DecideAsync(
        long id, bool approve, DiscountDecision? decision, ClaimsPrincipal user, DiscountApprovals approvals, CancellationToken cancellationToken)
    {
        var result = await approvals.DecideAsync(id, approve, user.Identity!.Name!, decision?.Note, cancellationToken);
        return result.Discount is { } view ? TypedResults.Ok(view) : Refusal.Problem(result.Problem, result.Status, result.Code);
    }
}
