using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace TelecomContactCenter.Server.Tests.Capacity;

/// <summary>
/// The built server run as its own process (as the README's run command does), under an open-file limit set with
/// bash's ulimit; killed on dispose. Its console log is kept for assertions and failure messages.
/// </summary>
internal sealed partial class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly DirectoryInfo _folder;
    private readonly List<string> _log = [];
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private string? _http;

    private ServerProcess(Process process, DirectoryInfo folder)
    {
        _process = process;
        _folder = folder;
    }

    public Uri? Http { get; private set; }

    public IPEndPoint? SipUdp { get; private set; }

    public bool HasExited => _process.HasExited;

    public string Log
    {
        get
        {
            lock (_log)
            {
                return string.Join('\n', _log);
            }
        }
    }

    public static async Task<ServerProcess> StartAsync(int openFileLimit, IEnumerable<(string Key, string Value)> settings)
    {
        var folder = Directory.CreateTempSubdirectory("tcc-server-");
        var start = new ProcessStartInfo("/bin/bash")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("ulimit -n \"$0\" && exec dotnet \"$@\"");
        start.ArgumentList.Add(openFileLimit.ToString(CultureInfo.InvariantCulture));
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "TelecomContactCenter.Server.dll"));
        (string, string)[] defaults =
        [
            ("urls", "http://127.0.0.1:0"),
            ("Sip:Transport:UdpPort", "0"),
            ("Sip:Transport:TcpPort", "0"),
            ("Database:SqlitePath", Path.Combine(folder.FullName, "contactcenter.db")),
            ("DemoData:CustomerCount", "100"),
            ("Ivr:FlowsPath", Path.Combine(AppContext.BaseDirectory, "ivr-flows")),
            ("Media:PromptFolder", Path.Combine(AppContext.BaseDirectory, "ivr-flows", "prompts")),
        ];
        foreach (var (key, value) in defaults.Concat(settings))
        {
            start.ArgumentList.Add($"--{key}={value}");
        }

        var server = new ServerProcess(Process.Start(start) ?? throw new InvalidOperationException("The server did not start."), folder);
        server._process.EnableRaisingEvents = true;
        server._process.Exited += (_, _) => server._listening.TrySetException(
            new InvalidOperationException($"The server exited with {server._process.ExitCode}:\n{server.Log}"));
        server._process.OutputDataReceived += (_, e) => server.Add(e.Data);
        server._process.ErrorDataReceived += (_, e) => server.Add(e.Data);
        server._process.BeginOutputReadLine();
        server._process.BeginErrorReadLine();
        try
        {
            await server._listening.Task.WaitAsync(TimeSpan.FromSeconds(90));
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    /// <summary>The first capture of <paramref name="pattern"/> in the log, or null.</summary>
    public string? Find(Regex pattern)
    {
        lock (_log)
        {
            return _log.Select(line => pattern.Match(line)).FirstOrDefault(m => m.Success)?.Groups[1].Value;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        _folder.Delete(recursive: true);
    }

    private void Add(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.Add(line);

            // Kestrel and the SIP stack each say where they bound (both on ephemeral ports here).
            if (HttpListening().Match(line) is { Success: true } http)
            {
                _http = http.Groups[1].Value;
            }
            else if (SipListening().Match(line) is { Success: true } sip)
            {
                SipUdp = IPEndPoint.Parse(sip.Groups[1].Value);
            }

            if (_http is not null && SipUdp is not null && Http is null)
            {
                Http = new Uri(_http);
                _listening.TrySetResult();
            }
        }
    }

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex HttpListening();

    [GeneratedRegex(@"SIP listening on UDP (\S+) and TCP")]
    private static partial Regex SipListening();
}
