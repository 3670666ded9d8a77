using System.Diagnostics;
using System.Globalization;

namespace TelecomContactCenter.PopBench;

/// <summary>
/// Latency mode: N agents signed in, registered and Available; calls at a steady rate for a warm-up and then the
/// measured window; each sample is INVITE sent → ScreenPop handed to the agent desktop's handler, on this process's
/// Stopwatch. Prints Markdown.
/// </summary>
internal static class PopRun
{
    public static async Task<int> RunAsync(BenchArguments arguments)
    {
        var agents = arguments.Int("agents", 5000);
        var rate = arguments.Double("rate", 200);
        var seconds = arguments.Int("seconds", 60);
        var warmup = arguments.Int("warmup", 15);
        var answerDelay = TimeSpan.FromMilliseconds(arguments.Int("answer-ms", 200));
        var talkTime = TimeSpan.FromMilliseconds(arguments.Int("talk-ms", 2000));
        var password = arguments.String("password", "ContactCenter!1");
        var names = Enumerable.Range(1, agents).Select(n => $"benchagent{n}").ToList();
        var clock = Stopwatch.StartNew();

        // --flow FILE serves that flow file (prompts and all) instead of the bench's prompt-free one; --callers vip
        // calls from Platinum and Gold customers only (the green-channel run).
        var flow = arguments.String("flow", "") is { Length: > 0 } flowPath ? FlowFile.OnBenchNumber(flowPath) : null;
        await using var server = await ServerProcess.StartAsync(
            BenchArguments.FindRepository(), agents, arguments.String("server-log", "Warning"), TimeSpan.FromMinutes(15), flow);
        Progress($"server (pid {server.ProcessId}) up on {server.Http} / SIP {server.Sip} after {clock.Elapsed.TotalSeconds:0} s");
        var phones = server.CustomerPhones(vipOnly: arguments.String("callers", "all") == "vip");
        Progress($"{phones.Count} callers");
        var tokens = await Desktops.LoginAsync(server.Http, names, password, parallel: 4);
        Progress($"{tokens.Count} agents signed in after {clock.Elapsed.TotalSeconds:0} s");

        var log = new CallLog();
        await using var trunk = new Trunk(server.Sip, ServerProcess.AccessNumber, log);
        await using var agentPhones = new AgentPhones(8, server.Sip, password, answerDelay, talkTime, log, trunk.MediaSinkPort);
        await agentPhones.RegisterAllAsync(names, parallel: 64, CancellationToken.None);
        Progress($"{agents} phones registered after {clock.Elapsed.TotalSeconds:0} s");
        await using var desktops = await Desktops.ConnectAsync(server.Http, [.. names.Select(n => (n, tokens[n]))], log, available: true, parallel: 32);
        Progress($"{desktops.All.Count} desktops connected and Available after {clock.Elapsed.TotalSeconds:0} s");

        var random = new Random(5);
        var total = (int)(rate * (warmup + seconds));
        var measuredFrom = 0L;
        var cpuBefore = TimeSpan.Zero;
        var benchCpuBefore = TimeSpan.Zero;
        var started = Stopwatch.GetTimestamp();
        var lastPatienceCheck = started;
        for (var i = 0; i < total; i++)
        {
            if (i == (int)(rate * warmup))
            {
                measuredFrom = Stopwatch.GetTimestamp();
                cpuBefore = server.ProcessorTime();
                benchCpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
                Progress($"warm-up done ({log.Offered} calls); measuring {seconds} s");
            }

            var due = started + (long)(i / rate * Stopwatch.Frequency);
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(wait);
            }

            await trunk.CallAsync(phones[random.Next(phones.Count)], CancellationToken.None);
            if (Stopwatch.GetElapsedTime(lastPatienceCheck) > TimeSpan.FromSeconds(1))
            {
                lastPatienceCheck = Stopwatch.GetTimestamp();
                await trunk.AbandonOlderThanAsync(TimeSpan.FromSeconds(30), CancellationToken.None);
            }
        }

        var measuredTo = Stopwatch.GetTimestamp();
        var cpu = server.ProcessorTime() - cpuBefore;
        var benchCpu = Process.GetCurrentProcess().TotalProcessorTime - benchCpuBefore;
        var window = Stopwatch.GetElapsedTime(measuredFrom, measuredTo);
        Progress($"sent {log.Offered} calls; draining");
        await DrainAsync(log, measuredFrom, talkTime + answerDelay + TimeSpan.FromSeconds(10));
        var memory = server.Memory();
        await trunk.HangUpOpenCallsAsync(CancellationToken.None);

        var measured = log.Calls.Where(c => c.InviteSent >= measuredFrom).ToList();
        var pops = measured.Where(c => c.PopReceived != 0).Select(c => Percentiles.Milliseconds(c.InviteSent, c.PopReceived)).Order().ToList();
        var rings = measured.Where(c => c.PhoneInvite != 0).Select(c => Percentiles.Milliseconds(c.InviteSent, c.PhoneInvite)).Order().ToList();
        var answers = measured.Where(c => c.IvrAnswered != 0).Select(c => Percentiles.Milliseconds(c.InviteSent, c.IvrAnswered)).Order().ToList();
        var popAfterRing = measured.Where(c => c.PopReceived != 0 && c.PhoneInvite != 0)
            .Select(c => Percentiles.Milliseconds(c.PhoneInvite, c.PopReceived)).Order().ToList();
        Console.WriteLine("| Span | samples | p50 ms | p99 ms | p99.9 ms | max ms |");
        Console.WriteLine("|---|---|---|---|---|---|");
        Row("**INVITE sent → ScreenPop read by the agent desktop**", pops);
        Row("INVITE sent → INVITE read by the agent's phone", rings);
        Row("INVITE sent → IVR's 200 OK read by the trunk", answers);
        Row("Agent phone's INVITE read → ScreenPop read (negative: the pop came first)", popAfterRing);
        Console.WriteLine();
        if (arguments.String("dump", "") is { Length: > 0 } dump)
        {
            WriteDump(dump, measured, wallClockAt: (DateTime.UtcNow, Stopwatch.GetTimestamp()));
        }

        var withoutPop = measured.Count(c => c.PopReceived == 0);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"- Offered in the measured window: {measured.Count} calls over {window.TotalSeconds:0.0} s ({measured.Count / window.TotalSeconds:0.0} calls/s) " +
            $"after {log.Offered - measured.Count} warm-up calls; pops received {pops.Count}; **calls without a pop {withoutPop}** " +
            $"(of which refused by the server {measured.Count(c => c.FinalStatus >= 300)}); pops for unknown calls {log.PopsForUnknownCalls}, duplicate pops {log.DuplicatePops}."));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"- Agents: {agents} signed in, phones registered, desktops Available; phones answered {agentPhones.Answered} offers, " +
            $"{agentPhones.Cancelled} offers cancelled; wrap-ups completed over the hub {desktops.WrapUps}, hub errors {desktops.Errors}; " +
            $"distinct agents popped {measured.Where(c => c.Agent is not null).Select(c => c.Agent).Distinct().Count()}."));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"- Server process: CPU {cpu.TotalSeconds / window.TotalSeconds * 100:0} % of one core over the window " +
            $"({cpu.TotalMilliseconds / Math.Max(1, measured.Count):0.0} ms CPU per call, everything included), resident {memory.Rss:0} MiB at the end."));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"- Bench process (trunk, phones, desktops): CPU {benchCpu.TotalSeconds / window.TotalSeconds * 100:0} % of one core over the window " +
            $"({benchCpu.TotalMilliseconds / Math.Max(1, measured.Count):0.0} ms CPU per call)."));
        return withoutPop == 0 ? 0 : 1;
    }

    private static async Task DrainAsync(CallLog log, long measuredFrom, TimeSpan wait)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < wait && log.Calls.Any(c => c.InviteSent >= measuredFrom && c.PopReceived == 0 && c.FinalStatus < 300))
        {
            await Task.Delay(250);
        }

        // Let the last talk times and wrap-ups run out, so the report counts them.
        await Task.Delay(wait - deadline.Elapsed > TimeSpan.Zero ? TimeSpan.FromSeconds(3) : TimeSpan.Zero);
    }

    /// <summary>
    /// One line per measured call (UTC time the INVITE was sent, then each span in ms, empty when not seen), to line
    /// the tail up with the server's own records (collections, log lines) by time.
    /// </summary>
    private static void WriteDump(string path, List<CallTimes> calls, (DateTime Utc, long Timestamp) wallClockAt)
    {
        string Span(long from, long to) => from == 0 || to == 0 ? "" : Percentiles.Milliseconds(from, to).ToString("0.000", CultureInfo.InvariantCulture);
        using var writer = new StreamWriter(path);
        writer.WriteLine("invite_sent_utc,ivr_answer_ms,phone_invite_ms,pop_ms,agent");
        foreach (var call in calls.OrderBy(c => c.InviteSent))
        {
            var sent = wallClockAt.Utc - Stopwatch.GetElapsedTime(call.InviteSent, wallClockAt.Timestamp);
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{sent:HH:mm:ss.ffffff},{Span(call.InviteSent, call.IvrAnswered)},{Span(call.InviteSent, call.PhoneInvite)},{Span(call.InviteSent, call.PopReceived)},{call.Agent}"));
        }
    }

    private static void Row(string span, List<double> sorted) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {span} | {sorted.Count} | {Percentiles.Of(sorted, 0.50):0.00} | {Percentiles.Of(sorted, 0.99):0.00} | {Percentiles.Of(sorted, 0.999):0.00} | {(sorted.Count == 0 ? double.NaN : sorted[^1]):0.00} |"));

    public static void Progress(string message) => Console.Error.WriteLine($"bench: {message}");
}
