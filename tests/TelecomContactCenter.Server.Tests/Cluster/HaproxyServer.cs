using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace TelecomContactCenter.Server.Tests.Cluster;

/// <summary>
/// Debian's HAProxy on the shipped deploy/haproxy/haproxy.cfg, in the foreground on a free loopback port in front of
/// two nodes, checking their health every half second; started by the test, killed on dispose. Ready once a
/// request to /healthz through it is answered 200.
/// </summary>
internal sealed class HaproxyServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();

    private HaproxyServer(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

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

        var start = new ProcessStartInfo("/usr/sbin/haproxy")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])["-db", "-f", Path.Combine(AppContext.BaseDirectory, "Haproxy", "haproxy.cfg")])
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["TCC_HTTP_BIND"] = $"127.0.0.1:{port}";
        start.Environment["TCC_NODE1"] = $"{node1.Host}:{node1.Port}";
        start.Environment["TCC_NODE2"] = $"{node2.Host}:{node2.Port}";
        start.Environment["TCC_HEALTH_INTERVAL"] = "500ms";
        var process = Process.Start(start) ?? throw new InvalidOperationException("haproxy did not start.");
        var haproxy = new HaproxyServer(process, new Uri($"http://127.0.0.1:{port}"));
        process.OutputDataReceived += (_, e) => haproxy.Append(e.Data);
        process.ErrorDataReceived += (_, e) => haproxy.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await haproxy.WaitUntilForwardingAsync();
        return haproxy;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_log)
            {
                _log.AppendLine(line);
            }
        }
    }

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
