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
        var load = PopLoad.From(arguments, agents: 5000, rate: 200);
        var clock = Stopwatch.StartNew();

        // --flow FILE serves that flow file (prompts and all) instead of the bench's prompt-free one; --callers vip
        // calls from Platinum and Gold customers only (the green-channel run).
        var flow = arguments.String("flow", "") is { Length: > 0 } flowPath ? FlowFile.OnBenchNumber(flowPath) : null;
        await using var server = await ServerProcess.StartAsync(
            BenchArguments.FindRepository(), load.Agents, arguments.String("server-log", "Warning"), TimeSpan.FromMinutes(15), flow);
        Progress($"server (pid {server.ProcessId}) up on {server.Http} / SIP {server.Sip} after {clock.Elapsed.TotalSeconds:0} s");
        var phones = server.CustomerPhones(vipOnly: arguments.String("callers", "all") == "vip");
        Progress($"{phones.Count} callers");
        await using var rig = await PopRig.StartAsync(load, server.Sip, [(server.Http, load.AgentNames)], clock);

        var window = await rig.PlaceCallsAsync(phones, [server.ProcessorTime]);
        await rig.DrainAsync(window);
        var memory = server.Memory();
        var stats = PopStats.Of(rig.Log, window);
        Console.WriteLine("| Span | samples | p50 ms | p99 ms | p99.9 ms | max ms |");
        Console.WriteLine("|---|---|---|---|---|---|");
        Row("**INVITE sent → ScreenPop read by the agent desktop**", stats.Pops);
        Row("INVITE sent → INVITE read by the agent's phone", stats.Rings);
        Row("INVITE sent → IVR's 200 OK read by the trunk", stats.Answers);
        Row("Agent phone's INVITE read → ScreenPop read (negative: the pop came first)", stats.PopAfterRing);
        Console.WriteLine();
        if (arguments.String("dump", "") is { Length: > 0 } dump)
        {
            WriteDump(dump, stats.Measured, wallClockAt: (DateTime.UtcNow, Stopwatch.GetTimestamp()));
        }

        var measured = stats.Measured.Count;
        var seconds = window.Elapsed.TotalSeconds;
        var cpu = window.Cpu[0];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"- Offered in the measured window: {measured} calls over {seconds:0.0} s ({measured / seconds:0.0} calls/s) " +
            $"after {rig.Log.Offered - measured} warm-up calls; pops received {stats.Pops.Count}; **calls without a pop {stats.WithoutPop}** " +
            $"(of which refused by the server {stats.Refused}); pops for unknown calls {rig.Log.PopsForUnknownCalls}, duplicate pops {rig.Log.DuplicatePops}."));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"- Agents: {load.Agents} signed in, phones registered, desktops Available; phones answered {rig.Phones.Answered} offers, " +
            $"{rig.Phones.Cancelled} offers cancelled; wrap-ups completed over the hub {rig.Desktops.WrapUps}, hub errors {rig.Desktops.Errors}; " +
            $"distinct agents popped {stats.DistinctAgents}."));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"- Server process: CPU {cpu.TotalSeconds / seconds * 100:0} % of one core over the window " +
            $"({cpu.TotalMilliseconds / Math.Max(1, measured):0.0} ms CPU per call, everything included), resident {memory.Rss:0} MiB at the end."));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"- Bench process (trunk, phones, desktops): CPU {window.BenchCpu.TotalSeconds / seconds * 100:0} % of one core over the window " +
            $"({window.BenchCpu.TotalMilliseconds / Math.Max(1, measured):0.0} ms CPU per call)."));
        return stats.WithoutPop == 0 ? 0 : 1;
    }

    /// <summary>
    /// One line per measured call (UTC time the INVITE was sent, then each span in ms, empty when not seen), to line
    /// the tail up with the server's own records (collections, log lines) by time.
    /// </summary>
    private static void WriteDump(string path, IReadOnlyList<CallTimes> calls, (DateTime Utc, long Timestamp) wallClockAt)
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

    private static void Row(string span, IReadOnlyList<double> sorted) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {span} | {sorted.Count} | {Percentiles.Of(sorted, 0.50):0.00} | {Percentiles.Of(sorted, 0.99):0.00} | {Percentiles.Of(sorted, 0.999):0.00} | {(sorted.Count == 0 ? double.NaN : sorted[^1]):0.00} |"));

    public static void Progress(string message) => Console.Error.WriteLine($"bench: {message}");
}
