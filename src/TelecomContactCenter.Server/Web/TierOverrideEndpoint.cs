using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TelecomContactCenter.Core.Customers;
using TelecomContactCenter.Server.Auth;
using TelecomContactCenter.Server.Data;
using TelecomContactCenter.Server.Profiles;

namespace TelecomContactCenter.Server.Web;

internal sealed record TierOverrideRequest(string Tier, string Reason, DateOnly ExpiresOn);

internal sealed record TierOverrideView(long CustomerId, string Tier, string Reason, string SetBy, DateOnly ExpiresOn);

/// <summary>
/// A manual value tier: supervisors and admins only, validated by Core's rules (reason, expiry within the
/// configured months), applied to the customer's profile at once and written to the audit log.
/// </summary>
internal static class TierOverrideEndpoint
{
    public static RouteGroupBuilder MapTierOverride(this RouteGroupBuilder api)
    {
        api.MapPost("/customers/{id:long}/tier-override", SetAsync).WithTags("Customers").RequireAuthorization(Policies.Supervision);
        return api;
    }

    private static async Task<Results<Ok<TierOverrideView>, ProblemHttpResult>> SetAsync(
        long id, TierOverrideRequest request, ClaimsPrincipal user, ContactCenterDbContext db, ProfileEvaluator profiles, AuditLog audit,
        IOptions<TieringOptions> tiering, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        if (!Enum.TryParse<ValueTier>(request.Tier, ignoreCase: true, out var tier) || int.TryParse(request.Tier, out _))
        {
            return Problem($"Unknown tier '{request.Tier}'. Values: {string.Join(", ", Enum.GetNames<ValueTier>())}.", StatusCodes.Status400BadRequest);
        }

        var customer = await db.Customers.FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (customer is null)
        {
            return Problem($"Customer {id} does not exist.", StatusCodes.Status404NotFound);
        }

        var actor = user.Identity!.Name!;
        var now = timeProvider.GetUtcNow();
        TierOverride accepted;
        try
        {
            accepted = TierOverride.Create(tier, request.Reason, actor, DateOnly.FromDateTime(now.UtcDateTime), request.ExpiresOn, tiering.Value);
        }
        catch (ArgumentException refused)
        {
            return Problem(refused.Message, StatusCodes.Status400BadRequest);
        }

        customer.TierOverride = accepted.Tier.ToString();
        customer.TierOverrideReason = accepted.Reason;
        customer.TierOverrideBy = accepted.SetBy;
        customer.TierOverrideExpiresAt = new DateTimeOffset(accepted.ExpiresOn.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        await db.SaveChangesAsync(cancellationToken);
        await profiles.EvaluateCustomerAsync(id, cancellationToken);
        await audit.RecordAsync(actor, "customer.tier-override", id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            $"{accepted.Tier} until {accepted.ExpiresOn:yyyy-MM-dd}: {accepted.Reason}", cancellationToken);
        return TypedResults.Ok(new TierOverrideView(id, accepted.Tier.ToString(), accepted.Reason, accepted.SetBy, accepted.ExpiresOn));
    }

    private static ProblemHttpResult Problem(string detail, int status) => TypedResults.Problem(detail, statusCode: status);
}
