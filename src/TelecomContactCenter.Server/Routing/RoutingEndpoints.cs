using TelecomContactCenter.Core.Routing;
using TelecomContactCenter.Server.Auth;

namespace TelecomContactCenter.Server.Routing;

internal static class RoutingEndpoints
{
    public static WebApplicationBuilder AddCallRouting(this WebApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<RoutingOptions>("Routing", o => o.Validate());
        builder.Services.AddScoped<RoutingDecider>();
        return builder;
    }

    public static RouteGroupBuilder MapRouting(this RouteGroupBuilder api)
    {
        api.MapGet("/routing/decision", async (string? caller, RoutingDecider decider, CancellationToken cancellationToken) =>
                TypedResults.Ok(await decider.DecideAsync(caller, cancellationToken)))
            .WithTags("Routing")
            .RequireAuthorization(Policies.CustomerHandling);
        return api;
    }
}
