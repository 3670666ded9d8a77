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

/// <summary>Sign-in for the pages: the Identity cookie, with the same lockout as the bearer login.</summary>
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

    private static async Task<Results<NoContent, ProblemHttpResult>> SignInAsync(
        LoginRequest request, UserManager<IdentityUser> users, SignInManager<IdentityUser> signIn)
    {
        var user = string.IsNullOrEmpty(request.UserName) ? null : await users.FindByNameAsync(request.UserName);
        if (user is null || string.IsNullOrEmpty(request.Password))
        {
            return WrongCredentials();
        }

        var result = await signIn.PasswordSignInAsync(user, request.Password, isPersistent: false, lockoutOnFailure: true);
        if (result.IsLockedOut)
        {
            return TypedResults.Problem(
                "Too many failed sign-ins; the account is locked for a while.",
                statusCode: StatusCodes.Status401Unauthorized, title: "Locked out");
        }

        return result.Succeeded ? TypedResults.NoContent() : WrongCredentials();
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
