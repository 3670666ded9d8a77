using Microsoft.AspNetCore.Http.HttpResults;
using TelecomContactCenter.Server.Auth;
using TelecomContactCenter.Server.Bss;
using TelecomContactCenter.Server.Profiles;
using TelecomContactCenter.Sip.Identity;

namespace TelecomContactCenter.Server.Customers;

internal static class CustomerEndpoints
{
    public static WebApplicationBuilder AddCustomers(this WebApplicationBuilder builder)
    {
        builder.Services.AddPhoneNumbers();
        builder.Services.AddScoped<CustomerLookup>();
        builder.Services.AddSingleton<SnapshotReader>();
        return builder;
    }

    public static RouteGroupBuilder MapCustomers(this RouteGroupBuilder api)
    {
        var customers = api.MapGroup("/customers").WithTags("Customers").RequireAuthorization(Policies.CustomerHandling);
        customers.MapGet("/by-phone/{phone}", GetByPhoneAsync).WithName("GetCustomerByPhone")
            .Produces<CustomerView>(StatusCodes.Status200OK, "application/json");
        return api;
    }

    /// <summary>The customer 360. Accepts E.164 or national formats (normalised on the PhoneNumbers plan, as callers are).</summary>
    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> GetByPhoneAsync(
        string phone, ICustomerSource source, E164Normalizer numbers, CancellationToken cancellationToken)
    {
        var parsed = numbers.Parse(phone);
        if (!parsed.Success)
        {
            return TypedResults.Problem(parsed.Error, statusCode: StatusCodes.Status400BadRequest, title: "Not a phone number");
        }

        var result = await source.FindByPhoneAsync(parsed.E164, cancellationToken);
        return result.Outcome switch
        {
            // The snapshot's JSON goes out as stored: no deserialise/serialise round trip on the hot path.
            LookupOutcome.Found => TypedResults.Content(result.Customer!.Json, "application/json"),
            LookupOutcome.NotFound => TypedResults.Problem(
                $"No customer has the number {parsed.E164}.", statusCode: StatusCodes.Status404NotFound, title: "Unknown customer"),
            _ => TypedResults.Problem(result.Detail, statusCode: StatusCodes.Status503ServiceUnavailable, title: "Profile unavailable"),
        };
    }
}
