using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace TelecomContactCenter.PopBench;

/// <summary>
/// Kamailio on the shipped dispatcher configuration (deploy/kamailio/dispatcher.cfg, unchanged) in front of the
/// nodes, in the foreground on a free loopback UDP port, with its node list, runtime folder and log in a temporary
/// folder. The nodes are up before it starts, so the dispatcher counts every node as up from its first probe; it is
/// ready once an OPTIONS sent to it comes back answered by a node. Killed, with its workers, on dispose.
/// </summary>
internal sealed class EdgeProcess : IAsyncDisposable
{
    private const string Executable = "kamailio";
    private readonly ChildProcess _process;

    private EdgeProcess(ChildProcess process, IPEndPoint endPoint)
    {
        _process = process;
        EndPoint = endPoint;
    }

    public IPEndPoint EndPoint { get; }

    /// <summary>CPU time of Kamailio's main process and its workers so far.</summary>
    public TimeSpan ProcessorTime() => ProcessTreeCpu.Of(_process.Id);

    public static async Task<EdgeProcess> StartAsync(string repository, IReadOnlyList<IPEndPoint> nodes, TimeSpan readyTimeout)
    {
        var folder = Path.Combine(Path.GetTempPath(), $"tcc-popbench-edge-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        var list = Path.Combine(folder, "dispatcher.list");
        await File.WriteAllLinesAsync(list, nodes.Select(n => $"1 sip:{n}"));
        var port = ServerProcess.FreePort(SocketType.Dgram, ProtocolType.Udp);
        var start = new ProcessStartInfo(Executable) { WorkingDirectory = folder };
        foreach (var argument in new[]
        {
            "-DD", "-E", "-f", Path.Combine(repository, "deploy", "kamailio", "dispatcher.cfg"),
            "-Y", folder, "-P", Path.Combine(folder, "kamailio.pid"),
            "-A", $"EDGE_LISTEN=udp:127.0.0.1:{port}", "-A", $"DISPATCHER_LIST=\"{list}\"",
        })
        {
            start.ArgumentList.Add(argument);
        }

        var edge = new EdgeProcess(ChildProcess.Start(start, folder, "kamailio.log"), new IPEndPoint(IPAddress.Loopback, port));
        try
        {
            await edge.WaitUntilRelayingAsync(readyTimeout);
        }
        catch
        {
            await edge.DisposeAsync();
            throw;
        }

        return edge;
    }

    /// <summary>Sends OPTIONS to the edge until one comes back 200: Kamailio listens and relays to a node.</summary>
    private async Task WaitUntilRelayingAsync(TimeSpan timeout)
    {
        using var giveUp = new CancellationTokenSource(timeout);
        using var udp = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var local = ((IPEndPoint)udp.Client.LocalEndPoint!).Port;
        for (var attempt = 1; ; attempt++)
        {
            _process.ThrowIfExited("kamailio");

            var options = Encoding.ASCII.GetBytes(
                $"OPTIONS sip:{EndPoint} SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:{local};branch=z9hG4bKedge{attempt};rport\r\n" +
                $"Max-Forwards: 70\r\nFrom: <sip:bench@127.0.0.1>;tag=e{attempt}\r\nTo: <sip:bench@127.0.0.1>\r\nCall-ID: edge-ready-{attempt}\r\n" +
                $"CSeq: {attempt} OPTIONS\r\nContent-Length: 0\r\n\r\n");
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(giveUp.Token);
            wait.CancelAfter(TimeSpan.FromMilliseconds(500));
            try
            {
                await udp.SendAsync(options, EndPoint, giveUp.Token);
                if (SipText.Parse((await udp.ReceiveAsync(wait.Token)).Buffer) is { Status: 200 })
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException && !giveUp.IsCancellationRequested)
            {
                // Not listening yet (no answer, or the port refused): ask again.
                await Task.Delay(100, CancellationToken.None);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"kamailio did not relay an OPTIONS within {timeout}; see {_process.LogPath}");
            }
        }
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
