using System.Net;
using TelecomContactCenter.Sip.Identity;

namespace TelecomContactCenter.Server.Telephony;

/// <summary>Telephony log events; callers pass numbers through <see cref="PhoneNumberMask"/> first.</summary>
internal static partial class TelephonyLog
{
    [LoggerMessage(EventId = 3000, Level = LogLevel.Debug,
        Message = "Call {CallId} on {AccessNumber} from {Caller} ({Confidence}) answered {StatusCode}, queue {Queue}")]
    public static partial void CallServed(ILogger logger, string callId, string accessNumber, string caller,
        IdentityConfidence confidence, int statusCode, string queue);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Call {CallId} to unknown access number {AccessNumber} from {Caller}: 404")]
    public static partial void UnknownNumber(ILogger logger, string callId, string accessNumber, string caller);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Warning, Message = "Routing lookup for call {CallId} exceeded {TimeoutMs} ms; sent to the general queue")]
    public static partial void DecisionTimedOut(ILogger logger, string callId, double timeoutMs);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Error, Message = "Routing lookup for call {CallId} failed; sent to the general queue")]
    public static partial void DecisionFailed(ILogger logger, string callId, Exception exception);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Warning, Message = "Call record queue full; record of call {CallId} dropped")]
    public static partial void RecordDropped(ILogger logger, string callId);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Information, Message = "SIP listening on UDP {UdpEndPoint} and TCP {TcpEndPoint}")]
    public static partial void Listening(ILogger logger, IPEndPoint udpEndPoint, IPEndPoint tcpEndPoint);
}
