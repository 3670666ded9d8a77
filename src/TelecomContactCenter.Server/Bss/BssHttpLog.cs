using System.Diagnostics;
using Microsoft.Extensions.Http.Logging;
using TelecomContactCenter.Sip.Identity;

namespace TelecomContactCenter.Server.Bss;

/// <summary>
/// Logs the BSS client's requests in place of IHttpClientFactory's default loggers, which write the request URI in
/// full: a lookup's URI is the caller's number (GET /customers/+86…), so it goes through <see cref="PhoneNumberMask"/>.
/// Stateless, so safe to share.
/// </summary>
internal sealed partial class BssHttpLog(ILogger<BssHttpLog> logger) : IHttpClientLogger
{
    public object? LogRequestStart(HttpRequestMessage request) => Stopwatch.GetTimestamp();

    public void LogRequestStop(object? context, HttpRequestMessage request, HttpResponseMessage response, TimeSpan elapsed) =>
        LogAnswered(logger, request.Method.Method, Masked(request), (int)response.StatusCode, elapsed.TotalMilliseconds);

    public void LogRequestFailed(object? context, HttpRequestMessage request, HttpResponseMessage? response, Exception exception, TimeSpan elapsed) =>
        LogFailed(logger, request.Method.Method, Masked(request), exception.GetType().Name, elapsed.TotalMilliseconds);

    private static string Masked(HttpRequestMessage request) => PhoneNumberMask.MaskWithin(request.RequestUri?.ToString());

    [LoggerMessage(Level = LogLevel.Information, Message = "BSS {Method} {Uri} answered {StatusCode} in {ElapsedMs:0.0} ms")]
    private static partial void LogAnswered(ILogger logger, string method, string uri, int statusCode, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "BSS {Method} {Uri} failed ({Error}) after {ElapsedMs:0.0} ms")]
    private static partial void LogFailed(ILogger logger, string method, string uri, string error, double elapsedMs);
}
