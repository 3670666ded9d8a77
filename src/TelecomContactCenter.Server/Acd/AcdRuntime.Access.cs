using TelecomContactCenter.Core.Routing;
using TelecomContactCenter.Server.Calls;
using TelecomContactCenter.Server.Contact;
using TelecomContactCenter.Server.Hubs;
using TelecomContactCenter.Server.Profiles;

namespace TelecomContactCenter.Server.Acd;

/// <summary>A call waiting (queued or ringing) as the wallboard counts it.</summary>
internal sealed record WaitingCall(string Queue, string Tier, DateTimeOffset QueuedAt, IReadOnlyDictionary<string, int> Skills);

/// <summary>The queues at one moment: agents free for a call, calls waiting, and the service-level counts so far.</summary>
internal sealed record QueueBoard(
    DateTimeOffset Now, IReadOnlyList<AgentSnapshot> IdleAgents, IReadOnlyList<WaitingCall> Waiting,
    IReadOnlyDictionary<(string Queue, string Tier), ServiceLevelCount> ServiceLevels);

/// <summary>An agent as the wallboard shows them, with when they entered their status/state pair.</summary>
internal sealed record AgentBoardEntry(AgentSnapshot Agent, DateTimeOffset Since);

/// <summary>Every agent the ACD knows at one moment.</summary>
internal sealed record AgentRoster(DateTimeOffset Now, IReadOnlyList<AgentBoardEntry> Agents);

/// <summary>
/// The narrow API through which the agent desk and the wallboard read and change the runtime's state. Every callback
/// runs under the lock and is synchronous; whatever it returns is carried out (pushes, rings, saves) by the caller
/// after the lock is released.
/// </summary>
internal sealed partial class AcdRuntime
{
    /// <summary>Registers an agent with their configured skills (LoggedOut) unless the ACD already knows them.</summary>
    public void EnsureAgent(string agent)
    {
        lock (_gate)
        {
            if (_acd.GetAgent(new AgentId(agent)) is null)
            {
                _acd.SetAgentSkills(new AgentId(agent), _options.SkillsOf(agent));
            }
        }
    }

    /// <summary>The agent set their status; the decisions are for <see cref="CarryOutAsync"/>.</summary>
    public IReadOnlyList<RoutingDecision> ChangeStatus(string agent, AgentStatus status, string? reason)
    {
        lock (_gate)
        {
            return _acd.AgentStatusChanged(new AgentId(agent), status, reason);
        }
    }

    /// <summary>Carries out decisions the desk obtained from the runtime, outside the lock.</summary>
    public Task CarryOutAsync(IReadOnlyList<RoutingDecision> decisions, CancellationToken cancellationToken) =>
        ExecuteAsync(decisions, cancellationToken);

    /// <summary>Runs <paramref name="work"/> under the lock on the call held as <paramref name="callId"/> (null if none).</summary>
    public T WithCall<T>(CallId callId, Func<CallRecord?, T> work)
    {
        lock (_gate)
        {
            return work(_calls.GetValueOrDefault(callId));
        }
    }

    /// <summary>Changes a call's record under the lock.</summary>
    public void Change(CallRecord record, Action<CallRecord> change)
    {
        lock (_gate)
        {
            change(record);
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> under the lock on the call offered to the agent, or that they are on or wrapping
    /// up (null if none).
    /// </summary>
    public T WithCallOf<T>(string agent, Func<CallRecord?, T> work)
    {
        lock (_gate)
        {
            return work(CallOf(agent));
        }
    }

    /// <summary>Runs <paramref name="change"/> under the lock on every call with the customer that an agent is on or wrapping up.</summary>
    public IReadOnlyList<T> ChangeAnsweredCallsOf<T>(long customerId, Func<CallRecord, T> change)
    {
        lock (_gate)
        {
            return _calls.Values.Where(r => r.CustomerId == customerId && r.Agent is not null
                && r.Phase is CallState.Connected or CallState.WrapUp).Select(change).ToList();
        }
    }

    /// <summary>
    /// Ends the agent's wrap-up of the call and lets it go, unless the record still misses something: then nothing
    /// changes and <paramref name="missing"/> names it.
    /// </summary>
    public IReadOnlyList<RoutingDecision> CompleteWrapUp(CallRecord record, string agent, out IReadOnlyList<string> missing)
    {
        lock (_gate)
        {
            missing = record.MissingForWrapUp();
            if (missing.Count > 0)
            {
                return [];
            }

            var decisions = _acd.WrapUpCompleted(new AgentId(agent));
            record.Fire(CallTrigger.WrapUpDone);
            record.WrapUpCompletedAt = _time.GetUtcNow();
            record.Routing.Add(new RoutingStep(record.WrapUpCompletedAt.Value, "WrapUpCompleted", agent, $"disposition {record.Disposition}"));
            Forget(record);
            return decisions;
        }
    }

    /// <summary>A call ringing the agent goes back to its queue (<paramref name="reason"/> on its record); the decisions offer it elsewhere.</summary>
    public IReadOnlyList<RoutingDecision> WithdrawOffer(string agent, string reason)
    {
        lock (_gate)
        {
            if (_acd.GetAgent(new AgentId(agent)) is not { State: AgentState.Ringing, Call: { } callId })
            {
                return [];
            }

            var decisions = _acd.OfferTimedOut(callId, new AgentId(agent));
            if (TakeBack(callId, new AgentId(agent)) is { } record)
            {
                record.Routing.Add(new RoutingStep(_time.GetUtcNow(), "OfferWithdrawn", agent, reason));
            }

            return decisions;
        }
    }

    /// <summary>Status, state, current call with its pop and wrap-up: what the agent's desktop draws.</summary>
    public AgentStateView StateOf(string agent)
    {
        lock (_gate)
        {
            var snapshot = _acd.GetAgent(new AgentId(agent));
            var record = CallOf(agent);
            var status = snapshot?.Status ?? AgentStatus.LoggedOut;
            var state = snapshot?.State ?? AgentState.Idle;
            var since = Since(agent, status, state);
            return new AgentStateView(agent, status.ToString(), snapshot?.BreakReason, state.ToString(), since, record?.Id.Value,
                // The pop reads as it did when it rang this agent: the complaint's owner keeps "I'll stay the owner".
                record?.Phase.ToString(), record?.Pop is { } pop ? pop with { Offers = OfferView.ForAgent(pop.Offers, agent) } : null,
                record is null ? null : new WrapUpView(record.Id.Value, record.Disposition, [.. record.Offers], record.MissingForWrapUp(), record.Notes),
                _phone.DeviceOf(new AgentId(agent)).ToString(), record?.AnsweredAt, record?.OnHold ?? false);
        }
    }

    /// <summary>The queues now, copied under the lock for the wallboard to count outside it.</summary>
    public QueueBoard Queues()
    {
        lock (_gate)
        {
            return new QueueBoard(
                _time.GetUtcNow(),
                [.. _acd.GetAgents().Where(a => a.Status == AgentStatus.Available && a.State == AgentState.Idle)],
                [.. _calls.Values.Where(c => c.Phase is CallState.Queued or CallState.Ringing)
                    .Select(c => new WaitingCall(c.Handoff.Queue, c.Tier?.ToString() ?? "Unknown", c.QueuedAt, c.Handoff.Skills))],
                new Dictionary<(string Queue, string Tier), ServiceLevelCount>(_serviceLevels));
        }
    }

    /// <summary>Every agent the ACD knows, by id, with when they entered their status/state pair.</summary>
    public AgentRoster Roster()
    {
        lock (_gate)
        {
            return new AgentRoster(_time.GetUtcNow(), [.. _acd.GetAgents().OrderBy(a => a.Id.Value, StringComparer.Ordinal)
                .Select(a => new AgentBoardEntry(a, Since(a.Id.Value, a.Status, a.State)))]);
        }
    }

    /// <summary>When the agent entered the status/state pair they are in now; caller holds the lock.</summary>
    private DateTimeOffset Since(string agent, AgentStatus status, AgentState state)
    {
        if (!_desks.TryGetValue(agent, out var desk) || desk.Status != status || desk.State != state)
        {
            _desks[agent] = desk = new DeskEntry(status, state, _time.GetUtcNow());
        }

        return desk.Since;
    }

    private sealed record DeskEntry(AgentStatus Status, AgentState State, DateTimeOffset Since);
}
