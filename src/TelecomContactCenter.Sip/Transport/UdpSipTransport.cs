using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace TelecomContactCenter.Sip.Transport;

/// <summary>
/// SIP over UDP: one socket, one receive loop, one datagram per message (RFC 3261 §18.3). Thread-safe: the socket
/// allows concurrent sends alongside the single receive loop.
/// </summary>
public sealed class UdpSipTransport(IPEndPoint bindTo, ILogger logger) : ISipTransport
{
    private const int DatagramLimit = 65_535;
    private readonly Socket _socket = new(bindTo.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
    private readonly CancellationTokenSource _stopping = new();
    private Task _receiveLoop = Task.CompletedTask;

    public string Name => SipTransportNames.Udp;

    public IPEndPoint LocalEndPoint { get; private set; } = new(IPAddress.None, 0);

    public Task StartAsync(SipDataReceived onReceived, CancellationToken cancellationToken)
    {
        _socket.Bind(bindTo);
        LocalEndPoint = (IPEndPoint)_socket.LocalEndPoint!;
        _receiveLoop = ReceiveLoopAsync(onReceived, _stopping.Token);
        return Task.CompletedTask;
    }

    public bool IsOpen(SipPeer peer) => true;

    public async ValueTask<SipPeer> SendAsync(ReadOnlyMemory<byte> data, SipPeer destination, CancellationToken cancellationToken)
    {
        await _socket.SendToAsync(data, SocketFlags.None, destination.RemoteEndPoint, cancellationToken);
        return destination;
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _socket.Dispose();
        await _receiveLoop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stopping.Dispose();
    }

    private async Task ReceiveLoopAsync(SipDataReceived onReceived, CancellationToken cancellationToken)
    {
        var buffer = new byte[DatagramLimit];
        var anyAddress = new IPEndPoint(bindTo.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var received = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, anyAddress, cancellationToken);
                var data = buffer.AsMemory(0, received.ReceivedBytes).ToArray();
                await onReceived(data, new SipPeer(Name, (IPEndPoint)received.RemoteEndPoint), cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (Exception ex)
            {
                // The receive loop is the edge: one bad datagram or ICMP error must not stop the listener.
                SipTransportLog.ReceiveFailed(logger, Name, ex);
            }
        }
    }
}
