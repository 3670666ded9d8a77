using System.Diagnostics;
using System.Globalization;
using TelecomContactCenter.Core.Routing;

namespace TelecomContactCenter.PopBench;

/// <summary>
/// ACD mode: what Core's <see cref="AutomaticCallDistributor"/> costs per call as the number of Available agents grows,
/// single-threaded and without I/O. The server runs every one of these calls under its one distributor lock, so this
/// is a floor on lock-held time per call. Prints Markdown.
/// </summary>
internal static class AcdRun
{
    public static int Run(BenchArguments arguments)
    {
        var calls = arguments.Int("calls", 5_000);
        Console.WriteLine("| Available agents | Enqueue + offer µs | GetPosition µs | answer + end + wrap-up µs | agent list sorted (wallboard) µs |");
        Console.WriteLine("|---|---|---|---|---|");
        foreach (var agents in new[] { 50, 500, 5_000 })
        {
            Console.WriteLine(Measure(agents, calls));
        }

        return 0;
    }

    private static string Measure(int agents, int calls)
    {
        var acd = new AutomaticCallDistributor(new RoutingOptions(), TimeProvider.System);
        var skills = new Dictionary<string, int> { ["general"] = 1, ["complaints"] = 1, ["vip"] = 1, ["retention"] = 1 };
        for (var i = 0; i < agents; i++)
        {
            acd.SetAgentSkills(new AgentId($"benchagent{i}"), skills);
            acd.AgentStatusChanged(new AgentId($"benchagent{i}"), AgentStatus.Available);
        }

        var enqueue = new Stopwatch();
        var position = new Stopwatch();
        var cycle = new Stopwatch();
        var board = new Stopwatch();
        var boards = 0;
        var needs = new Dictionary<string, int> { ["general"] = 1 };
        for (var c = 0; c < calls; c++)
        {
            var id = new CallId($"call{c}");
            enqueue.Start();
            var offer = acd.Enqueue(new QueuedCallRequest { CallId = id, Queue = "general", Skills = needs }).OfType<OfferCall>().First();
            enqueue.Stop();
            position.Start();
            acd.GetPosition(id);
            position.Stop();
            cycle.Start();
            acd.OfferAccepted(id, offer.AgentId);
            acd.CallEnded(id);
            acd.WrapUpCompleted(offer.AgentId);
            cycle.Stop();
            if (c % 50 == 0)
            {
                board.Start();
                _ = acd.GetAgents().OrderBy(a => a.Id.Value, StringComparer.Ordinal).ToList();
                board.Stop();
                boards++;
            }
        }

        return string.Create(CultureInfo.InvariantCulture,
            $"| {agents} | {enqueue.Elapsed.TotalMicroseconds / calls:0} | {position.Elapsed.TotalMicroseconds / calls:0} | {cycle.Elapsed.TotalMicroseconds / calls:0} | {board.Elapsed.TotalMicroseconds / boards:0} |");
    }
}
