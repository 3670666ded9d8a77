using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace TelecomContactCenter.PopBench;

/// <summary>
/// The real server (the Release build of src/TelecomContactCenter.Server, run with dotnet as deployed) in a child
/// process: free loopback ports for HTTP and SIP, a temporary SQLite database seeded with the demo population and
/// the bench agents (or the PostgreSQL database the extra settings name), and the bench IVR flow in a temporary flow
/// folder. Its output goes to server.log there.
/// </summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    public const string AccessNumber = "19000";

    private readonly ChildProcess _process;
    private readonly string? _postgres;

    private ServerProcess(ChildProcess process, Uri http, IPEndPoint sip, string? postgres)
    {
        _process = process;
        _postgres = postgres;
        Http = http;
        Sip = sip;
    }

    public Uri Http { get; }

    public IPEndPoint Sip { get; }

    public string Database => Path.Combine(_process.Folder, "contactcenter.db");

    public int ProcessId => _process.Id;

    /// <param name="flowJson">The IVR flow to serve on the bench's access number; null for <see cref="BenchFlow"/>.</param>
    /// <param name="extra">Settings after the bench's defaults (a later key wins).</param>
    public static async Task<ServerProcess> StartAsync(
        string repository, int agents, string logLevel, TimeSpan startTimeout, string? flowJson, params (string Key, string Value)[] extra)
    {
        var serverFolder = Path.Combine(repository, "src", "TelecomContactCenter.Server", "bin", "Release", "net10.0");
        var dll = Path.Combine(serverFolder, "TelecomContactCenter.Server.dll");
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"{dll} is missing: dotnet build src/TelecomContactCenter.Server -c Release");
        }

        var folder = Path.Combine(Path.GetTempPath(), $"tcc-popbench-{Guid.NewGuid():N}");
        var flows = Path.Combine(folder, "flows");
        Directory.CreateDirectory(flows);
        File.WriteAllText(Path.Combine(flows, "bench.json"), flowJson ?? BenchFlow.Json);
        var httpPort = FreePort(SocketType.Stream, ProtocolType.Tcp);
        var sipPort = FreePort(SocketType.Dgram, ProtocolType.Udp);
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = serverFolder };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";

        // POPBENCH_SERVER_<NAME>=value reaches the server alone as <NAME>=value (runtime knobs for an A/B run, e.g.
        // POPBENCH_SERVER_DOTNET_gcServer=0), so the bench's own clients keep their settings.
        foreach (System.Collections.DictionaryEntry variable in Environment.GetEnvironmentVariables())
        {
            if (variable.Key is string name && name.StartsWith(ServerEnvironmentPrefix, StringComparison.Ordinal))
            {
                start.Environment[name[ServerEnvironmentPrefix.Length..]] = variable.Value as string;
            }
        }
        start.ArgumentList.Add(dll);
        var settings = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in Settings(repository, folder, flows, agents, httpPort, sipPort, logLevel).Concat(extra))
        {
            start.ArgumentList.Add($"--{key}={value}");
            settings[key] = value;
        }

        var postgres = settings["Database:Provider"] == "Postgres" ? settings["Database:PostgresConnectionString"] : null;
        var process = ChildProcess.Start(start, folder, "server.log");
        var server = new ServerProcess(process, new Uri($"http://127.0.0.1:{httpPort}"), new IPEndPoint(IPAddress.Loopback, sipPort), postgres);
        try
        {
            await server.WaitHealthyAsync(startTimeout);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    private const string ServerEnvironmentPrefix = "POPBENCH_SERVER_";

    private static IEnumerable<(string, string)> Settings(string repository, string folder, string flows, int agents, int httpPort, int sipPort, string logLevel) =>
    [
        ("urls", $"http://127.0.0.1:{httpPort}"),
        ("Logging:LogLevel:Default", logLevel),
        ("Logging:LogLevel:Microsoft.AspNetCore", "Warning"),
        ("Logging:LogLevel:Microsoft.EntityFrameworkCore", "Warning"),
        ("Database:Provider", "Sqlite"),
        ("Database:SqlitePath", Path.Combine(folder, "contactcenter.db")),
        ("DemoData:BenchAgents", agents.ToString(CultureInfo.InvariantCulture)),
        ("Sip:Transport:Address", "127.0.0.1"),
        ("Sip:Transport:UdpPort", sipPort.ToString(CultureInfo.InvariantCulture)),
        ("Sip:Transport:TcpPort", "0"),
        ("Media:BindAddress", "127.0.0.1"),
        ("Media:PromptFolder", Path.Combine(repository, "ivr-flows", "prompts")),
        // Below the kernel's ephemeral range (32768+), so the bench's client sockets never take an RTP port.
        // 4,000 RTP/RTCP pairs = 8,000 sockets: with 5,000 desktops that fits the 20,000 descriptors a process may
        // open here, and the server's open-file budget (docs/server.md) would cap a wider range anyway: once the
        // pairs are in use the next call gets 503.
        ("Media:RtpPorts:MinPort", "10000"),
        ("Media:RtpPorts:MaxPort", "17999"),
        ("Ivr:FlowsPath", flows),
        ($"Telephony:AccessNumbers:{AccessNumber}:Mode", "ivr"),
        // Every bench agent can take every queue the bench flow routes to.
        ("Agents:DefaultSkills:0", "general"),
        ("Agents:DefaultSkills:1", "complaints"),
        ("Agents:DefaultSkills:2", "vip"),
        ("Agents:DefaultSkills:3", "retention"),
    ];

    private async Task WaitHealthyAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { BaseAddress = Http, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            _process.ThrowIfExited("The server");

            try
            {
                if ((await http.GetAsync(new Uri("/healthz", UriKind.Relative))).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet: seeding and the first profile evaluation run before Kestrel starts.
            }

            await Task.Delay(500);
        }

        throw new TimeoutException($"The server was not healthy within {timeout}.");
    }

    /// <summary>Phone numbers of customers in the database, to call from; with <paramref name="vipOnly"/>, Platinum and Gold ones.</summary>
    public List<string> CustomerPhones(bool vipOnly = false)
    {
        using DbConnection connection = _postgres is null
            ? new SqliteConnection($"Data Source={Database};Mode=ReadOnly")
            : new NpgsqlConnection(_postgres);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT \"Phone\" FROM customer_profiles" + (vipOnly ? " WHERE \"Tier\" IN ('Platinum', 'Gold')" : "");
        using var reader = command.ExecuteReader();
        var phones = new List<string>();
        while (reader.Read())
        {
            phones.Add(reader.GetString(0));
        }

        return phones;
    }

    /// <summary>The server's resident memory in MiB: all of it (VmRSS) and the anonymous part (heaps, stacks).</summary>
    public (double Rss, double Anonymous) Memory()
    {
        var status = File.ReadAllLines($"/proc/{_process.Id}/status");
        double Field(string name) => double.Parse(
            status.First(l => l.StartsWith(name, StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1],
            CultureInfo.InvariantCulture) / 1024;
        return (Field("VmRSS:"), Field("RssAnon:"));
    }

    /// <summary>The server's CPU time so far.</summary>
    public TimeSpan ProcessorTime() => _process.ProcessorTime();

    public static int FreePort(SocketType type, ProtocolType protocol)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, type, protocol);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    public async ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        await _process.DisposeAsync();
    }
}

/// <summary>
/// A flow file of the repository (e.g. ivr-flows/main.json, or an older version of it) served on the bench's access
/// number instead of its own, prompts and all.
/// </summary>
internal static class FlowFile
{
    public static string OnBenchNumber(string path)
    {
        var flow = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        flow["accessNumbers"] = new System.Text.Json.Nodes.JsonArray(ServerProcess.AccessNumber);
        return flow.ToJsonString();
    }
}

/// <summary>
/// The bench IVR flow: the main line's routing decision (tier, open complaint, lifecycle stage) without its
/// prompts and menus, so a call reaches the ACD as soon as the caller is identified and profiled.
/// </summary>
internal static class BenchFlow
{
    public const string Json = """
        {
          "id": "pop-bench",
          "version": "bench.1",
          "description": "Screen-pop bench: the main line's routing branch without greetings or menus; every caller queues at once.",
          "accessNumbers": ["19000"],
          "defaultQueue": "general",
          "start": "route",
          "states": {
            "route": {
              "kind": "branch",
              "conditions": [
                { "label": "vip", "tier": ["Platinum", "Gold"], "next": "vip-desk" },
                { "label": "open-complaint", "hasOpenComplaint": true, "next": "complaints" },
                { "label": "decline", "stage": ["Decline"], "next": "retention" }
              ],
              "default": "general"
            },
            "vip-desk": { "kind": "setQueue", "queue": "vip-desk", "skills": { "vip": 1 }, "next": "queue-call" },
            "complaints": { "kind": "setQueue", "queue": "complaints", "priorityBonus": 20, "skills": { "complaints": 1 }, "next": "queue-call" },
            "retention": { "kind": "setQueue", "queue": "retention", "priorityBonus": 10, "skills": { "retention": 1 }, "next": "queue-call" },
            "general": { "kind": "setQueue", "queue": "general", "next": "queue-call" },
            "queue-call": { "kind": "queue" }
          }
        }
        """;
}
