using Microsoft.Extensions.Options;
using TelecomContactCenter.Core.Routing;
using TelecomContactCenter.Server.Acd;
using TelecomContactCenter.Server.Agents;
using TelecomContactCenter.Server.Hubs;
using TelecomContactCenter.Server.Ivr;

namespace TelecomContactCenter.Server.Wallboard;

/// <summary>
/// The wallboard's live read model: queue statistics with service levels, and the agent board. Reads a copy of the
/// ACD runtime's state taken under its lock and counts outside it; stateless itself, so thread-safe.
/// </summary>
internal sealed class WallboardReadModel(
    AcdRuntime acd, IOptions<AgentOptions> options, AgentConnections connections, IAgentPhone phone, IvrFlowCatalog flows)
{
    private readonly AgentOptions _options = options.Value;

    /// <summary>
    /// Waiting calls, longest wait, average speed of answer and service level by queue and tier, for the wallboard.
    /// A call still waiting past the target counts against the service level at once (it can no longer be answered
    /// in time), so a VIP waiting with nobody available shows on the board before the call ends. A queue of the IVR
    /// flows that has had no call yet is listed too, as one row for all tiers with the agents free for it, so the
    /// board shows every queue from the start of the day.
    /// </summary>
    public IReadOnlyList<QueueStatisticsView> QueueStatistics()
    {
        // Only agents whose desktop is connected can take a call (an offer to one without is withdrawn at once).
        var board = acd.Queues();
        var queues = board with { IdleAgents = [.. board.IdleAgents.Where(a => connections.IsConnected(a.Id.Value))] };
        var busy = CallStatistics(queues);
        var quiet = flows.Flows.SelectMany(f => f.Queues())
            .DistinctBy(q => q.Queue)
            .Where(q => !busy.Any(row => row.Queue == q.Queue))
            .ToList();
        if (quiet.Count == 0)
        {
            return busy;
        }

        return busy.Concat(quiet.Select(q => new QueueStatisticsView(q.Queue, null, 0, 0, 0, 0, 0, null, _options.ServiceLevelTarget.TotalSeconds)
        {
            AgentsAvailable = AvailableFor(queues.IdleAgents, RequiredSkills(q.Queue, q.Skills)),
        }))
            .OrderBy(row => row.Queue, StringComparer.Ordinal)
            .ThenBy(row => row.Tier, StringComparer.Ordinal)
            .ToList();
    }

    private List<QueueStatisticsView> CallStatistics(QueueBoard queues)
    {
        var now = queues.Now;
        var target = _options.ServiceLevelTarget;
        var waiting = queues.Waiting
            .GroupBy(c => (c.Queue, c.Tier))
            .ToDictionary(g => g.Key, g => (
                Count: g.Count(),
                Longest: g.Max(c => (now - c.QueuedAt).TotalSeconds),
                PastTarget: g.Count(c => now - c.QueuedAt > target),
                Skills: g.First().Skills));
        return waiting.Keys.Union(queues.ServiceLevels.Keys).Order().Select(key =>
        {
            var (count, longest, pastTarget, skills) = waiting.GetValueOrDefault(key);
            var counter = queues.ServiceLevels.GetValueOrDefault(key);
            var denominator = counter.Answered + counter.AbandonedAfterTarget + pastTarget;
            var available = AvailableFor(queues.IdleAgents, RequiredSkills(key.Queue, skills));
            return new QueueStatisticsView(
                key.Queue, key.Tier, count, Math.Round(longest, 1), counter.Answered, counter.WithinTarget, counter.Abandoned,
                denominator == 0 ? null : Math.Round(100.0 * counter.WithinTarget / denominator, 1),
                target.TotalSeconds)
            {
                WaitingPastTarget = pastTarget,
                AgentsAvailable = available,
                AverageSpeedOfAnswerSeconds = counter.Answered == 0 ? null : Math.Round(counter.WaitSeconds / counter.Answered, 1),
            };
        }).ToList();
    }

    /// <summary>The skills a queue's call needs: the call's own (from its setQueue state), else the queue's configured ones.</summary>
    private IReadOnlyDictionary<string, int> RequiredSkills(string queue, IReadOnlyDictionary<string, int>? skills) =>
        skills is { Count: > 0 } ? skills
        : _options.QueueSkills.TryGetValue(queue, out var queueSkills) ? queueSkills.ToDictionary(s => s, _ => 1)
        : new Dictionary<string, int>();

    private static int AvailableFor(IEnumerable<AgentSnapshot> idle, IReadOnlyDictionary<string, int> required) =>
        idle.Count(a => required.All(r => a.Skills.GetValueOrDefault(r.Key) >= r.Value));

    /// <summary>Every agent the ACD knows with status, state and time in state.</summary>
    public IReadOnlyList<AgentBoardRow> AgentBoard()
    {
        var roster = acd.Roster();
        return roster.Agents.Select(entry =>
        {
            var a = entry.Agent;
            return new AgentBoardRow(a.Id.Value, a.Status.ToString(), a.BreakReason, a.State.ToString(),
                Math.Round((roster.Now - entry.Since).TotalSeconds, 1), a.Call?.Value, connections.IsConnected(a.Id.Value),
                phone.DeviceOf(a.Id) == AgentDevice.SipPhone);
        }).ToList();
    }
}
