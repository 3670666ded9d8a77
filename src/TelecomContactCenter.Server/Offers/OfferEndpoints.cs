using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using TelecomContactCenter.Core.Offers;
using TelecomContactCenter.Server.Auth;
using TelecomContactCenter.Server.Data;
using TelecomContactCenter.Server.Profiles;

namespace TelecomContactCenter.Server.Offers;

internal sealed record NextBestOffersView(long CustomerId, string CatalogueVersion, IReadOnlyList<OfferView> Offers);

internal sealed record RecordOutcomeRequest(long CustomerId, string OfferId, string ScriptVersion, string Outcome);

internal sealed record OfferOutcomeView(long Id, long CustomerId, string OfferId, string ScriptVersion, string Outcome, string Agent, DateTimeOffset RecordedAt);

internal static class OfferEndpoints
{
    public static WebApplicationBuilder AddOffers(this WebApplicationBuilder builder)
    {
        // A catalogue that does not load (bad JSON, a slot with no value source) stops start-up naming the file.
        var root = builder.Environment.ContentRootPath;
        builder.Services.AddValidatedOptions<OfferOptions>(OfferOptions.SectionName, o => o.Validate().Concat(CatalogueErrors(o, root)));
        builder.Services.AddSingleton<NextBestOffers>();
        return builder;
    }

    public static RouteGroupBuilder MapOffers(this RouteGroupBuilder api)
    {
        var offers = api.MapGroup("/offers").WithTags("Offers").RequireAuthorization(Policies.CustomerHandling);
        offers.MapGet("/next-best/{customerId:long}", NextBestAsync);
        offers.MapPost("/outcomes", RecordOutcomeAsync);
        return api;
    }

    /// <summary>The offers of the latest evaluation (re-run whenever a complaint opens or closes).</summary>
    private static async Task<Results<Ok<NextBestOffersView>, ProblemHttpResult>> NextBestAsync(
        long customerId, ContactCenterDbContext db, NextBestOffers engine, CancellationToken cancellationToken)
    {
        var json = await db.CustomerProfiles.AsNoTracking().Where(p => p.CustomerId == customerId)
            .Select(p => p.View).FirstOrDefaultAsync(cancellationToken);
        if (json is null)
        {
            return TypedResults.Problem($"Customer {customerId} does not exist.", statusCode: StatusCodes.Status404NotFound);
        }

        var view = JsonSerializer.Deserialize(json, ProfileJsonContext.Default.CustomerView)!;
        return TypedResults.Ok(new NextBestOffersView(customerId, engine.Catalogue.Version, view.NextBestOffers));
    }

    private static async Task<Results<Created<OfferOutcomeView>, ProblemHttpResult>> RecordOutcomeAsync(
        RecordOutcomeRequest request, ContactCenterDbContext db, NextBestOffers engine, ClaimsPrincipal user,
        TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        if (!Enum.TryParse<OfferOutcomeKind>(request.Outcome, ignoreCase: true, out var outcome) || int.TryParse(request.Outcome, out _))
        {
            return BadRequest($"Unknown outcome '{request.Outcome}'. Values: {string.Join(", ", Enum.GetNames<OfferOutcomeKind>())}.");
        }

        if (engine.Catalogue.Find(request.OfferId) is null)
        {
            return BadRequest($"Offer '{request.OfferId}' is not in catalogue {engine.Catalogue.Version}.");
        }

        if (string.IsNullOrWhiteSpace(request.ScriptVersion))
        {
            return BadRequest("scriptVersion is required: take-up is reported per script version.");
        }

        if (request.ScriptVersion.Trim() != engine.Catalogue.Version)
        {
            return BadRequest($"scriptVersion '{request.ScriptVersion}' is not a script version of catalogue {engine.Catalogue.Version}.");
        }

        if (!await db.Customers.AnyAsync(c => c.Id == request.CustomerId, cancellationToken))
        {
            return TypedResults.Problem($"Customer {request.CustomerId} does not exist.", statusCode: StatusCodes.Status404NotFound);
        }

        var row = new OfferOutcome
        {
            CustomerId = request.CustomerId,
            OfferId = request.OfferId,
            ScriptVersion = request.ScriptVersion.Trim(),
            Outcome = outcome,
            Agent = user.Identity!.Name!,
            RecordedAt = timeProvider.GetUtcNow(),
        };
        db.OfferOutcomes.Add(row);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/offers/outcomes/{row.Id}",
            new OfferOutcomeView(row.Id, row.CustomerId, row.OfferId, row.ScriptVersion, row.Outcome.ToString(), row.Agent, row.RecordedAt));
    }

    private static IEnumerable<string> CatalogueErrors(OfferOptions options, string contentRoot)
    {
        try
        {
            NextBestOffers.LoadCatalogue(options, contentRoot);
            return [];
        }
        catch (FormatException ex)
        {
            return [ex.Message];
        }
    }

    private static ProblemHttpResult BadRequest(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest);
}
