using TelecomContactCenter.Core.Routing;
using TelecomContactCenter.Server.Hubs;

namespace TelecomContactCenter.Server.Contact;

internal sealed partial class CallDistributor
{
    /// <summary>
    /// Waiting calls, longest wait, average speed of answer and service level by queue and tier, for the wallboard.
    /// A call still waiting past the target counts against the service level at once (it can no longer be answered
    /// in time), so a VIP waiting with nobody available shows on the board before the call ends.
    /// </summary>
    public IReadOnlyList<QueueStatisticsView> QueueStatistics()
    {
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            var target = _options.ServiceLevelTarget;
            var agents = _acd.GetAgents().Where(a => a.Status == AgentStatus.Available && a.State == AgentState.Idle).ToList();
            var waiting = _calls.Values.Where(c => c.Phase is CallPhase.Queued or CallPhase.Ringing)
                .GroupBy(c => (c.Handoff.Queue, Tier: c.Tier?.ToString() ?? "Unknown"))
                .ToDictionary(g => g.Key, g => (
                    Count: g.Count(),
                    Longest: g.Max(c => (now - c.QueuedAt).TotalSeconds),
                    PastTarget: g.Count(c => now - c.QueuedAt > target),
                    Skills: g.First().Handoff.Skills));
            return waiting.Keys.Union(_serviceLevels.Keys).Order().Select(key =>
            {
                var (count, longest, pastTarget, skills) = waiting.GetValueOrDefault(key);
                var counter = _serviceLevels.GetValueOrDefault(key);
                var answered = counter?.Answered ?? 0;
                var denominator = answered + (counter?.AbandonedAfterTarget ?? 0) + pastTarget;
                var required = skills is { Count: > 0 } ? skills
                    : _options.QueueSkills.TryGetValue(key.Queue, out var queueSkills) ? queueSkills.ToDictionary(s => s, _ => 1)
                    : new Dictionary<string, int>();
                var available = agents.Count(a => required.All(r => a.Skills.GetValueOrDefault(r.Key) >= r.Value));
                return new QueueStatisticsView(
                    key.Queue, key.Tier, count, Math.Round(longest, 1), answered, counter?.WithinTarget ?? 0, counter?.Abandoned ?? 0,
                    denominator == 0 ? null : Math.Round(100.0 * (counter?.WithinTarget ?? 0) / denominator, 1),
                    target.TotalSeconds)
                {
                    WaitingPastTarget = pastTarget,
                    AgentsAvailable = available,
                    AverageSpeedOfAnswerSeconds = answered == 0 ? null : Math.Round(counter!.WaitSeconds / answered, 1),
                };
            }).ToList();
        }
    }

    /// <summary>An agent's phone registered or went away: their desktop's device line and the board's phone column.</summary>
    public async Task PhoneRegistrationChangedAsync(string agent)
    {
        _board.Changed();
        if (_connections.IsConnected(agent))
        {
            await Desktop(agent).StatusChanged(StateOf(agent));
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
                    Math.Round((now - since).TotalSeconds, 1), a.Call?.Value, _connections.IsConnected(a.Id.Value),
                    _phone.DeviceOf(a.Id) == Agents.AgentDevice.SipPhone);
            }).ToList();
        }
    }
}
