using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Reflection;

namespace TelecomContactCenter.MediaBench;

/// <summary>
/// The callers' phones, in a child process so their receive work does not count as the server's CPU. The
/// parent talks to it over stdin/stdout: "reset" starts a measurement window, "report" returns its figures.
/// </summary>
internal sealed class Phones : IDisposable
{
    private readonly Process _process;

    private Phones(Process process, IReadOnlyList<IPEndPoint> endPoints)
    {
        _process = process;
        EndPoints = endPoints;
    }

    public IReadOnlyList<IPEndPoint> EndPoints { get; }

    public static async Task<Phones> StartAsync(int sockets)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
        {
            start.ArgumentList.Add(Assembly.GetEntryAssembly()!.Location);
        }

        start.ArgumentList.Add("phones");
        start.ArgumentList.Add(sockets.ToString(CultureInfo.InvariantCulture));
        var process = Process.Start(start) ?? throw new InvalidOperationException("The phone process did not start.");
        var ports = await process.StandardOutput.ReadLineAsync() ?? throw new InvalidOperationException("The phone process ended.");
        return new Phones(process, ports.Split(',').Select(p => new IPEndPoint(IPAddress.Loopback, int.Parse(p, CultureInfo.InvariantCulture))).ToList());
    }

    public async Task ResetAsync()
    {
        await _process.StandardInput.WriteLineAsync("reset");
        await _process.StandardOutput.ReadLineAsync();
    }

    /// <summary>Frames received and lost, and PDV p50/p99/max in ms, since the last reset.</summary>
    public async Task<(long Received, long Lost, double P50, double P99, double Max)> ReportAsync()
    {
        await _process.StandardInput.WriteLineAsync("report");
        var parts = (await _process.StandardOutput.ReadLineAsync())!.Split(' ');
        return (long.Parse(parts[0], CultureInfo.InvariantCulture), long.Parse(parts[1], CultureInfo.InvariantCulture),
            double.Parse(parts[2], CultureInfo.InvariantCulture), double.Parse(parts[3], CultureInfo.InvariantCulture),
            double.Parse(parts[4], CultureInfo.InvariantCulture));
    }

    public void Dispose()
    {
        _process.StandardInput.WriteLine("exit");
        _process.WaitForExit();
        _process.Dispose();
    }

    /// <summary>The child's side: run the sinks until told to exit.</summary>
    public static void Run(int sockets)
    {
        var sinks = Enumerable.Range(0, sockets).Select(_ => new RtpSink()).ToArray();
        Console.WriteLine(string.Join(',', sinks.Select(s => s.EndPoint.Port)));
        while (Console.ReadLine() is { } command && command != "exit")
        {
            if (command == "reset")
            {
                foreach (var sink in sinks)
                {
                    sink.Reset();
                }

                Console.WriteLine("ok");
            }
            else if (command == "report")
            {
                var variations = sinks.SelectMany(s => s.DelayVariations()).Order().ToList();
                var received = sinks.Sum(s => s.Totals().Received);
                var lost = sinks.Sum(s => s.Totals().Lost);
                Console.WriteLine(FormattableString.Invariant(
                    $"{received} {lost} {Percentile(variations, 0.50)} {Percentile(variations, 0.99)} {(variations.Count == 0 ? double.NaN : variations[^1])}"));
            }
        }

        foreach (var sink in sinks)
        {
            sink.Dispose();
        }
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[(int)Math.Min(sorted.Count - 1, Math.Ceiling(p * sorted.Count) - 1)];
}
