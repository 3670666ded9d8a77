using System.Diagnostics;
using System.Net;

namespace TelecomContactCenter.PopBench;

/// <summary>The load of a latency run, from the command line: agents, call rate, warm-up and measured seconds, phone timings.</summary>
internal sealed record PopLoad(int Agents, double Rate, int Seconds, int Warmup, TimeSpan AnswerDelay, TimeSpan TalkTime, string Password)
{
    public static PopLoad From(BenchArguments arguments, int agents, double rate) => new(
        arguments.Int("agents", agents),
        arguments.Double("rate", rate),
        arguments.Int("seconds", 60),
        arguments.Int("warmup", 15),
        TimeSpan.FromMilliseconds(arguments.Int("answer-ms", 200)),
        TimeSpan.FromMilliseconds(arguments.Int("talk-ms", 2000)),
        arguments.String("password", "ContactCenter!1"));

    public IReadOnlyList<string> AgentNames => [.. Enumerable.Range(1, Agents).Select(n => $"benchagent{n}")];
}

/// <summary>
/// The measured window of a run: where it starts on the bench's clock, how long it lasted, and the CPU each meter
/// (a server, an edge, a database) and the bench itself used over it.
/// </summary>
internal sealed record MeasuredWindow(long From, TimeSpan Elapsed, IReadOnlyList<TimeSpan> Cpu, TimeSpan BenchCpu);

/// <summary>
/// The bench's side of a latency run, shared by the one-server mode and the cluster mode: the trunk, the agents'
/// phones and the agents' desktops, all on the one clock. The trunk's INVITEs and the phones' REGISTERs go to one SIP
/// address (the server, or the cluster's edge); each agent's desktop signs in to and connects to the server it is
/// seated at.
/// </summary>
internal sealed class PopRig(PopLoad load, CallLog log, Trunk trunk, AgentPhones phones, Desktops desktops) : IAsyncDisposable
{
    public CallLog Log => log;

    public Trunk Trunk => trunk;

    public AgentPhones Phones => phones;

    public Desktops Desktops => desktops;

    /// <summary>
    /// Signs every agent in at its seat's server, registers every phone at <paramref name="sip"/>, then opens every
    /// desktop and sets it Available.
    /// </summary>
    public static async Task<PopRig> StartAsync(PopLoad load, IPEndPoint sip, IReadOnlyList<(Uri Server, IReadOnlyList<string> Agents)> seats, Stopwatch clock)
    {
        var signedIn = await Task.WhenAll(seats.Select(async seat =>
        {
            var tokens = await Desktops.LoginAsync(seat.Server, seat.Agents, load.Password, parallel: 4);
            return seat.Agents.Select(agent => new DesktopLogin(seat.Server, agent, tokens[agent]));
        }));
        var logins = signedIn.SelectMany(l => l).ToList();
        PopRun.Progress($"{logins.Count} agents signed in after {clock.Elapsed.TotalSeconds:0} s");

        var log = new CallLog();
        var trunk = new Trunk(sip, ServerProcess.AccessNumber, log);
        var phones = new AgentPhones(8, sip, load.Password, load.AnswerDelay, load.TalkTime, log, trunk.MediaSinkPort);
        try
        {
            await phones.RegisterAllAsync([.. logins.Select(l => l.Agent)], parallel: 64, CancellationToken.None);
            PopRun.Progress($"{logins.Count} phones registered after {clock.Elapsed.TotalSeconds:0} s");
            var desktops = await Desktops.ConnectAsync(logins, log, available: true, parallel: 32);
            PopRun.Progress($"{desktops.All.Count} desktops connected and Available after {clock.Elapsed.TotalSeconds:0} s");
            return new PopRig(load, log, trunk, phones, desktops);
        }
        catch
        {
            await phones.DisposeAsync();
            await trunk.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Places calls from random <paramref name="callers"/> on a fixed schedule (rate × time) for the warm-up and then
    /// the measured window; a caller still connected after 30 s hangs up. Reads every meter at the window's start and
    /// end.
    /// </summary>
    public async Task<MeasuredWindow> PlaceCallsAsync(IReadOnlyList<string> callers, IReadOnlyList<Func<TimeSpan>> meters)
    {
        var random = new Random(5);
        var total = (int)(load.Rate * (load.Warmup + load.Seconds));
        var measuredFrom = 0L;
        IReadOnlyList<TimeSpan> cpuBefore = [];
        var benchCpuBefore = TimeSpan.Zero;
        var started = Stopwatch.GetTimestamp();
        var lastPatienceCheck = started;
        for (var i = 0; i < total; i++)
        {
            if (i == (int)(load.Rate * load.Warmup))
            {
                measuredFrom = Stopwatch.GetTimestamp();
                cpuBefore = [.. meters.Select(m => m())];
                benchCpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
                PopRun.Progress($"warm-up done ({Log.Offered} calls); measuring {load.Seconds} s");
            }

            var due = started + (long)(i / load.Rate * Stopwatch.Frequency);
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(wait);
            }

            await Trunk.CallAsync(callers[random.Next(callers.Count)], CancellationToken.None);
            if (Stopwatch.GetElapsedTime(lastPatienceCheck) > TimeSpan.FromSeconds(1))
            {
                lastPatienceCheck = Stopwatch.GetTimestamp();
                await Trunk.AbandonOlderThanAsync(TimeSpan.FromSeconds(30), CancellationToken.None);
            }
        }

        var elapsed = Stopwatch.GetElapsedTime(measuredFrom);
        var cpu = meters.Select((m, i) => m() - cpuBefore[i]).ToList();
        var benchCpu = Process.GetCurrentProcess().TotalProcessorTime - benchCpuBefore;
        PopRun.Progress($"sent {Log.Offered} calls; draining");
        return new MeasuredWindow(measuredFrom, elapsed, cpu, benchCpu);
    }

    /// <summary>
    /// Waits (at most a talk time, an answer delay and 10 s) for the measured calls that still have no pop and were
    /// not refused, then lets the last talk times and wrap-ups run out, so the report counts them.
    /// </summary>
    public async Task DrainAsync(MeasuredWindow window)
    {
        var wait = load.TalkTime + load.AnswerDelay + TimeSpan.FromSeconds(10);
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < wait && Log.Calls.Any(c => c.InviteSent >= window.From && c.PopReceived == 0 && c.FinalStatus < 300))
        {
            await Task.Delay(250);
        }

        await Task.Delay(wait - deadline.Elapsed > TimeSpan.Zero ? TimeSpan.FromSeconds(3) : TimeSpan.Zero);
    }

    /// <summary>
    /// Milliseconds of CPU per second each meter uses over <paramref name="span"/> with no call placed: after the drain,
    /// with every desktop still connected and every phone registered, what keeping the processes up costs.
    /// </summary>
    public static async Task<IReadOnlyList<double>> IdleAsync(IReadOnlyList<Func<TimeSpan>> meters, TimeSpan span)
    {
        var before = meters.Select(m => m()).ToList();
        var clock = Stopwatch.StartNew();
        await Task.Delay(span);
        var elapsed = clock.Elapsed.TotalSeconds;
        return [.. meters.Select((m, i) => (m() - before[i]).TotalMilliseconds / elapsed)];
    }

    public async ValueTask DisposeAsync()
    {
        await Trunk.HangUpOpenCallsAsync(CancellationToken.None);
        await Desktops.DisposeAsync();
        await Phones.DisposeAsync();
        await Trunk.DisposeAsync();
    }
}

/// <summary>The measured calls of a run and the spans of each, in milliseconds, sorted.</summary>
internal sealed class PopStats
{
    private PopStats(List<CallTimes> measured)
    {
        Measured = measured;
        Pops = Sorted(measured, c => (c.InviteSent, c.PopReceived));
        Rings = Sorted(measured, c => (c.InviteSent, c.PhoneInvite));
        Answers = Sorted(measured, c => (c.InviteSent, c.IvrAnswered));
        PopAfterRing = Sorted(measured, c => (c.PhoneInvite, c.PopReceived));
    }

    public IReadOnlyList<CallTimes> Measured { get; }

    /// <summary>INVITE sent → ScreenPop read by the agent desktop.</summary>
    public IReadOnlyList<double> Pops { get; }

    /// <summary>INVITE sent → INVITE read by the agent's phone.</summary>
    public IReadOnlyList<double> Rings { get; }

    /// <summary>INVITE sent → the IVR's 200 OK read by the trunk.</summary>
    public IReadOnlyList<double> Answers { get; }

    /// <summary>The agent phone's INVITE read → ScreenPop read (negative: the pop came first).</summary>
    public IReadOnlyList<double> PopAfterRing { get; }

    public int WithoutPop => Measured.Count(c => c.PopReceived == 0);

    public int Refused => Measured.Count(c => c.FinalStatus >= 300);

    public int DistinctAgents => Measured.Where(c => c.Agent is not null).Select(c => c.Agent).Distinct().Count();

    /// <summary>The calls whose INVITE was sent inside the window.</summary>
    public static PopStats Of(CallLog log, MeasuredWindow window) => new([.. log.Calls.Where(c => c.InviteSent >= window.From)]);

    private static List<double> Sorted(IEnumerable<CallTimes> calls, Func<CallTimes, (long From, long To)> span) =>
        [.. calls.Select(span).Where(s => s.From != 0 && s.To != 0).Select(s => Percentiles.Milliseconds(s.From, s.To)).Order()];
}
