using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using TelecomContactCenter.Server.Auth;
using TelecomContactCenter.Server.DemoData;

namespace TelecomContactCenter.Server.Web;

internal sealed record AntiforgeryTokenView(string Token, string HeaderName);

internal sealed record SignInInfoView(bool DemoMode, IReadOnlyList<string> DemoUsers);

/// <summary>Sign-in for the pages: the Identity cookie, with the same throttling as the bearer login.</summary>
internal static class CookieSignIn
{
    public const string SignInPath = "/api/auth/cookie";

    public static RouteGroupBuilder MapCookieSignIn(this RouteGroupBuilder api)
    {
        var auth = api.MapGroup("/auth").WithTags("Auth");
        auth.MapPost("/cookie", SignInAsync).AllowAnonymous();
        auth.MapPost("/signout", new Func<HttpContext, Task<NoContent>>(SignOutAsync)).RequireAuthorization();
        auth.MapGet("/antiforgery", (HttpContext context, IAntiforgery antiforgery) =>
            TypedResults.Ok(new AntiforgeryTokenView(antiforgery.GetAndStoreTokens(context).RequestToken!, WebUiSetup.AntiforgeryHeader)))
            .AllowAnonymous();
        // The sign-in page names the demo users only when they exist, i.e. in demo mode.
        auth.MapGet("/sign-in-info", (IOptions<DemoDataOptions> demo) => TypedResults.Ok(new SignInInfoView(
            demo.Value.Enabled, demo.Value.Enabled ? ["agent1", "agent2", "agent3", "agent4", "agent5", "supervisor1", "admin"] : [])))
            .AllowAnonymous();
        return api;
    }

    private static async Task<IResult> SignInAsync(
        LoginRequest request, HttpContext context, UserManager<IdentityUser> users, SignInManager<IdentityUser> signIn,
        SignInThrottle throttle)
    {
        var check = await throttle.CheckPasswordAsync(request.UserName, request.Password, context, users, signIn);
        if (check.Wait is { } wait)
        {
            return SignInThrottle.TooManyAttempts(context, wait);
        }

        if (check.User is null)
        {
            return WrongCredentials();
        }

        await signIn.SignInAsync(check.User, isPersistent: false);
        return TypedResults.NoContent();
    }

    private static async Task<NoContent> SignOutAsync(HttpContext context)
    {
        // SignInManager.SignOutAsync would also sign out the external and two-factor schemes, which this host lacks.
        await context.SignOutAsync(IdentityConstants.ApplicationScheme);
        return TypedResults.NoContent();
    }

    private static ProblemHttpResult WrongCredentials() =>
        TypedResults.Problem("Unknown user name or wrong password.", statusCode: StatusCodes.Status401Unauthorized);
}
