using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Npgsql;

namespace TelecomContactCenter.PopBench;

/// <summary>
/// Cluster mode: the latency run twice, back to back, on one PostgreSQL (started by bench/run-pop-cluster.sh and
/// named by --postgres): first one node with the trunk's INVITEs sent straight to it, then two nodes on that
/// PostgreSQL and the Redis backplane (--redis) behind Kamailio's dispatcher, the trunk's INVITEs and the phones'
/// REGISTERs sent to Kamailio and the agents' desktops split evenly between the nodes. Each run has a fresh database
/// seeded the same way. Prints one Markdown comparison with the ratios.
/// </summary>
internal static class ClusterRun
{
    private const string LogLevel = "Warning";

    public static async Task<int> RunAsync(BenchArguments arguments)
    {
        var load = PopLoad.From(arguments, agents: 500, rate: 100);
        var postgres = arguments.String("postgres", "");
        var redis = arguments.String("redis", "");
        if (postgres.Length == 0 || redis.Length == 0)
        {
            throw new ArgumentException("cluster mode needs --postgres CONNECTION-STRING and --redis HOST:PORT (bench/run-pop-cluster.sh starts both).");
        }

        var infrastructure = new Infrastructure(postgres, arguments.Int("postgres-pid", 0), redis, arguments.Int("redis-pid", 0));
        var repository = BenchArguments.FindRepository();
        var one = await OneNodeAsync(repository, load, infrastructure);
        var two = await TwoNodesAsync(repository, load, infrastructure);
        Report(load, one, two);
        return one.Stats.WithoutPop == 0 && two.Stats.WithoutPop == 0 ? 0 : 1;
    }

    /// <summary>(a) One node on PostgreSQL; the trunk and the phones talk to it directly; every desktop on it.</summary>
    private static async Task<Result> OneNodeAsync(string repository, PopLoad load, Infrastructure infrastructure)
    {
        var clock = Stopwatch.StartNew();
        PopRun.Progress("one node on PostgreSQL");
        var database = await infrastructure.CreateDatabaseAsync("popbench_one");
        await using var node = await ServerProcess.StartAsync(repository, load.Agents, LogLevel, TimeSpan.FromMinutes(15), null,
            [.. Postgres(database)]);
        PopRun.Progress($"node (pid {node.ProcessId}) up on {node.Http} / SIP {node.Sip} after {clock.Elapsed.TotalSeconds:0} s");
        await using var rig = await PopRig.StartAsync(load, node.Sip, [(node.Http, load.AgentNames)], clock);
        var nodes = new[] { new Node("node", node, load.AgentNames) };
        return await MeasureAsync(rig, node.CustomerPhones(), nodes, edge: null, infrastructure);
    }

    /// <summary>
    /// (b) Two nodes on PostgreSQL and Redis behind Kamailio: calls and registrations through the edge, the first
    /// half of the agents' desktops on node A, the second half on node B.
    /// </summary>
    private static async Task<Result> TwoNodesAsync(string repository, PopLoad load, Infrastructure infrastructure)
    {
        var clock = Stopwatch.StartNew();
        PopRun.Progress("two nodes on PostgreSQL and Redis behind Kamailio");
        var database = await infrastructure.CreateDatabaseAsync("popbench_two");
        var keys = Path.Combine(Path.GetTempPath(), $"tcc-popbench-keys-{Guid.NewGuid():N}");
        Directory.CreateDirectory(keys);
        try
        {
            // Node A creates the schema and the demo data before node B starts (README, Architecture: Cluster). Each
            // node gets half of the RTP range the one-node run has.
            await using var a = await ServerProcess.StartAsync(repository, load.Agents, LogLevel, TimeSpan.FromMinutes(15), null,
                [.. Postgres(database), .. ClusterNode("node-a", infrastructure.Redis, keys, 10000, 13999)]);
            await using var b = await ServerProcess.StartAsync(repository, load.Agents, LogLevel, TimeSpan.FromMinutes(15), null,
                [.. Postgres(database), .. ClusterNode("node-b", infrastructure.Redis, keys, 14000, 17999)]);
            PopRun.Progress($"node A (pid {a.ProcessId}) on {a.Http} / SIP {a.Sip}, node B (pid {b.ProcessId}) on {b.Http} / SIP {b.Sip} after {clock.Elapsed.TotalSeconds:0} s");
            await using var edge = await EdgeProcess.StartAsync(repository, [a.Sip, b.Sip], TimeSpan.FromSeconds(30));
            PopRun.Progress($"kamailio on {edge.EndPoint}");
            var names = load.AgentNames;
            var half = names.Count / 2;
            var nodes = new[] { new Node("A", a, names.Take(half).ToList()), new Node("B", b, names.Skip(half).ToList()) };
            await using var rig = await PopRig.StartAsync(load, edge.EndPoint, [.. nodes.Select(n => (n.Server.Http, n.Agents))], clock);

            // A phone registers at the node its address-of-record hashes to; the other node reads the binding from
            // PostgreSQL on that node's notification, and at the latest after Cluster:RegistrationRefresh (5 s).
            await Task.Delay(TimeSpan.FromSeconds(6));
            return await MeasureAsync(rig, a.CustomerPhones(), nodes, edge, infrastructure);
        }
        finally
        {
            ChildProcess.RemoveFolder(keys);
        }
    }

    private static async Task<Result> MeasureAsync(PopRig rig, IReadOnlyList<string> callers, IReadOnlyList<Node> nodes, EdgeProcess? edge, Infrastructure infrastructure)
    {
        var meters = nodes.Select(n => (Func<TimeSpan>)n.Server.ProcessorTime).ToList();
        meters.Add(edge is null ? () => TimeSpan.Zero : edge.ProcessorTime);
        meters.Add(infrastructure.PostgresCpu);
        meters.Add(infrastructure.RedisCpu);
        var loadBefore = LoadAverage();
        var publishesBefore = await infrastructure.RedisPublishesAsync();
        var window = await rig.PlaceCallsAsync(callers, meters);
        var publishes = await infrastructure.RedisPublishesAsync() - publishesBefore;
        var loadAfter = LoadAverage();
        await rig.DrainAsync(window);
        var idle = await PopRig.IdleAsync(meters, TimeSpan.FromSeconds(5));
        var stats = PopStats.Of(rig.Log, window);

        var nodeOfSip = nodes.ToDictionary(n => n.Server.Sip.ToString(), n => n.Name, StringComparer.Ordinal);
        var nodeOfAgent = nodes.SelectMany(n => n.Agents.Select(agent => (agent, n.Name))).ToDictionary(p => p.agent, p => p.Name, StringComparer.Ordinal);
        string? AnsweredBy(CallTimes call) => call.AnsweredBy is { } sip ? nodeOfSip.GetValueOrDefault(sip, sip) : null;
        var perNode = nodes.Select(n => new NodeShare(
            n.Name,
            n.Agents.Count,
            stats.Measured.Count(c => AnsweredBy(c) == n.Name),
            stats.Measured.Count(c => c.Agent is { } agent && nodeOfAgent[agent] == n.Name),
            stats.Measured.Where(c => c.Agent is { } agent && nodeOfAgent[agent] == n.Name).Select(c => c.Agent).Distinct().Count())).ToList();
        var crossed = stats.Measured.Count(c => c.Agent is { } agent && AnsweredBy(c) is { } node && nodeOfAgent[agent] != node);
        return new Result(stats, window, idle, nodes.Count, perNode, crossed, publishes, loadBefore, loadAfter,
            rig.Phones.Answered, rig.Desktops.WrapUps, rig.Desktops.Errors, rig.Log.DuplicatePops);
    }

    private static IEnumerable<(string, string)> Postgres(string connectionString) =>
        [("Database:Provider", "Postgres"), ("Database:PostgresConnectionString", connectionString)];

    private static IEnumerable<(string, string)> ClusterNode(string name, string redis, string keys, int rtpFrom, int rtpTo) =>
    [
        ("Cluster:Redis", redis),
        ("Cluster:NodeName", name),
        ("Cluster:Key", "pop-bench-cluster-key"),
        ("DataProtection:KeysPath", keys),
        ("Media:RtpPorts:MinPort", rtpFrom.ToString(CultureInfo.InvariantCulture)),
        ("Media:RtpPorts:MaxPort", rtpTo.ToString(CultureInfo.InvariantCulture)),
    ];

    private static string LoadAverage() => string.Join(", ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3));

    private static void Report(PopLoad load, Result one, Result two)
    {
        static string Ms(double value) => value.ToString("0.00", CultureInfo.InvariantCulture);
        static string Ratio(double a, double b) => b > 0 && !double.IsNaN(a) ? (a / b).ToString("0.00", CultureInfo.InvariantCulture) + "×" : "–";
        void Line(string what, string a, string b, string ratio) => Console.WriteLine($"| {what} | {a} | {b} | {ratio} |");
        void Number(string what, double a, double b, bool ratio = true) =>
            Line(what, Ms(a), Ms(b), ratio ? Ratio(b, a) : "–");

        Console.WriteLine("| Measured window | (a) one node, trunk → node | (b) two nodes behind Kamailio | (b) ÷ (a) |");
        Console.WriteLine("|---|---|---|---|");
        Line("Calls placed", $"{one.Stats.Measured.Count}", $"{two.Stats.Measured.Count}", "–");
        Line("Calls popped", $"{one.Stats.Pops.Count}", $"{two.Stats.Pops.Count}", "–");
        Line("**Calls failed** (no pop; of them refused by a node)", $"{one.Stats.WithoutPop} ({one.Stats.Refused})", $"{two.Stats.WithoutPop} ({two.Stats.Refused})", "–");
        foreach (var (label, p) in new[] { ("p50", 0.50), ("p95", 0.95), ("p99", 0.99) })
        {
            Number($"**INVITE sent → ScreenPop read, {label} ms**", Percentiles.Of(one.Stats.Pops, p), Percentiles.Of(two.Stats.Pops, p));
        }

        Number("INVITE sent → IVR's 200 OK read, p50 ms", Percentiles.Of(one.Stats.Answers, 0.5), Percentiles.Of(two.Stats.Answers, 0.5));
        // Where a slow pop's time went: before the ring (enqueue, queue wait, the leader's offer) or after it (the push).
        foreach (var (label, p) in new[] { ("p50", 0.50), ("p95", 0.95), ("p99", 0.99) })
        {
            Number($"INVITE sent → INVITE read by the agent's phone, {label} ms", Percentiles.Of(one.Stats.Rings, p), Percentiles.Of(two.Stats.Rings, p));
        }

        Number("Agent's phone rang → ScreenPop read, p95 ms", Percentiles.Of(one.Stats.PopAfterRing, 0.95), Percentiles.Of(two.Stats.PopAfterRing, 0.95));
        Number("**Server CPU per call, ms** (sum over nodes)", one.ServerCpuPerCall, two.ServerCpuPerCall);
        Number("Server CPU per call above idle, ms (sum over nodes)", one.ServerCpuPerCallAboveIdle, two.ServerCpuPerCallAboveIdle);
        Line("Server CPU, % of one core (per node), over the window / idle after it", $"{one.ServerPercent()} / {one.ServerIdlePercent()}",
            $"{two.ServerPercent()} / {two.ServerIdlePercent()}", "–");
        Line("Kamailio CPU per call, ms (main process and workers)", "– (not in the path)", Ms(two.PerCall(two.Edge)), "–");
        Number("PostgreSQL CPU per call, ms (all its processes)", one.PerCall(one.Postgres), two.PerCall(two.Postgres));
        Number("Redis CPU per call, ms ((a) does not use it)", one.PerCall(one.Redis), two.PerCall(two.Redis), ratio: false);
        Number("Redis PUBLISH per call", one.PublishesPerCall, two.PublishesPerCall, ratio: false);
        Number("**All of it per call, ms** (nodes + Kamailio + PostgreSQL + Redis)", one.TotalCpuPerCall, two.TotalCpuPerCall);
        Number("Bench process CPU per call, ms (trunk, phones, desktops)", one.PerCall(one.Window.BenchCpu), two.PerCall(two.Window.BenchCpu));
        Line("Load average (1, 5, 15 min) at the window's start / end", $"{one.LoadBefore} / {one.LoadAfter}", $"{two.LoadBefore} / {two.LoadAfter}", "–");
        Console.WriteLine();

        foreach (var (name, result) in new[] { ("(a) one node", one), ("(b) two nodes", two) })
        {
            var shares = string.Join("; ", result.PerNode.Select(n =>
                $"{(result.NodeCount > 1 ? "node " + n.Name : "the node")}: {n.Agents} desktops, answered {n.Answered} calls, " +
                $"popped {n.Popped} calls on its desktops ({n.AgentsPopped} distinct agents)"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"- {name}: {result.Stats.Measured.Count} calls over {result.Window.Elapsed.TotalSeconds:0.0} s; {shares}; " +
                $"pops on a desktop of another node than the one that answered the call: {result.Crossed}; " +
                $"phones answered {result.PhonesAnswered} offers, wrap-ups completed {result.WrapUps}, hub errors {result.HubErrors}, duplicate pops {result.DuplicatePops}."));
        }

        var busy = load.Rate * (load.AnswerDelay + load.TalkTime).TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"- Agents' load in (b): each node answers about {load.Rate / 2:0.#} calls/s and the leader offers all {load.Rate:0.#} calls/s to the {load.Agents} agents; " +
            $"a call holds an agent for the answer delay and talk time ({(load.AnswerDelay + load.TalkTime).TotalSeconds:0.0} s) plus wrap-up, " +
            $"so about {busy:0} of them are busy at a time ({busy / load.Agents * 100:0} %)."));
    }

    /// <summary>PostgreSQL and Redis as the script started them: connection strings and the processes to meter.</summary>
    private sealed class Infrastructure(string postgres, int postgresPid, string redis, int redisPid)
    {
        public string Redis { get; } = redis;

        public TimeSpan PostgresCpu() => postgresPid > 0 ? ProcessTreeCpu.Of(postgresPid) : TimeSpan.Zero;

        public TimeSpan RedisCpu() => redisPid > 0 ? ProcessTreeCpu.Of(redisPid) : TimeSpan.Zero;

        /// <summary>Creates an empty database and returns the connection string for it.</summary>
        public async Task<string> CreateDatabaseAsync(string name)
        {
            await using (var connection = new NpgsqlConnection(postgres))
            {
                await connection.OpenAsync();
                await using var command = connection.CreateCommand();
                command.CommandText = $"CREATE DATABASE \"{name}\"";
                await command.ExecuteNonQueryAsync();
            }

            return new NpgsqlConnectionStringBuilder(postgres) { Database = name }.ToString();
        }

        /// <summary>How many PUBLISH commands Redis has run since it started (INFO commandstats, over its plain protocol).</summary>
        public async Task<long> RedisPublishesAsync()
        {
            var colon = Redis.LastIndexOf(':');
            using var tcp = new TcpClient();
            await tcp.ConnectAsync(Redis[..colon], int.Parse(Redis[(colon + 1)..], CultureInfo.InvariantCulture));
            var stream = tcp.GetStream();
            await stream.WriteAsync("INFO commandstats\r\n"u8.ToArray());
            using var reader = new StreamReader(stream, Encoding.ASCII);
            var header = await reader.ReadLineAsync() ?? "";
            var length = header.StartsWith('$') ? int.Parse(header[1..], CultureInfo.InvariantCulture) : 0;
            var body = new char[length];
            for (var read = 0; read < length;)
            {
                read += await reader.ReadAsync(body.AsMemory(read));
            }

            var line = new string(body).Split("\r\n").FirstOrDefault(l => l.StartsWith("cmdstat_publish:calls=", StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line["cmdstat_publish:calls=".Length..].Split(',')[0], CultureInfo.InvariantCulture);
        }
    }

    private sealed record Node(string Name, ServerProcess Server, IReadOnlyList<string> Agents);

    private sealed record NodeShare(string Name, int Agents, int Answered, int Popped, int AgentsPopped);

    /// <summary>
    /// One run's figures; <see cref="MeasuredWindow.Cpu"/> and <see cref="IdleMsPerSecond"/> (5 s with no call, after
    /// the drain) hold each node's, then Kamailio's, PostgreSQL's and Redis's.
    /// </summary>
    private sealed record Result(
        PopStats Stats, MeasuredWindow Window, IReadOnlyList<double> IdleMsPerSecond, int NodeCount, IReadOnlyList<NodeShare> PerNode, int Crossed, long Publishes,
        string LoadBefore, string LoadAfter, long PhonesAnswered, long WrapUps, long HubErrors, long DuplicatePops)
    {
        public TimeSpan Edge => Window.Cpu[NodeCount];

        public TimeSpan Postgres => Window.Cpu[NodeCount + 1];

        public TimeSpan Redis => Window.Cpu[NodeCount + 2];

        private int Calls => Math.Max(1, Stats.Measured.Count);

        public double PerCall(TimeSpan cpu) => cpu.TotalMilliseconds / Calls;

        public double ServerCpuPerCall => PerCall(Window.Cpu.Take(NodeCount).Aggregate(TimeSpan.Zero, (sum, cpu) => sum + cpu));

        /// <summary>The nodes' CPU per call less what they use idle over as long a time.</summary>
        public double ServerCpuPerCallAboveIdle =>
            ServerCpuPerCall - (IdleMsPerSecond.Take(NodeCount).Sum() * Window.Elapsed.TotalSeconds / Calls);

        public string ServerIdlePercent() => string.Join(" + ", IdleMsPerSecond.Take(NodeCount)
            .Select(ms => (ms / 10).ToString("0", CultureInfo.InvariantCulture) + " %"));

        public double TotalCpuPerCall => PerCall(Window.Cpu.Aggregate(TimeSpan.Zero, (sum, cpu) => sum + cpu));

        public double PublishesPerCall => (double)Publishes / Calls;

        public string ServerPercent() => string.Join(" + ", Window.Cpu.Take(NodeCount)
            .Select(cpu => (cpu.TotalSeconds / Window.Elapsed.TotalSeconds * 100).ToString("0", CultureInfo.InvariantCulture) + " %"));
    }
}
