using TelecomContactCenter.PopBench;

// Screen-pop bench (issue #5): the real server in a child process; this process is the trunk, the agents' phones
// and their desktops, and owns the one clock. Usage (see README.md here):
//   dotnet TelecomContactCenter.PopBench.dll latency --agents 5000 --rate 200 --seconds 60
//   dotnet TelecomContactCenter.PopBench.dll memory --connections 20000 --users 2000
//   dotnet TelecomContactCenter.PopBench.dll acd
//   dotnet TelecomContactCenter.PopBench.dll cluster --agents 500 --rate 100 --postgres CONN --redis HOST:PORT (bench/run-pop-cluster.sh)
var arguments = new BenchArguments(args);
return arguments.Mode switch
{
    "latency" => await PopRun.RunAsync(arguments),
    "memory" => await MemoryRun.RunAsync(arguments),
    "clients" => await MemoryRun.ClientsAsync(args),
    "acd" => AcdRun.Run(arguments),
    "cluster" => await ClusterRun.RunAsync(arguments),
    var other => throw new ArgumentException($"Unknown mode '{other}': latency, memory, acd, cluster."),
};
