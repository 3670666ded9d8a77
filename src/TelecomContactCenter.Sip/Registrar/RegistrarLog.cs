using System.Net;
using Microsoft.Extensions.Logging;

namespace TelecomContactCenter.Sip.Registrar;

internal static partial class RegistrarLog
{
    [LoggerMessage(EventId = 3100, Level = LogLevel.Information,
        Message = "REGISTER for {AddressOfRecord} from {Source} accepted; {ContactCount} contact(s) bound; rung at {Targets}")]
    public static partial void Registered(ILogger logger, string addressOfRecord, IPEndPoint source, int contactCount, string targets);

    [LoggerMessage(EventId = 3101, Level = LogLevel.Warning,
        Message = "REGISTER from {Source} refused with 403 for user {UserName}: too many failed digest attempts")]
    public static partial void Blocked(ILogger logger, string? userName, IPEndPoint source);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Warning,
        Message = "REGISTER from {Source} authenticated as {UserName} but targets {ToUser}; refused with 403")]
    public static partial void NotOwnAddressOfRecord(ILogger logger, string userName, string? toUser, IPEndPoint source);

    [LoggerMessage(EventId = 3103, Level = LogLevel.Debug,
        Message = "REGISTER {CallId} from {Source} answered {StatusCode} {Reason}")]
    public static partial void Refused(ILogger logger, string? callId, IPEndPoint source, int statusCode, string reason);
}
