using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace TelecomContactCenter.Sip.Transport;

/// <summary>
/// SIP over UDP: one socket, one datagram per message (RFC 3261 §18.3). A few dedicated threads block in
/// <c>recvfrom</c> on the socket and carry each datagram through parsing, the transaction layer and, for a new
/// call, the host's handler until its first wait; sends are synchronous <c>sendto</c> calls. This is the shape of
/// Kamailio's UDP workers: a redirect is answered on the thread that received it, with no hand-off through the
/// thread pool, which on a 2-core box cost more CPU than the SIP work itself. Thread-safe: the kernel hands each
/// datagram to one receiving thread, and the socket allows concurrent sends.
/// </summary>
public sealed class UdpSipTransport(IPEndPoint bindTo, int receiveThreads, ILogger logger) : ISipTransport
{
    private const int DatagramLimit = 65_535;
    private readonly Socket _socket = new(bindTo.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _receivers = [];

    public string Name => SipTransportNames.Udp;

    public IPEndPoint LocalEndPoint { get; private set; } = new(IPAddress.None, 0);

    public Task StartAsync(SipDataReceived onReceived, CancellationToken cancellationToken)
    {
        _socket.Bind(bindTo);
        // Bursts arrive faster than a busy box schedules the receivers; a deep kernel queue absorbs them instead
        // of dropping datagrams (which would cost the peer a 500 ms retransmission).
        _socket.ReceiveBufferSize = 4 * 1024 * 1024;
        LocalEndPoint = (IPEndPoint)_socket.LocalEndPoint!;
        for (var i = 0; i < Math.Max(1, receiveThreads); i++)
        {
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var thread = new Thread(() => ReceiveLoop(onReceived, done))
            {
                IsBackground = true,
                Name = $"sip-udp-{LocalEndPoint.Port}-{i}",
            };
            thread.Start();
            _receivers.Add(done.Task);
        }

        return Task.CompletedTask;
    }

    public bool IsOpen(SipPeer peer) => true;

    public ValueTask<SipPeer> SendAsync(ReadOnlyMemory<byte> data, SipPeer destination, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(destination);
        // A UDP send either fits the socket buffer at once or fails; it never waits for the peer.
        _socket.SendTo(data.Span, SocketFlags.None, destination.RemoteEndPoint);
        return ValueTask.FromResult(destination);
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        // Closing wakes the threads blocked in recvfrom (the runtime shuts the socket down first on Unix).
        _socket.Dispose();
        await Task.WhenAll(_receivers).WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stopping.Dispose();
    }

    private void ReceiveLoop(SipDataReceived onReceived, TaskCompletionSource done)
    {
        var buffer = GC.AllocateUninitializedArray<byte>(DatagramLimit);
        var address = new SocketAddress(bindTo.AddressFamily);
        var cancellationToken = _stopping.Token;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                try
                {
                    var received = _socket.ReceiveFrom(buffer, SocketFlags.None, address);
                    var source = (IPEndPoint)bindTo.Create(address);
                    var pending = onReceived(buffer.AsMemory(0, received).ToArray(), new SipPeer(Name, source), cancellationToken);
                    if (!pending.IsCompletedSuccessfully)
                    {
                        _ = ObserveAsync(pending);
                    }
                }
                catch (ObjectDisposedException)
                {
                    return;
                }
                catch (SocketException) when (cancellationToken.IsCancellationRequested)
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
        finally
        {
            done.TrySetResult();
        }
    }

    private async Task ObserveAsync(ValueTask pending)
    {
        try
        {
            await pending;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            SipTransportLog.ReceiveFailed(logger, Name, ex);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }
}
