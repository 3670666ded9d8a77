using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;

namespace TelecomContactCenter.Server.Auth;

internal sealed record LoginRequest(string UserName, string Password);

internal static class LoginEndpoints
{
    public static RouteGroupBuilder MapAuth(this RouteGroupBuilder api)
    {
        api.MapPost("/auth/login", LoginAsync).AllowAnonymous().WithTags("Auth")
            .Produces(StatusCodes.Status200OK);
        api.MapGet("/auth/me", (ClaimsPrincipal user) => TypedResults.Ok(new
        {
            userName = user.Identity?.Name,
            roles = user.FindAll(ClaimTypes.Role).Select(c => c.Value).ToArray(),
        })).WithTags("Auth");
        return api;
    }

    /// <summary>Returns the bearer scheme's token response ({"accessToken", "expiresIn", ...}).</summary>
    private static async Task<Results<SignInHttpResult, ProblemHttpResult>> LoginAsync(
        LoginRequest request, UserManager<IdentityUser> users, SignInManager<IdentityUser> signIn)
    {
        var user = string.IsNullOrEmpty(request.UserName) ? null : await users.FindByNameAsync(request.UserName);
        if (user is null || string.IsNullOrEmpty(request.Password))
        {
            return TypedResults.Problem("Unknown user name or wrong password.", statusCode: StatusCodes.Status401Unauthorized);
        }

        var check = await signIn.CheckPasswordSignInAsync(user, request.Password, lockoutOnFailure: true);
        if (check.IsLockedOut)
        {
            return TypedResults.Problem(
                "Too many failed sign-ins; the account is locked for a while.",
                statusCode: StatusCodes.Status401Unauthorized, title: "Locked out");
        }

        if (!check.Succeeded)
        {
            return TypedResults.Problem("Unknown user name or wrong password.", statusCode: StatusCodes.Status401Unauthorized);
        }

        var principal = await signIn.CreateUserPrincipalAsync(user);
        return TypedResults.SignIn(principal, authenticationScheme: IdentityConstants.BearerScheme);
    }
}
