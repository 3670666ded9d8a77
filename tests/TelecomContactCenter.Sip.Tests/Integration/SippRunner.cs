using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace TelecomContactCenter.Sip.Tests.Integration;

/// <summary>What one sipp run reported.</summary>
internal sealed record SippOutcome(int ExitCode, long SuccessfulCalls, long FailedCalls, long Retransmissions, string Output);

/// <summary>Runs /usr/bin/sipp as a child process with a hard timeout; the process is always killed on the way out.</summary>
internal static class SippRunner
{
    public const string Path = "/usr/bin/sipp";

    public static async Task<SippOutcome> RunAsync(IEnumerable<string> arguments, TimeSpan timeout)
    {
        var workDirectory = Directory.CreateTempSubdirectory("sipp-");
        var statsFile = System.IO.Path.Combine(workDirectory.FullName, "stats.csv");
        var info = new ProcessStartInfo(Path)
        {
            WorkingDirectory = workDirectory.FullName,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments.Concat(["-nostdin", "-trace_stat", "-stf", statsFile, "-fd", "1", "-trace_err"]))
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("sipp did not start.");
        try
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var deadline = new CancellationTokenSource(timeout);
            await process.WaitForExitAsync(deadline.Token);
            var (successful, failed, retransmissions) = ReadStats(statsFile);
            var errors = string.Join(Environment.NewLine, Directory.GetFiles(workDirectory.FullName, "*_errors.log").Select(File.ReadAllText));
            return new SippOutcome(process.ExitCode, successful, failed, retransmissions, await stderr + errors);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            workDirectory.Delete(recursive: true);
        }
    }

    /// <summary>A port free for both UDP and TCP on loopback, for sipp's -p.</summary>
    public static int FreePort()
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
