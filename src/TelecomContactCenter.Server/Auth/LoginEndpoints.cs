using System.Security.Claims;
using Microsoft.AspNetCore.Identity;

namespace TelecomContactCenter.Server.Auth;

internal sealed record LoginRequest(string UserName, string Password);

internal static class LoginEndpoints
{
    public static RouteGroupBuilder MapAuth(this RouteGroupBuilder api)
    {
        api.MapPost("/auth/login", LoginAsync).AllowAnonymous().WithTags("Auth")
            .Produces(StatusCodes.Status200OK).ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        api.MapGet("/auth/me", (ClaimsPrincipal user) => TypedResults.Ok(new
        {
            userName = user.Identity?.Name,
            roles = user.FindAll(ClaimTypes.Role).Select(c => c.Value).ToArray(),
        })).WithTags("Auth");
        return api;
    }

    /// <summary>Returns the bearer scheme's token response ({"accessToken", "expiresIn", ...}); throttled per account and address.</summary>
    private static async Task<IResult> LoginAsync(
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
            return TypedResults.Problem("Unknown user name or wrong password.", statusCode: StatusCodes.Status401Unauthorized);
        }

        var principal = await signIn.CreateUserPrincipalAsync(check.User);
        return TypedResults.SignIn(principal, authenticationScheme: IdentityConstants.BearerScheme);
    }
}
