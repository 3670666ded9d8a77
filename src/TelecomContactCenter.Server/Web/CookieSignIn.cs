using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using TelecomContactCenter.Core.Routing;
using TelecomContactCenter.Server.AgentDesk;
using TelecomContactCenter.Server.Auth;
using TelecomContactCenter.Server.DemoData;

namespace TelecomContactCenter.Server.Web;

internal sealed record AntiforgeryTokenView(string Token, string HeaderName);

internal sealed record SignInInfoView(bool DemoMode, IReadOnlyList<string> DemoUsers);

/// <summary>Sign-in for the pages: the Identity cookie, with the same throttling as the bearer login.</summary>
internal static partial class CookieSignIn
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

    /// <summary>
    /// Ends the page's session. An agent who signs out has left the queues: their status becomes Logged out, so no
    /// call is offered to a desk nobody is at (a desktop that merely drops keeps its status, to resume the shift).
    /// One who signs out during a call keeps the call (its wrap-up waits for them) and gets no new one after it.
    /// </summary>
    private static async Task<NoContent> SignOutAsync(HttpContext context)
    {
        if (context.User.IsInRole(Roles.Agent) && context.User.Identity?.Name is { } agent)
        {
            try
            {
                await context.RequestServices.GetRequiredService<IAgentDesk>()
                    .SetStatusAsync(agent, AgentStatus.LoggedOut, null, context.RequestAborted);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The desk could not take the change (in a cluster, no leader to ask): the session still ends, and
                // the offers that then reach the empty desk are withdrawn as for a dropped desktop.
                LogStatusNotChanged(context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(CookieSignIn)), agent, ex);
            }
        }

        // SignInManager.SignOutAsync would also sign out the external and two-factor schemes, which this host lacks.
        await context.SignOutAsync(IdentityConstants.ApplicationScheme);
        return TypedResults.NoContent();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Agent {Agent} signed out but could not be set Logged out")]
    private static partial void LogStatusNotChanged(ILogger logger, string agent, Exception exception);

    private static ProblemHttpResult WrongCredentials() =>
        TypedResults.Problem("Unknown user name or wrong password.", statusCode: StatusCodes.Status401Unauthorized);
}
