using TelecomContactCenter.Server.Hubs;

namespace TelecomContactCenter.Server.Contact;

internal sealed partial class CallDistributor
{
    /// <summary>Waiting calls, longest wait and service level by queue and tier, for the wallboard.</summary>
    public IReadOnlyList<QueueStatisticsView> QueueStatistics()
    {
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            var waiting = _calls.Values.Where(c => c.Phase is CallPhase.Queued or CallPhase.Ringing)
                .GroupBy(c => (c.Handoff.Queue, Tier: c.Tier?.ToString() ?? "Unknown"))
                .ToDictionary(g => g.Key, g => (Count: g.Count(), Longest: g.Max(c => (now - c.QueuedAt).TotalSeconds)));
            return waiting.Keys.Union(_serviceLevels.Keys).Order().Select(key =>
            {
                var (count, longest) = waiting.GetValueOrDefault(key);
                var counter = _serviceLevels.GetValueOrDefault(key);
                var answered = counter?.Answered ?? 0;
                var denominator = answered + (counter?.AbandonedAfterTarget ?? 0);
                return new QueueStatisticsView(
                    key.Queue, key.Tier, count, Math.Round(longest, 1), answered, counter?.WithinTarget ?? 0, counter?.Abandoned ?? 0,
                    denominator == 0 ? null : Math.Round(100.0 * counter!.WithinTarget / denominator, 1),
                    _options.ServiceLevelTarget.TotalSeconds);
            }).ToList();
        }
    }

    /// <summary>Every agent the ACD knows with status, state and time in state.</summary>
    public IReadOnlyList<AgentBoardRow> AgentBoard()
    {
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            return _acd.GetAgents().OrderBy(a => a.Id.Value, StringComparer.Ordinal).Select(a =>
            {
                var since = Desk(a.Id.Value, a.Status, a.State);
                return new AgentBoardRow(a.Id.Value, a.Status.ToString(), a.BreakReason, a.State.ToString(),
                    Math.Round((now - since).TotalSeconds, 1), a.Call?.Value, _connections.IsConnected(a.Id.Value));
            }).ToList();
        }
    }
}
