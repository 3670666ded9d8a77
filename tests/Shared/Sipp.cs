using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace TelecomContactCenter.Testing;

/// <summary>What one sipp run reported: exit code, call counters from -trace_stat, and what it logged.</summary>
/// <param name="Messages">Every message sipp sent and received (only when traced, as scenario runs are).</param>
/// <param name="Errors">sipp's standard error and its error log.</param>
internal sealed record SippRun(int ExitCode, long Successful, long Failed, long Retransmissions, string Messages, string Errors)
{
    public string Describe() => $"sipp exit {ExitCode}, {Successful} ok, {Failed} failed\n{Errors}\n{Messages[^Math.Min(Messages.Length, 3000)..]}";
}

/// <summary>
/// The one way the test suites run /usr/bin/sipp: as a child process in its own temporary folder, with statistics
/// and errors traced and read back, killed if it outlives the deadline and always on the way out.
/// </summary>
internal static class Sipp
{
    public const string Executable = "/usr/bin/sipp";

    /// <summary>
    /// Runs sipp with <paramref name="arguments"/> (target, scenario, ports: everything but the traces this runner
    /// reads); <paramref name="deadline"/> (default 30 s) is when the test gives up and kills it. No run names a
    /// control port (-cp): sipp then takes the first free one of 8888-8947, below the ephemeral range, where a port
    /// picked free beforehand could be taken by another socket before sipp binds it.
    /// </summary>
    public static async Task<SippRun> RunAsync(IEnumerable<string> arguments, TimeSpan? deadline = null, bool traceMessages = false)
    {
        var work = Directory.CreateTempSubdirectory("tcc-sipp-");
        var stats = Path.Combine(work.FullName, "stats.csv");
        var messages = Path.Combine(work.FullName, "messages.log");
        var start = new ProcessStartInfo(Executable)
        {
            WorkingDirectory = work.FullName,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        IEnumerable<string> traces = ["-nostdin", "-trace_err", "-trace_stat", "-stf", stats, "-fd", "1"];
        foreach (var argument in arguments.Concat(traces).Concat(traceMessages ? ["-trace_msg", "-message_file", messages] : []))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("sipp did not start.");
        try
        {
            using var giveUp = new CancellationTokenSource(deadline ?? TimeSpan.FromSeconds(30));
            var stdout = process.StandardOutput.ReadToEndAsync(giveUp.Token);
            var stderr = process.StandardError.ReadToEndAsync(giveUp.Token);
            await process.WaitForExitAsync(giveUp.Token);
            await stdout;
            var (successful, failed, retransmissions) = ReadStats(stats);
            var errors = string.Join('\n', work.EnumerateFiles("*errors.log").Select(f => File.ReadAllText(f.FullName)));
            return new SippRun(process.ExitCode, successful, failed, retransmissions,
                File.Exists(messages) ? await File.ReadAllTextAsync(messages) : "", await stderr + errors);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            work.Delete(recursive: true);
        }
    }

    /// <summary>
    /// Runs one scenario (a file name under Telephony/Scenarios of the test output, or a full path) against
    /// <paramref name="target"/> from free local ports, with every message traced for the assertions.
    /// </summary>
    public static Task<SippRun> RunAsync(
        string scenario, IPEndPoint target, IEnumerable<string> extra, string localIp = "127.0.0.1", string transport = "u1",
        TimeSpan? deadline = null)
    {
        ArgumentNullException.ThrowIfNull(target);
        string[] arguments =
        [
            $"{target.Address}:{target.Port}", "-sf", Path.Combine(AppContext.BaseDirectory, "Telephony", "Scenarios", scenario),
            "-t", transport, "-i", localIp, "-p", FreePort(localIp), "-mp", FreeMediaPort(localIp),
            "-timeout", "20s", "-timeout_error", .. extra,
        ];
        return RunAsync(arguments, deadline, traceMessages: true);
    }

    /// <summary>A UDP port free on <paramref name="address"/> now, as text for sipp's arguments.</summary>
    public static string FreePort(string address = "127.0.0.1")
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Parse(address), 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>A UDP port free together with the one two above it: sipp's -mp binds both (audio and video).</summary>
    public static string FreeMediaPort(string address = "127.0.0.1")
    {
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var port = int.Parse(FreePort(address), CultureInfo.InvariantCulture);
            try
            {
                using var plusTwo = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                plusTwo.Bind(new IPEndPoint(IPAddress.Parse(address), port + 2));
                return port.ToString(CultureInfo.InvariantCulture);
            }
            catch (SocketException)
            {
                // Taken; try another.
            }
        }

        throw new InvalidOperationException("No free media port pair found.");
    }

    /// <summary>A loopback port free for both UDP and TCP, for a sipp that listens on both.</summary>
    public static int FreeUdpAndTcpPort()
    {
        for (var attempt = 0; attempt < 20; attempt++)
        {
            using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            udp.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            var port = ((IPEndPoint)udp.LocalEndPoint!).Port;
            using var tcp = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                tcp.Bind(new IPEndPoint(IPAddress.Loopback, port));
                return port;
            }
            catch (SocketException)
            {
                // Taken for TCP; try another.
            }
        }

        throw new InvalidOperationException("No free port found.");
    }

    private static (long Successful, long Failed, long Retransmissions) ReadStats(string statsFile)
    {
        if (!File.Exists(statsFile))
        {
            return (0, 0, 0);
        }

        var lines = File.ReadAllLines(statsFile).Where(l => l.Length > 0).ToArray();
        var header = lines[0].Split(';');
        var last = lines[^1].Split(';');
        long Column(string name) => long.Parse(last[Array.IndexOf(header, name)], CultureInfo.InvariantCulture);
        return (Column("SuccessfulCall(C)"), Column("FailedCall(C)"), Column("Retransmissions(C)"));
    }
}
