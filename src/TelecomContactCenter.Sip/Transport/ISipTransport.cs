using System.Net;

namespace TelecomContactCenter.Sip.Transport;

/// <summary>Octets received by a transport, before parsing.</summary>
public delegate ValueTask SipDataReceived(ReadOnlyMemory<byte> data, SipPeer source, CancellationToken cancellationToken);

/// <summary>
/// One SIP transport (UDP, TCP; TLS later as a stream transport over SslStream). It frames messages and moves
/// octets; parsing, Via stamping and response routing live in <see cref="SipTransportLayer"/>.
/// </summary>
public interface ISipTransport : IAsyncDisposable
{
    /// <summary>Via transport token: UDP, TCP or TLS.</summary>
    string Name { get; }

    /// <summary>The bound address and port (the real port when 0 was configured).</summary>
    IPEndPoint LocalEndPoint { get; }

    Task StartAsync(SipDataReceived onReceived, CancellationToken cancellationToken);

    /// <summary>Whether the peer's connection is still open (always true for a datagram transport).</summary>
    bool IsOpen(SipPeer peer);

    /// <summary>Sends one message; a stream transport uses <see cref="SipPeer.ConnectionId"/> when that connection
    /// is open, otherwise connects. Returns the peer actually used.</summary>
    ValueTask<SipPeer> SendAsync(ReadOnlyMemory<byte> data, SipPeer destination, CancellationToken cancellationToken);
}
