using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;
using TelecomContactCenter.Server.Auth;

namespace TelecomContactCenter.Server;

/// <summary>Cross-cutting HTTP pieces: ProblemDetails for every error, the OpenAPI document, health.</summary>
internal static class WebApi
{
    public static WebApplicationBuilder AddWebApi(this WebApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails();
        builder.Services.AddContactCenterOpenApi();
        return builder;
    }

    public static WebApplication UseWebApi(this WebApplication app)
    {
        // Behind a reverse proxy every client would share the proxy's address (and the sign-in throttle with it):
        // X-Forwarded-For is believed from the configured proxies only.
        var proxies = app.Services.GetRequiredService<IOptions<AuthOptions>>().Value.TrustedProxies;
        if (proxies.Count > 0)
        {
            var forwarded = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor };
            forwarded.KnownIPNetworks.Clear();
            forwarded.KnownProxies.Clear();
            foreach (var proxy in proxies)
            {
                forwarded.KnownProxies.Add(System.Net.IPAddress.Parse(proxy));
            }

            app.UseForwardedHeaders(forwarded);
        }

        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapOpenApi();
        return app;
    }

    public static WebApplication MapHealth(this WebApplication app)
    {
        app.MapGet("/healthz", () => TypedResults.Ok(new { status = "ok" })).AllowAnonymous().WithTags("Health");
        return app;
    }
}
