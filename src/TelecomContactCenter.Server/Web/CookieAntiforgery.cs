using Microsoft.AspNetCore.Antiforgery;

namespace TelecomContactCenter.Server.Web;

/// <summary>
/// Cookie-authenticated writes need the anti-forgery header token the pages fetch from /api/auth/antiforgery; a
/// browser sends the cookie on its own, the header only from our script. Bearer requests carry no ambient authority
/// and pass untouched. The cookie sign-in itself is checked too, so a foreign page cannot sign a browser in.
/// </summary>
internal sealed partial class CookieAntiforgery(RequestDelegate next, IAntiforgery antiforgery, ILogger<CookieAntiforgery> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (NeedsToken(request) && !await antiforgery.IsRequestValidAsync(context))
        {
            LogRejected(logger, request.Method, request.Path);
            await Results.Problem(
                $"Missing or invalid anti-forgery token: send the {WebUiSetup.AntiforgeryHeader} header from /api/auth/antiforgery.",
                statusCode: StatusCodes.Status400BadRequest).ExecuteAsync(context);
            return;
        }

        await next(context);
    }

    private static bool NeedsToken(HttpRequest request) =>
        !HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method) && !HttpMethods.IsOptions(request.Method)
        && !WebUiSetup.SendsBearerToken(request)
        && (request.Cookies.ContainsKey("tcc.auth") || request.Path.StartsWithSegments(CookieSignIn.SignInPath));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rejected {Method} {Path}: anti-forgery token missing or invalid")]
    private static partial void LogRejected(ILogger logger, string method, string path);
}
