using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace TelecomContactCenter.Server.Tests.Telephony;

/// <summary>What one sipp run reported: exit code, call counters from -trace_stat and every message it exchanged.</summary>
internal sealed record SippRun(int ExitCode, long Successful, long Failed, string Messages, string Errors)
{
    public string Describe() => $"sipp exit {ExitCode}, {Successful} ok, {Failed} failed\n{Errors}\n{Messages[^Math.Min(Messages.Length, 3000)..]}";
}

/// <summary>Runs /usr/bin/sipp with a scenario from Telephony/Scenarios on free local ports; always killed on the way out.</summary>
internal static class Sipp
{
    private const string Executable = "/usr/bin/sipp";

    /// <summary>Runs one scenario; <paramref name="deadline"/> (default 30 s) is when the test gives up and kills sipp.</summary>
    public static async Task<SippRun> RunAsync(
        string scenario, IPEndPoint target, IEnumerable<string> extra, string localIp = "127.0.0.1", string transport = "u1",
        TimeSpan? deadline = null)
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
        string[] arguments =
        [
            $"{target.Address}:{target.Port}", "-sf", Path.Combine(AppContext.BaseDirectory, "Telephony", "Scenarios", scenario),
            "-t", transport, "-i", localIp, "-p", FreePort(localIp), "-mp", FreePort(localIp), "-cp", FreePort("127.0.0.1"),
            "-timeout", "20s", "-timeout_error", "-nostdin", "-trace_err", "-trace_stat", "-stf", stats,
            "-trace_msg", "-message_file", messages, .. extra,
        ];
        foreach (var argument in arguments)
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
            var (successful, failed) = ReadStats(stats);
            var errors = string.Join('\n', work.EnumerateFiles("*errors.log").Select(f => File.ReadAllText(f.FullName)));
            return new SippRun(process.ExitCode, successful, failed,
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

    private static string FreePort(string address)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Parse(address), 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port.ToString(CultureInfo.InvariantCulture);
    }

    private static (long Successful, long Failed) ReadStats(string statsFile)
    {
        if (!File.Exists(statsFile))
        {
            return (0, 0);
        }

        var lines = File.ReadAllLines(statsFile).Where(l => l.Length > 0).ToArray();
        var header = lines[0].Split(';');
        var last = lines[^1].Split(';');
        long Column(string name) => long.Parse(last[Array.IndexOf(header, name)], CultureInfo.InvariantCulture);
        return (Column("SuccessfulCall(C)"), Column("FailedCall(C)"));
    }
}
