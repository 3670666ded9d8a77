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
