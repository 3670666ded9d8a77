using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using TelecomContactCenter.Testing;

namespace TelecomContactCenter.Server.Tests.Cluster;

/// <summary>
/// Debian's HAProxy on the shipped deploy/haproxy/haproxy.cfg, in the foreground on a free loopback port in front of
/// two nodes, checking their health every half second; started by the test, killed on dispose. Ready once a
/// request to /healthz through it is answered 200.
/// </summary>
internal sealed class HaproxyServer : IAsyncDisposable
{
    private readonly PeerProcess _process;

    private HaproxyServer(PeerProcess process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public string Log => _process.Log;

    public static async Task<HaproxyServer> StartAsync(Uri node1, Uri node2)
    {
        ArgumentNullException.ThrowIfNull(node1);
        ArgumentNullException.ThrowIfNull(node2);
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        var start = new ProcessStartInfo("/usr/sbin/haproxy");
        foreach (var argument in (string[])["-db", "-f", Path.Combine(AppContext.BaseDirectory, "Haproxy", "haproxy.cfg")])
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["TCC_HTTP_BIND"] = $"127.0.0.1:{port}";
        start.Environment["TCC_NODE1"] = $"{node1.Host}:{node1.Port}";
        start.Environment["TCC_NODE2"] = $"{node2.Host}:{node2.Port}";
        start.Environment["TCC_HEALTH_INTERVAL"] = "500ms";
        var haproxy = new HaproxyServer(PeerProcess.Start(start), new Uri($"http://127.0.0.1:{port}"));
        await haproxy.WaitUntilForwardingAsync();
        return haproxy;
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();

    private async Task WaitUntilForwardingAsync()
    {
        using var giveUp = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        while (true)
        {
            if (_process.HasExited)
            {
                Assert.Fail($"haproxy exited ({_process.ExitCode}):\n{Log}");
            }

            try
            {
                using var answer = await http.GetAsync("/healthz", giveUp.Token);
                if (answer.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet: ask again.
            }

            await Task.Delay(100, giveUp.Token);
        }
    }
}
