using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace TelecomContactCenter.Sip.Transport;

/// <summary>
/// SIP over TCP: accepts connections, and opens or reuses one connection per remote endpoint for outbound
/// messages. Thread-safe: connections live in concurrent dictionaries; each connection serialises its sends.
/// </summary>
public sealed class TcpSipTransport(IPEndPoint bindTo, SipTransportOptions options, TimeProvider time, ILogger logger) : ISipTransport
{
    private readonly TcpListener _listener = new(bindTo);
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<long, SipStreamConnection> _connections = new();
    private readonly ConcurrentDictionary<IPEndPoint, long> _byRemote = new();
    private readonly ConcurrentBag<Task> _readLoops = [];
    private SipDataReceived? _onReceived;
    private ITimer? _idleSweep;
    private Task _acceptLoop = Task.CompletedTask;
    private long _nextId;

    public string Name => SipTransportNames.Tcp;

    public IPEndPoint LocalEndPoint { get; private set; } = new(IPAddress.None, 0);

    public int OpenConnections => _connections.Count;

    public Task StartAsync(SipDataReceived onReceived, CancellationToken cancellationToken)
    {
        _onReceived = onReceived;
        _listener.Start();
        LocalEndPoint = (IPEndPoint)_listener.LocalEndpoint;
        _acceptLoop = AcceptLoopAsync(_stopping.Token);
        var sweepEvery = options.TcpIdleTimeout / 4;
        _idleSweep = time.CreateTimer(_ => CloseIdleConnections(), null, sweepEvery, sweepEvery);
        return Task.CompletedTask;
    }

    public bool IsOpen(SipPeer peer) => peer.ConnectionId is { } id && _connections.ContainsKey(id);

    public async ValueTask<SipPeer> SendAsync(ReadOnlyMemory<byte> data, SipPeer destination, CancellationToken cancellationToken)
    {
        var connection = Find(destination) ?? await ConnectAsync(destination.RemoteEndPoint, cancellationToken);
        await connection.SendAsync(data, cancellationToken);
        return connection.Peer;
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _idleSweep?.Dispose();
        _listener.Stop();
        await _acceptLoop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        foreach (var connection in _connections.Values)
        {
            await connection.DisposeAsync();
        }

        await Task.WhenAll(_readLoops).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stopping.Dispose();
    }

    private SipStreamConnection? Find(SipPeer destination)
    {
        if (destination.ConnectionId is { } id && _connections.TryGetValue(id, out var byId))
        {
            return byId;
        }

        return _byRemote.TryGetValue(destination.RemoteEndPoint, out var remoteId)
            && _connections.TryGetValue(remoteId, out var byRemote) ? byRemote : null;
    }

    private async Task<SipStreamConnection> ConnectAsync(IPEndPoint remote, CancellationToken cancellationToken)
    {
        var client = new TcpClient(remote.AddressFamily) { NoDelay = true };
        try
        {
            using var deadline = new CancellationTokenSource(options.TcpConnectTimeout, time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
            await client.ConnectAsync(remote, linked.Token);
        }
        catch
        {
            client.Dispose();
            throw;
        }

        return Track(client);
    }

    private async Task AcceptLoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var client = await _listener.AcceptTcpClientAsync(cancellationToken);
                if (_connections.Count >= options.MaxTcpConnections)
                {
                    // Refusing here keeps one peer opening connections from starving every other caller.
                    SipTransportLog.ConnectionRefused(logger, Name, (IPEndPoint)client.Client.RemoteEndPoint!);
                    client.Dispose();
                    continue;
                }

                client.NoDelay = true;
                Track(client);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException ex)
            {
                SipTransportLog.ReceiveFailed(logger, Name, ex);
            }
        }
    }

    private SipStreamConnection Track(TcpClient client)
    {
        var remote = (IPEndPoint)client.Client.RemoteEndPoint!;
        var id = Interlocked.Increment(ref _nextId);
        var connection = new SipStreamConnection(id, Name, client.GetStream(), remote, time, logger);
        _connections[id] = connection;
        _byRemote[remote] = id;
        _readLoops.Add(RunAsync(connection));
        return connection;
    }

    private void CloseIdleConnections()
    {
        foreach (var connection in _connections.Values)
        {
            if (connection.Idle >= options.TcpIdleTimeout)
            {
                // Closing the stream ends the read loop, which forgets the connection.
                connection.Close();
            }
        }
    }

    private async Task RunAsync(SipStreamConnection connection)
    {
        try
        {
            await connection.ReadLoopAsync(_onReceived!, options.MaxMessageSize, _stopping.Token);
        }
        finally
        {
            _connections.TryRemove(connection.Id, out _);
            _byRemote.TryRemove(new KeyValuePair<IPEndPoint, long>(connection.Peer.RemoteEndPoint, connection.Id));
            await connection.DisposeAsync();
        }
    }
}
