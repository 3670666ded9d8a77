using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace TelecomContactCenter.Server.Tests.Cluster;

/// <summary>Debian's redis-server on a free loopback port in a temporary folder, without persistence; stopped and deleted on dispose.</summary>
public sealed class RedisServer : IAsyncDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"tcc-redis-{Guid.NewGuid():N}");
    private Process? _process;

    public int Port { get; private set; }

    /// <summary>
    /// The server's address, with the client's timeouts raised from 5 s: on the shared 2-core test machine, with two
    /// nodes, Kamailio and PostgreSQL busy beside it, a host's stop (SignalR unsubscribing its channels) can wait longer.
    /// </summary>
    public string ConnectionString => $"127.0.0.1:{Port},syncTimeout=20000,asyncTimeout=20000";

    public static async Task<RedisServer> StartAsync()
    {
        var server = new RedisServer();
        Directory.CreateDirectory(server._directory);
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            server.Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        var start = new ProcessStartInfo("redis-server")
        {
            WorkingDirectory = server._directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])["--port", server.Port.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", server._directory])
        {
            start.ArgumentList.Add(argument);
        }

        server._process = Process.Start(start)!;
        _ = server._process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (await server._process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.Contains("Ready to accept connections", StringComparison.Ordinal))
            {
                _ = server._process.StandardOutput.ReadToEndAsync(CancellationToken.None);
                return server;
            }
        }

        throw new InvalidOperationException($"redis-server on port {server.Port} exited before it was ready.");
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
