using Microsoft.Extensions.Logging;

namespace TelecomContactCenter.Sip.Transport;

internal static partial class SipTransportLog
{
    [LoggerMessage(EventId = 1000, Level = LogLevel.Information, Message = "SIP {Transport} listening on {EndPoint}")]
    public static partial void Listening(ILogger logger, string transport, System.Net.IPEndPoint endPoint);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning, Message = "SIP {Transport} receive failed; continuing")]
    public static partial void ReceiveFailed(ILogger logger, string transport, Exception exception);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Debug, Message = "Malformed SIP message from {Peer} answered with {StatusCode}: {Reason}")]
    public static partial void MalformedAnswered(ILogger logger, SipPeer peer, int statusCode, string reason);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Debug, Message = "Malformed SIP message from {Peer} dropped: {Reason}")]
    public static partial void MalformedDropped(ILogger logger, SipPeer peer, string reason);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Warning, Message = "SIP message handling failed for {Peer}; continuing")]
    public static partial void HandlerFailed(ILogger logger, SipPeer peer, Exception exception);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Debug, Message = "SIP {Transport} connection {ConnectionId} from {EndPoint} closed")]
    public static partial void ConnectionClosed(ILogger logger, string transport, long connectionId, System.Net.IPEndPoint endPoint);

    [LoggerMessage(EventId = 1007, Level = LogLevel.Warning, Message = "SIP {Transport} connection from {EndPoint} refused: connection limit reached")]
    public static partial void ConnectionRefused(ILogger logger, string transport, System.Net.IPEndPoint endPoint);

    [LoggerMessage(EventId = 1008, Level = LogLevel.Debug, Message = "SIP TLS handshake with {EndPoint} failed: {Reason}")]
    public static partial void HandshakeFailed(ILogger logger, System.Net.IPEndPoint endPoint, string reason);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Warning, Message = "SIP send to {Peer} failed")]
    public static partial void SendFailed(ILogger logger, SipPeer peer, Exception exception);
}
