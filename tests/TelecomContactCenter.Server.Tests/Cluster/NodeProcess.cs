using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace TelecomContactCenter.Server.Tests.Cluster;

/// <summary>
/// One node as an operator runs it: the built server (<c>dotnet TelecomContactCenter.Server.dll</c> from the server
/// project's own output folder, its content root) in a child process, configured by environment variables, with its
/// data-protection keys and IVR flows in temporary folders. It binds HTTP and SIP to port 0 on loopback and the
/// test learns the ports the kernel gave it from the server's own start-up log lines (Kestrel's "Now listening on"
/// and telephony's "SIP listening on"), so no port is picked before it is bound. <see cref="Kill"/> sends SIGKILL to
/// the process (as <c>kill -9</c>); <see cref="RestartAsync"/> starts it again on the same HTTP and SIP UDP ports, so the edges in
/// front of it (Kamailio's node list, HAProxy's servers) find it where it was. Dispose kills it and deletes its folder.
/// </summary>
internal sealed partial class NodeProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);
    private readonly Dictionary<string, string> _settings;
    private readonly StringBuilder _log = new();
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Process? _process;
    private TaskCompletionSource<Uri> _http = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource<IPEndPoint> _sip = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private NodeProcess(string name, IReadOnlyDictionary<string, string> settings)
    {
        Name = name;
        _settings = new Dictionary<string, string>(settings, StringComparer.Ordinal);
    }

    public string Name { get; }

    public Uri BaseAddress { get; private set; } = null!;

    public IPEndPoint Sip { get; private set; } = null!;

    public int ProcessId => _process?.Id ?? 0;

    public bool Running => _process is { HasExited: false };

    /// <summary>Everything the node wrote to stdout and stderr, over all its runs.</summary>
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

    /// <summary>The server's own output folder (its content root: appsettings.json, ivr-flows) built with this test project.</summary>
    public static string ServerFolder()
    {
        // The test runs from tests/<project>/bin/<Configuration>/<framework>/; the server builds to the same pair.
        var testFolder = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = testFolder.Name;
        var configuration = testFolder.Parent!.Name;
        var folder = Path.Combine(Testing.RepositoryFiles.Root(), "src", "TelecomContactCenter.Server", "bin", configuration, framework);
        return File.Exists(Path.Combine(folder, "TelecomContactCenter.Server.dll"))
            ? folder
            : throw new InvalidOperationException($"The server is not built at {folder}.");
    }

    /// <summary>
    /// Starts node <paramref name="name"/> with <paramref name="settings"/> (configuration keys as in appsettings,
    /// "Section:Key"); completes once it serves HTTP and SIP.
    /// </summary>
    public static async Task<NodeProcess> StartAsync(string name, IReadOnlyDictionary<string, string> settings)
    {
        var node = new NodeProcess(name, settings);
        node._settings.TryAdd("Urls", "http://127.0.0.1:0");
        node._settings.TryAdd("Sip:Transport:UdpPort", "0");
        node._settings.TryAdd("Sip:Transport:TcpPort", "0");
        node._settings["Cluster:NodeName"] = name;
        await node.RunAsync();
        return node;
    }

    /// <summary>SIGKILL, as <c>kill -9</c>: no shutdown code runs; the kernel closes its sockets.</summary>
    public void Kill()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
        }
    }

    /// <summary>Starts the node again, on the HTTP and SIP UDP ports it had (Kamailio and HAProxy know it by them).</summary>
    public async Task RestartAsync()
    {
        if (Running)
        {
            throw new InvalidOperationException($"Node {Name} is still running.");
        }

        await _process!.WaitForExitAsync();
        _process.Dispose();
        _settings["Urls"] = $"http://127.0.0.1:{BaseAddress.Port}";
        _settings["Sip:Transport:UdpPort"] = Sip.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        _http = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        _sip = new TaskCompletionSource<IPEndPoint>(TaskCreationOptions.RunContinuationsAsynchronously);
        await RunAsync();
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        if (_process is not null)
        {
            await _process.WaitForExitAsync();
            _process.Dispose();
        }
    }

    private async Task RunAsync()
    {
        var folder = ServerFolder();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(folder, "TelecomContactCenter.Server.dll"));
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["Logging__Console__FormatterName"] = "simple";
        start.Environment["Logging__Console__FormatterOptions__SingleLine"] = "true";
        start.Environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";
        foreach (var (key, value) in _settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        _process = process;
        process.OutputDataReceived += (_, e) => Read(e.Data);
        process.ErrorDataReceived += (_, e) => Read(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var exited = process.WaitForExitAsync();
        using var giveUp = new CancellationTokenSource(StartTimeout);
        var ready = Task.WhenAll(_http.Task, _sip.Task);
        if (await Task.WhenAny(ready, exited, Task.Delay(Timeout.Infinite, giveUp.Token)) != ready)
        {
            Kill();
            throw new InvalidOperationException($"Node {Name} did not start (exited: {process.HasExited}):\n{Log}");
        }

        BaseAddress = await _http.Task;
        Sip = await _sip.Task;
    }

    private void Read(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.Append('[').Append(Name).Append("] ").AppendLine(line);
        }

        if (HttpListening().Match(line) is { Success: true } http)
        {
            _http.TrySetResult(new Uri(http.Groups[1].Value));
        }

        if (SipListening().Match(line) is { Success: true } sip)
        {
            _sip.TrySetResult(IPEndPoint.Parse(sip.Groups[1].Value));
        }
    }

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex HttpListening();

    [GeneratedRegex(@"SIP listening on UDP (\S+) and TCP")]
    private static partial Regex SipListening();
}
