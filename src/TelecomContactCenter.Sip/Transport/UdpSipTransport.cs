using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace TelecomContactCenter.Sip.Transport;

/// <summary>
/// SIP over UDP: one socket, one datagram per message (RFC 3261 §18.3). One dedicated thread blocks in
/// <c>recvfrom</c>; with one worker it carries each datagram through parsing, the transaction layer and, for a new
/// call, the host's handler until its first wait, with no hand-off (the shape of a Kamailio UDP worker). With more
/// workers the receiving thread reads the Call-ID from the raw bytes and queues the datagram to the worker that owns
/// that call (<see cref="DialogAffinity"/>): a call's messages stay in arrival order on one thread, different calls,
/// even from one trunk, run in parallel. Each worker's queue is bounded; a datagram that finds it full is dropped and
/// counted, as the kernel would drop it from a full socket buffer, and the peer's retransmission recovers it.
/// Sends are synchronous <c>sendto</c> calls. Thread-safe: the socket allows concurrent sends.
/// </summary>
public sealed class UdpSipTransport(
    IPEndPoint bindTo, int workers, ILogger logger, SipTransportStatistics? statistics = null, int laneCapacity = UdpSipTransport.LaneCapacity)
    : ISipTransport
{
    private const int DatagramLimit = 65_535;

    /// <summary>Datagrams queued to one worker before further ones for it are dropped (about 1 s at 8,000 calls/s).</summary>
    public const int LaneCapacity = 8192;

    private readonly Socket _socket = new(bindTo.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _threads = [];
    private readonly List<BlockingCollection<Datagram>> _lanes = [];

    public string Name => SipTransportNames.Udp;

    public IPEndPoint LocalEndPoint { get; private set; } = new(IPAddress.None, 0);

    public Task StartAsync(SipDataReceived onReceived, CancellationToken cancellationToken)
    {
        _socket.Bind(bindTo);
        // Bursts arrive faster than a busy box schedules the receiver; a deep kernel queue absorbs them instead
        // of dropping datagrams (which would cost the peer a 500 ms retransmission).
        _socket.ReceiveBufferSize = 4 * 1024 * 1024;
        LocalEndPoint = (IPEndPoint)_socket.LocalEndPoint!;
        if (workers > 1)
        {
            for (var i = 0; i < workers; i++)
            {
                var lane = new BlockingCollection<Datagram>(new ConcurrentQueue<Datagram>(), laneCapacity);
                _lanes.Add(lane);
                StartThread($"sip-udp-{LocalEndPoint.Port}-w{i}", done => WorkLoop(lane, onReceived, done));
            }
        }

        StartThread($"sip-udp-{LocalEndPoint.Port}-rx", done => ReceiveLoop(onReceived, done));
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
        // Closing wakes the thread blocked in recvfrom (the runtime shuts the socket down first on Unix); completing
        // the lanes lets the workers finish what is queued and leave.
        _socket.Dispose();
        foreach (var lane in _lanes)
        {
            lane.CompleteAdding();
        }

        await Task.WhenAll(_threads).WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        foreach (var lane in _lanes)
        {
            lane.Dispose();
        }

        _stopping.Dispose();
    }

    private void StartThread(string name, Action<TaskCompletionSource> loop)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() => loop(done)) { IsBackground = true, Name = name };
        thread.Start();
        _threads.Add(done.Task);
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
                    var data = buffer.AsSpan(0, received);
                    if (_lanes.Count == 0)
                    {
                        Handle(onReceived, new Datagram(data.ToArray(), source), cancellationToken);
                    }
                    else if (!_lanes[DialogAffinity.Lane(data, source, _lanes.Count)].TryAdd(new Datagram(data.ToArray(), source)))
                    {
                        statistics?.OnOverloadDropped();
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

    private void WorkLoop(BlockingCollection<Datagram> lane, SipDataReceived onReceived, TaskCompletionSource done)
    {
        var cancellationToken = _stopping.Token;
        try
        {
            foreach (var datagram in lane.GetConsumingEnumerable())
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    return;
                }

                try
                {
                    Handle(onReceived, datagram, cancellationToken);
                }
                catch (Exception ex)
                {
                    SipTransportLog.ReceiveFailed(logger, Name, ex);
                }
            }
        }
        finally
        {
            done.TrySetResult();
        }
    }

    private void Handle(SipDataReceived onReceived, Datagram datagram, CancellationToken cancellationToken)
    {
        var pending = onReceived(datagram.Data, new SipPeer(Name, datagram.Source), cancellationToken);
        if (!pending.IsCompletedSuccessfully)
        {
            _ = ObserveAsync(pending);
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

    private readonly record struct Datagram(byte[] Data, IPEndPoint Source);
}
