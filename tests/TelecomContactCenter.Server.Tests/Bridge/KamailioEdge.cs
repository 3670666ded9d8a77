using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using TelecomContactCenter.Testing;

namespace TelecomContactCenter.Server.Tests.Bridge;

/// <summary>
/// Kamailio running a shipped configuration (deploy/kamailio/edge.cfg in front of one service, or dispatcher.cfg in
/// front of several nodes) in the foreground on a free loopback UDP port; started by the test, killed on dispose.
/// Ready once an OPTIONS sent to it comes back answered by a service node.
/// </summary>
internal sealed class KamailioEdge : IAsyncDisposable
{
    private const string Executable = "/usr/sbin/kamailio";
    private readonly PeerProcess _process;
    private readonly DirectoryInfo _folder;

    private KamailioEdge(PeerProcess process, DirectoryInfo folder, IPEndPoint endPoint)
    {
        _process = process;
        _folder = folder;
        EndPoint = endPoint;
    }

    public IPEndPoint EndPoint { get; }

    public string Log => _process.Log;

    public static Task<KamailioEdge> StartAsync(IPEndPoint service)
    {
        ArgumentNullException.ThrowIfNull(service);
        return StartAsync("edge.cfg", (_, port) => [$"EDGE_LISTEN=udp:127.0.0.1:{port}", $"SERVICE_URI=\"sip:{service.Address}:{service.Port}\""]);
    }

    /// <summary>
    /// Kamailio on <paramref name="config"/> (a file the test project copies to Kamailio/), with the pre-definitions
    /// <paramref name="defines"/> returns for its temporary folder and its free port.
    /// </summary>
    public static async Task<KamailioEdge> StartAsync(string config, Func<string, int, IEnumerable<string>> defines)
    {
        ArgumentNullException.ThrowIfNull(defines);
        var folder = Directory.CreateTempSubdirectory("tcc-kamailio-");
        var port = int.Parse(ScenarioFolder.FreePort(), CultureInfo.InvariantCulture);
        var start = new ProcessStartInfo(Executable) { WorkingDirectory = folder.FullName };
        foreach (var argument in new[]
        {
            "-DD", "-E", "-f", Path.Combine(AppContext.BaseDirectory, "Kamailio", config),
            "-Y", folder.FullName, "-P", Path.Combine(folder.FullName, "kamailio.pid"),
        }.Concat(defines(folder.FullName, port).SelectMany(d => new[] { "-A", d })))
        {
            start.ArgumentList.Add(argument);
        }

        var edge = new KamailioEdge(PeerProcess.Start(start), folder, new IPEndPoint(IPAddress.Loopback, port));
        await edge.WaitUntilRelayingAsync();
        return edge;
    }

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        _folder.Delete(recursive: true);
    }

    /// <summary>
    /// Waits (at most <paramref name="wait"/>) until Kamailio has logged a line containing <paramref name="text"/>, at
    /// or after character <paramref name="since"/> of its log (a <see cref="Log"/> length taken earlier).
    /// </summary>
    public async Task WaitForLogAsync(string text, TimeSpan wait, int since = 0)
    {
        using var giveUp = new CancellationTokenSource(wait);
        while (Log.IndexOf(text, since, StringComparison.Ordinal) < 0)
        {
            try
            {
                await Task.Delay(100, giveUp.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"kamailio did not log '{text}' within {wait.TotalSeconds} s:\n{Log}");
            }
        }
    }

    private async Task WaitUntilRelayingAsync()
    {
        using var giveUp = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var udp = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var local = ((IPEndPoint)udp.Client.LocalEndPoint!).Port;
        for (var attempt = 1; ; attempt++)
        {
            if (_process.HasExited)
            {
                Assert.Fail($"kamailio exited ({_process.ExitCode}):\n{Log}");
            }

            var options = Encoding.ASCII.GetBytes(
                $"OPTIONS sip:{EndPoint.Address}:{EndPoint.Port} SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:{local};branch=z9hG4bKedge{attempt};rport\r\n" +
                $"Max-Forwards: 70\r\nFrom: <sip:probe@127.0.0.1>;tag=e{attempt}\r\nTo: <sip:probe@127.0.0.1>\r\nCall-ID: edge-ready-{attempt}\r\n" +
                $"CSeq: {attempt} OPTIONS\r\nContent-Length: 0\r\n\r\n");
            await udp.SendAsync(options, EndPoint, giveUp.Token);
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(giveUp.Token);
            wait.CancelAfter(TimeSpan.FromMilliseconds(500));
            try
            {
                var answer = await udp.ReceiveAsync(wait.Token);
                if (Encoding.ASCII.GetString(answer.Buffer).StartsWith("SIP/2.0 200", StringComparison.Ordinal))
                {
                    return;
                }
            }
            catch (OperationCanceledException) when (!giveUp.IsCancellationRequested)
            {
                // Not listening yet: ask again.
            }
        }
    }
}
