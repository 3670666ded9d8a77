using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace TelecomContactCenter.Sip.Transport;

/// <summary>
/// SIP over TCP, or over TLS when <paramref name="tls"/> is given: accepts connections, and opens or reuses one
/// connection per remote endpoint for outbound messages, so responses and later requests to a peer go back over the
/// connection it opened (RFC 3261 §18). A TLS handshake runs off the accept loop, bounded by
/// <see cref="SipTransportOptions.TlsHandshakeTimeout"/>. Thread-safe: connections live in concurrent dictionaries;
/// each connection serialises its sends.
/// </summary>
public sealed class TcpSipTransport(IPEndPoint bindTo, SipTransportOptions options, TimeProvider time, ILogger logger, SipTlsSettings? tls = null)
    : ISipTransport
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
    private int _handshaking;

    public string Name => tls is null ? SipTransportNames.Tcp : SipTransportNames.Tls;

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

        if (tls is null)
        {
            return Track(client, client.GetStream());
        }

        var secure = new SslStream(client.GetStream(), leaveInnerStreamOpen: false);
        try
        {
            using var deadline = new CancellationTokenSource(options.TlsHandshakeTimeout, time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
            await secure.AuthenticateAsClientAsync(tls.ClientOptions(remote), linked.Token);
        }
        catch
        {
            await secure.DisposeAsync();
            client.Dispose();
            throw;
        }

        return Track(client, secure);
    }

    private async Task HandshakeAsync(TcpClient client, SipTlsSettings settings, CancellationToken cancellationToken)
    {
        var remote = (IPEndPoint)client.Client.RemoteEndPoint!;
        var secure = new SslStream(client.GetStream(), leaveInnerStreamOpen: false);
        try
        {
            using var deadline = new CancellationTokenSource(options.TlsHandshakeTimeout, time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
            await secure.AuthenticateAsServerAsync(settings.ServerOptions(), linked.Token);
            Track(client, secure);
        }
        catch (Exception ex) when (ex is IOException or System.Security.Authentication.AuthenticationException
            or OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // A scanner, a plain-TCP client on the TLS port or a peer that does not trust us: nothing to keep.
            SipTransportLog.HandshakeFailed(logger, remote, ex.Message);
            await secure.DisposeAsync();
            client.Dispose();
        }
        finally
        {
            Interlocked.Decrement(ref _handshaking);
        }
    }

    private async Task AcceptLoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var client = await _listener.AcceptTcpClientAsync(cancellationToken);
                if (_connections.Count + Volatile.Read(ref _handshaking) >= options.MaxTcpConnections)
                {
                    // Refusing here keeps one peer opening connections from starving every other caller.
                    SipTransportLog.ConnectionRefused(logger, Name, (IPEndPoint)client.Client.RemoteEndPoint!);
                    client.Dispose();
                    continue;
                }

                client.NoDelay = true;
                if (tls is null)
                {
                    Track(client, client.GetStream());
                }
                else
                {
                    Interlocked.Increment(ref _handshaking);
                    _readLoops.Add(HandshakeAsync(client, tls, cancellationToken));
                }
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

    private SipStreamConnection Track(TcpClient client, Stream stream)
    {
        var remote = (IPEndPoint)client.Client.RemoteEndPoint!;
        var id = Interlocked.Increment(ref _nextId);
        var connection = new SipStreamConnection(id, Name, stream, remote, time, logger);
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
