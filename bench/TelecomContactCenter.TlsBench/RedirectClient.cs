using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace TelecomContactCenter.TlsBench;

/// <summary>
/// A caller that sends INVITE, waits for the final response, and acknowledges a 302, over UDP (one socket,
/// retransmitting at 500 ms, 1 s, 2 s as Timer A does) or over TLS (a few long-lived connections, as a trunk or an
/// edge proxy keeps them, calls spread over them). Responses are matched to calls by Call-ID. Thread-safe.
/// </summary>
internal sealed class RedirectClient : IAsyncDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(8);

    private readonly ConcurrentDictionary<string, Pending> _pending = new();
    private readonly IPEndPoint _server;
    private readonly Socket? _udp;
    private readonly Connection[] _connections;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _readers = [];
    // Shared by every client of the run: a Call-ID or branch reused by a later client would match a server
    // transaction still absorbing retransmissions of an earlier call (Timer I over UDP) and never get its 302.
    private static long _nextCall;
    private long _retransmissions;

    private RedirectClient(IPEndPoint server, Socket? udp, Connection[] connections)
    {
        _server = server;
        _udp = udp;
        _connections = connections;
    }

    public long Retransmissions => Interlocked.Read(ref _retransmissions);

    private string Transport => _udp is null ? "TLS" : "UDP";

    public static Task<RedirectClient> OpenUdpAsync(IPEndPoint server)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var client = new RedirectClient(server, socket, []);
        client._readers.Add(client.ReadUdpAsync());
        return Task.FromResult(client);
    }

    public static async Task<RedirectClient> OpenTlsAsync(IPEndPoint server, string caPath, int count)
    {
        var ca = X509CertificateLoader.LoadCertificateFromFile(caPath);
        var connections = new Connection[count];
        for (var i = 0; i < count; i++)
        {
            var tcp = new TcpClient { NoDelay = true };
            await tcp.ConnectAsync(server);
            var stream = new SslStream(tcp.GetStream(), false, (_, certificate, _, errors) =>
            {
                if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != 0)
                {
                    return false;
                }

                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.Add(ca);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return chain.Build((X509Certificate2)certificate);
            });
            await stream.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = server.Address.ToString() });
            connections[i] = new Connection(tcp, stream);
        }

        var client = new RedirectClient(server, null, connections);
        foreach (var connection in connections)
        {
            client._readers.Add(client.ReadStreamAsync(connection));
        }

        return client;
    }

    /// <summary>Milliseconds from INVITE to the 302, or null when no 302 came within the timeout.</summary>
    public async Task<double?> RedirectAsync(string accessNumber, string caller)
    {
        var number = Interlocked.Increment(ref _nextCall);
        var connection = _connections.Length > 0 ? _connections[number % _connections.Length] : null;
        var local = connection is null ? (IPEndPoint)_udp!.LocalEndPoint! : connection.Local;
        var callId = $"bench-{number}-{Environment.ProcessId}@127.0.0.1";
        var branch = $"z9hG4bK-bench-{number}";
        var target = $"sip:{accessNumber}@{_server}";
        var from = $"<sip:{caller}@127.0.0.1>;tag=b{number}";
        var via = $"SIP/2.0/{Transport} {local};branch={branch};rport";
        var invite = Encoding.ASCII.GetBytes(
            $"INVITE {target} SIP/2.0\r\nVia: {via}\r\nMax-Forwards: 70\r\nFrom: {from}\r\nTo: <{target}>\r\n" +
            $"Call-ID: {callId}\r\nCSeq: 1 INVITE\r\nContact: <sip:{caller}@{local}>\r\nContent-Length: 0\r\n\r\n");
        var pending = new Pending();
        _pending[callId] = pending;
        var clock = Stopwatch.StartNew();
        try
        {
            await SendAsync(connection, invite);
            var interval = TimeSpan.FromMilliseconds(500);
            string response;
            while (true)
            {
                var wait = connection is null ? interval : Timeout;
                var finished = await Task.WhenAny(pending.Final.Task, Task.Delay(wait));
                if (finished == pending.Final.Task)
                {
                    response = await pending.Final.Task;
                    break;
                }

                if (connection is not null || clock.Elapsed >= Timeout)
                {
                    // A reliable transport is not retransmitted (RFC 3261 §17.1.1.2): its wait was the whole timeout.
                    return null;
                }

                Interlocked.Increment(ref _retransmissions);
                await SendAsync(connection, invite);
                interval = TimeSpan.FromTicks(Math.Min(interval.Ticks * 2, TimeSpan.FromSeconds(4).Ticks));
            }

            var elapsed = clock.Elapsed.TotalMilliseconds;
            if (!response.StartsWith("SIP/2.0 302", StringComparison.Ordinal))
            {
                return null;
            }

            var to = Header(response, "To") ?? $"<{target}>";
            await SendAsync(connection, Encoding.ASCII.GetBytes(
                $"ACK {target} SIP/2.0\r\nVia: {via}\r\nMax-Forwards: 70\r\nFrom: {from}\r\nTo: {to}\r\n" +
                $"Call-ID: {callId}\r\nCSeq: 1 ACK\r\nContent-Length: 0\r\n\r\n"));
            return elapsed;
        }
        finally
        {
            _pending.TryRemove(callId, out _);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _udp?.Dispose();
        foreach (var connection in _connections)
        {
            await connection.Stream.DisposeAsync();
            connection.Tcp.Dispose();
        }

        await Task.WhenAll(_readers).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stopping.Dispose();
    }

    private static string? Header(string message, string name)
    {
        foreach (var line in message.Split("\r\n"))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && line.AsSpan(0, colon).Trim().Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return line[(colon + 1)..].Trim();
            }
        }

        return null;
    }

    private async Task SendAsync(Connection? connection, byte[] message)
    {
        if (connection is null)
        {
            await _udp!.SendToAsync(message, SocketFlags.None, _server);
            return;
        }

        await connection.Lock.WaitAsync();
        try
        {
            await connection.Stream.WriteAsync(message);
        }
        finally
        {
            connection.Lock.Release();
        }
    }

    private void Deliver(string message)
    {
        if (message.StartsWith("SIP/2.0 1", StringComparison.Ordinal) || Header(message, "Call-ID") is not { } callId)
        {
            return;
        }

        if (_pending.TryGetValue(callId, out var pending))
        {
            pending.Final.TrySetResult(message);
        }
    }

    private async Task ReadUdpAsync()
    {
        var buffer = new byte[65_536];
        try
        {
            while (!_stopping.IsCancellationRequested)
            {
                var received = await _udp!.ReceiveAsync(buffer, SocketFlags.None, _stopping.Token);
                Deliver(Encoding.ASCII.GetString(buffer, 0, received));
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // Closed.
        }
    }

    private async Task ReadStreamAsync(Connection connection)
    {
        var buffer = new byte[1 << 20];
        var filled = 0;
        try
        {
            while (!_stopping.IsCancellationRequested)
            {
                var read = await connection.Stream.ReadAsync(buffer.AsMemory(filled), _stopping.Token);
                if (read == 0)
                {
                    return;
                }

                filled += read;
                while (TryFrame(buffer.AsSpan(0, filled), out var length))
                {
                    Deliver(Encoding.ASCII.GetString(buffer, 0, length));
                    buffer.AsSpan(length, filled - length).CopyTo(buffer);
                    filled -= length;
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or IOException)
        {
            // Closed.
        }
    }

    /// <summary>One message at the start of the buffer, framed by Content-Length (RFC 3261 §18.3).</summary>
    private static bool TryFrame(ReadOnlySpan<byte> data, out int length)
    {
        length = 0;
        var end = data.IndexOf("\r\n\r\n"u8);
        if (end < 0)
        {
            return false;
        }

        var head = Encoding.ASCII.GetString(data[..end]);
        var body = int.TryParse(Header(head, "Content-Length") ?? Header(head, "l"), out var value) ? value : 0;
        if (data.Length < end + 4 + body)
        {
            return false;
        }

        length = end + 4 + body;
        return true;
    }

    private sealed class Pending
    {
        public TaskCompletionSource<string> Final { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed class Connection(TcpClient tcp, SslStream stream)
    {
        public TcpClient Tcp { get; } = tcp;

        public SslStream Stream { get; } = stream;

        public SemaphoreSlim Lock { get; } = new(1, 1);

        public IPEndPoint Local { get; } = (IPEndPoint)tcp.Client.LocalEndPoint!;
    }
}
