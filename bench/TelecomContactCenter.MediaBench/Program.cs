using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.Options;
using TelecomContactCenter.Media.Calls;
using TelecomContactCenter.Media.Codecs;
using TelecomContactCenter.Media.Playback;
using TelecomContactCenter.Media.Ports;
using TelecomContactCenter.Media.Prompts;
using TelecomContactCenter.Media.Rtp;
using TelecomContactCenter.MediaBench;

// How many IVR calls with paced prompt media one process sustains: every call plays the main-menu prompt on
// a real UDP socket, paced by the one shared clock; the "phones" (a child process, so their receive work is
// not counted as ours) check sequence gaps and delay variation.
// Usage: dotnet run -c Release -- [seconds per step] [calls...]   e.g. 20 250 500 1000 1500 2000
if (args is ["relay", ..])
{
    // Relay CPU per packet, plain RTP against SRTP: dotnet run -c Release -- relay [packets per mode] [rounds]
    await RelayBench.RunAsync(
        args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 50_000,
        args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 5);
    return;
}

if (args is ["phones", var sockets])
{
    Phones.Run(int.Parse(sockets, System.Globalization.CultureInfo.InvariantCulture));
    return;
}

var seconds = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 20;
var steps = args.Length > 1 ? args[1..].Select(a => int.Parse(a, System.Globalization.CultureInfo.InvariantCulture)).ToArray() : [250, 500, 1000, 1500, 2000];
var promptFolder = Path.Combine(FindRoot(), "ivr-flows", "prompts");
var prompts = PromptLibrary.Load(promptFolder);
var menu = prompts["main-menu"];

Console.WriteLine($"{Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}; {seconds} s per step");
Console.WriteLine("| calls | send jitter p50 ms | send jitter p99 ms | send jitter max ms | send late p99 ms | tick-start p99 ms | tick-end p99 ms | phone PDV p99 ms | frames sent | frames lost | CPU % | CPU µs/frame | managed KB/call | GCs | alloc B/frame | load avg |");
Console.WriteLine("|------:|------:|------:|------:|------:|------:|------:|------:|------:|------:|------:|------:|------:|------:|------:|------:|");
foreach (var calls in steps)
{
    var result = await RunStepAsync(calls, seconds, menu);
    Console.WriteLine(result);
}

static async Task<string> RunStepAsync(int calls, int seconds, Prompt menu)
{
    GC.Collect();
    GC.WaitForPendingFinalizers();
    GC.Collect();
    var heapBefore = GC.GetTotalMemory(forceFullCollection: true);

    using var scheduler = new PacingScheduler(TimeProvider.System);
    var allocator = new RtpPortAllocator(new RtpPortOptions { MinPort = 20000, MaxPort = 29999 });
    var factory = new CallMediaFactory(
        new RtpSessionFactory(allocator, TimeProvider.System),
        scheduler,
        Options.Create(new MediaOptions { BindAddress = "127.0.0.1", Cname = "bench@localhost" }));
    using var phones = await Phones.StartAsync(4);
    var sinks = phones.EndPoints;
    var media = new List<CallMedia>(calls);
    for (var i = 0; i < calls; i++)
    {
        if (!factory.TryOpen(out var call))
        {
            throw new InvalidOperationException($"Ports ran out at call {i}.");
        }

        call.Connect(sinks[i % sinks.Count], new AudioFormat(G711Law.MuLaw, 0, 101));
        media.Add(call);
    }

    var heapPerCall = (GC.GetTotalMemory(forceFullCollection: true) - heapBefore) / calls;

    using var stop = new CancellationTokenSource();
    foreach (var call in media)
    {
        // Enough back-to-back plays to outlast the step, so every tick sends a frame on every call.
        for (var i = 0; i < (int)Math.Ceiling((seconds + 5) / menu.Duration.TotalSeconds) + 1; i++)
        {
            _ = call.PlayAsync(menu, stop.Token);
        }
    }

    var jitter = new SendJitter();
    jitter.Attach(scheduler);
    var lateness = new List<double>(seconds * 60);
    var measuring = false;
    scheduler.TickCompleted = (_, late) =>
    {
        lock (lateness)
        {
            if (measuring)
            {
                lateness.Add(late.TotalMilliseconds);
            }
        }
    };
    scheduler.Start();
    await Task.Delay(TimeSpan.FromSeconds(3));
    if (!scheduler.PacerPriorityRaised)
    {
        await Console.Error.WriteLineAsync("note: the pacer thread runs at normal priority (no CAP_SYS_NICE)");
    }


    await phones.ResetAsync();
    var sentBefore = media.Sum(m => (long)m.Session.SendStatistics.Packets);
    var process = Process.GetCurrentProcess();
    var cpuBefore = process.TotalProcessorTime;
    var gcsBefore = GC.CollectionCount(0);
    var allocatedBefore = GC.GetTotalAllocatedBytes();
    var clock = Stopwatch.StartNew();
    lock (lateness)
    {
        measuring = true;
    }

    jitter.Measuring = true;

    await Task.Delay(TimeSpan.FromSeconds(seconds));
    jitter.Measuring = false;
    lock (lateness)
    {
        measuring = false;
    }

    var gcs = GC.CollectionCount(0) - gcsBefore;
    var allocated = GC.GetTotalAllocatedBytes() - allocatedBefore;
    process.Refresh();
    var cpuTime = process.TotalProcessorTime - cpuBefore;
    var cpu = cpuTime.TotalMilliseconds / clock.Elapsed.TotalMilliseconds * 100;
    var sent = media.Sum(m => (long)m.Session.SendStatistics.Packets) - sentBefore;
    await stop.CancelAsync();

    var report = await phones.ReportAsync();
    foreach (var call in media)
    {
        await call.DisposeAsync();
    }

    lateness.Sort();
    var send = jitter.Summarise();
    var load = File.Exists("/proc/loadavg") ? (await File.ReadAllTextAsync("/proc/loadavg")).Split(' ')[0] : "?";
    return FormattableString.Invariant(
        $"| {calls,5} | {send.JitterP50,6:F2} | {send.JitterP99,6:F2} | {send.JitterMax,6:F2} | {send.LateP99,6:F2} | {send.TickStartP99,6:F2} | {SendJitter.Percentile(lateness, 0.99),6:F2} | {report.P99,6:F2} | {sent,9} | {report.Lost,5} | {cpu,4:F0} | {cpuTime.TotalMicroseconds / Math.Max(1, sent),5:F1} | {heapPerCall / 1024.0,5:F1} | {gcs} | {(double)allocated / Math.Max(1, sent),5:F1} | {load} |");
}

static string FindRoot()
{
    var directory = new DirectoryInfo(AppContext.BaseDirectory);
    while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "TelecomContactCenter.sln")))
    {
        directory = directory.Parent;
    }

    return directory?.FullName ?? throw new InvalidOperationException("Run the bench from inside the repository.");
}
