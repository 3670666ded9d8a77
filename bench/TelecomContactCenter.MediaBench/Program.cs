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
Console.WriteLine("calls | PDV p50 ms | PDV p99 ms | PDV max ms | tick-end p99 ms | frames sent | frames lost | CPU % | CPU µs/frame | managed KB/call");
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

    await phones.ResetAsync();
    var sentBefore = media.Sum(m => (long)m.Session.SendStatistics.Packets);
    var process = Process.GetCurrentProcess();
    var cpuBefore = process.TotalProcessorTime;
    var clock = Stopwatch.StartNew();
    lock (lateness)
    {
        measuring = true;
    }

    await Task.Delay(TimeSpan.FromSeconds(seconds));
    lock (lateness)
    {
        measuring = false;
    }

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
    return FormattableString.Invariant(
        $"{calls,5} | {report.P50,6:F2} | {report.P99,6:F2} | {report.Max,7:F2} | {Percentile(lateness, 0.99),11:F2} | {sent,11} | {report.Lost,11} | {cpu,5:F0} | {cpuTime.TotalMicroseconds / Math.Max(1, sent),13:F1} | {heapPerCall / 1024.0,15:F1}");
}

static double Percentile(List<double> sorted, double p) =>
    sorted.Count == 0 ? double.NaN : sorted[(int)Math.Min(sorted.Count - 1, Math.Ceiling(p * sorted.Count) - 1)];

static string FindRoot()
{
    var directory = new DirectoryInfo(AppContext.BaseDirectory);
    while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "TelecomContactCenter.sln")))
    {
        directory = directory.Parent;
    }

    return directory?.FullName ?? throw new InvalidOperationException("Run the bench from inside the repository.");
}
