using System.Diagnostics;

namespace TelecomContactCenter.PopBench;

/// <summary>
/// A process the bench starts (a server node, Kamailio) with a temporary folder of its own, where everything it
/// prints goes to one log file. On dispose it is killed with every process it started, and the folder is deleted (kept,
/// and named, when POPBENCH_KEEP is set).
/// </summary>
internal sealed class ChildProcess(Process process, StreamWriter log, string folder, string logPath) : IAsyncDisposable
{
    public string Folder => folder;

    public string LogPath => logPath;

    public int Id => process.Id;

    /// <summary>Starts <paramref name="start"/> with both output streams written to <paramref name="logName"/> in <paramref name="folder"/>.</summary>
    public static ChildProcess Start(ProcessStartInfo start, string folder, string logName)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        var started = Process.Start(start) ?? throw new InvalidOperationException($"{start.FileName} did not start.");
        var path = Path.Combine(folder, logName);
        var writer = new StreamWriter(path) { AutoFlush = true };
        started.OutputDataReceived += (_, e) => Write(writer, e.Data);
        started.ErrorDataReceived += (_, e) => Write(writer, e.Data);
        started.BeginOutputReadLine();
        started.BeginErrorReadLine();
        return new ChildProcess(started, writer, folder, path);
    }

    /// <summary>Throws, naming the log, when the process has already ended.</summary>
    public void ThrowIfExited(string what)
    {
        if (process.HasExited)
        {
            throw new InvalidOperationException($"{what} exited with {process.ExitCode}; see {LogPath}");
        }
    }

    /// <summary>The process's own CPU time so far (not its children's).</summary>
    public TimeSpan ProcessorTime()
    {
        process.Refresh();
        return process.TotalProcessorTime;
    }

    private static void Write(StreamWriter log, string? line)
    {
        if (line is not null)
        {
            lock (log)
            {
                log.WriteLine(line);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
        await log.DisposeAsync();
        RemoveFolder(Folder);
    }

    /// <summary>Deletes a temporary folder of the run, or keeps it (and says where) when POPBENCH_KEEP is set.</summary>
    public static void RemoveFolder(string folder)
    {
        if (Environment.GetEnvironmentVariable("POPBENCH_KEEP") is null)
        {
            Directory.Delete(folder, recursive: true);
        }
        else
        {
            Console.Error.WriteLine($"bench: kept {folder}");
        }
    }
}
