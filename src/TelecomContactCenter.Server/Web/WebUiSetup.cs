using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using TelecomContactCenter.Core.Routing;
using TelecomContactCenter.Server.Auth;
using TelecomContactCenter.Server.Complaints;

namespace TelecomContactCenter.Server.Web;

/// <summary>
/// <see cref="ServerTime"/> lets the pages count SLA deadlines down on the server's clock, not the browser's;
/// <see cref="ComplaintDefaults"/> is what the capture form starts at per category code (severity, fault kind).
/// </summary>
internal sealed record DeskSettingsView(
    double RingTimeoutSeconds, DateTimeOffset ServerTime, IReadOnlyDictionary<string, ComplaintCaptureDefaults> ComplaintDefaults);

/// <summary>
/// The browser side of the host: cookie sign-in next to the bearer scheme, anti-forgery for cookie writes, the
/// static pages in wwwroot, the audit log and CSV exports.
/// </summary>
internal static class WebUiSetup
{
    /// <summary>Picks the bearer scheme for API clients that send a token, the Identity cookie otherwise.</summary>
    public const string BearerOrCookie = "BearerOrCookie";

    public const string AntiforgeryHeader = "X-CSRF-TOKEN";

    public static WebApplicationBuilder AddWebUi(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddAuthentication()
            .AddCookie(IdentityConstants.ApplicationScheme, cookie =>
            {
                cookie.Cookie.Name = "tcc.auth";
                cookie.Cookie.HttpOnly = true;
                cookie.Cookie.SameSite = SameSiteMode.Strict;
                cookie.SlidingExpiration = true;
                // The pages are static and ask /api/auth/me themselves, so no endpoint ever redirects to a login page.
                cookie.Events.OnRedirectToLogin = context => Status(context, StatusCodes.Status401Unauthorized);
                cookie.Events.OnRedirectToAccessDenied = context => Status(context, StatusCodes.Status403Forbidden);
            })
            .AddPolicyScheme(BearerOrCookie, "Bearer token or sign-in cookie", policy =>
                policy.ForwardDefaultSelector = context => SendsBearerToken(context.Request)
                    ? IdentityConstants.BearerScheme
                    : IdentityConstants.ApplicationScheme);
        services.Configure<AuthenticationOptions>(o =>
        {
            o.DefaultScheme = BearerOrCookie;
            o.DefaultChallengeScheme = BearerOrCookie;
            o.DefaultForbidScheme = BearerOrCookie;
        });
        services.AddOptions<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme)
            .Configure<IOptions<AuthOptions>>((cookie, auth) => cookie.ExpireTimeSpan = auth.Value.AccessTokenLifetime);
        services.AddAntiforgery(o =>
        {
            o.HeaderName = AntiforgeryHeader;
            o.Cookie.Name = "tcc.csrf";
            o.Cookie.SameSite = SameSiteMode.Strict;
        });
        services.AddScoped<AuditLog>();
        return builder;
    }

    public static WebApplication UseWebUi(this WebApplication app)
    {
        app.UseMiddleware<CookieAntiforgery>();
        app.UseMiddleware<RouteAccess>();
        app.UseDefaultFiles();
        app.UseStaticFiles();
        return app;
    }

    public static WebApplication MapWebUi(this WebApplication app)
    {
        var api = app.MapGroup("/api").WithRequestLimits();
        api.MapCookieSignIn();
        api.MapAudit();
        api.MapCsvExport();
        api.MapTierOverride();
        // The desktop's ring countdown matches the ACD's own timeout.
        api.MapGet("/desk/settings", (IOptions<RoutingOptions> routing, TimeProvider clock) =>
            TypedResults.Ok(new DeskSettingsView(routing.Value.RingTimeout.TotalSeconds, clock.GetUtcNow(), ComplaintFields.CaptureDefaults))).AllowAnonymous().WithTags("Desk");
        return app;
    }

    /// <summary>True when the request carries a bearer token: the Authorization header, or access_token for a hub.</summary>
    public static bool SendsBearerToken(HttpRequest request) =>
        request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
        || (request.Path.StartsWithSegments("/hubs") && request.Query.ContainsKey("access_token"));

    private static Task Status(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        context.Response.StatusCode = status;
        return Task.CompletedTask;
    }
}
