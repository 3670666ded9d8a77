namespace TelecomContactCenter.Core.Routing;

public sealed partial class AutomaticCallDistributor
{
    /// <summary>Adds an agent (LoggedOut) or replaces their skills (skill → level); a new skill may let a waiting call through.</summary>
    public IReadOnlyList<RoutingDecision> SetAgentSkills(AgentId agentId, IReadOnlyDictionary<string, int> skills)
    {
        ArgumentNullException.ThrowIfNull(skills);
        lock (_gate)
        {
            if (_agents.TryGetValue(agentId, out var agent))
            {
                agent.Skills = skills;
            }
            else
            {
                _agents[agentId] = new Agent(_idle) { Id = agentId, Skills = skills, Status = AgentStatus.LoggedOut, State = AgentState.Idle };
            }

            return Dispatch(_time.GetUtcNow(), []);
        }
    }

    /// <summary>
    /// The agent set their status. Becoming Available starts their idle time now and clears missed offers. Leaving
    /// Available while their phone rings withdraws the offer and returns the call to the head of its queue; during a
    /// call or wrap-up the new status simply applies afterwards.
    /// </summary>
    public IReadOnlyList<RoutingDecision> AgentStatusChanged(AgentId agentId, AgentStatus status, string? reason = null)
    {
        lock (_gate)
        {
            var agent = _agents.GetValueOrDefault(agentId) ?? throw new InvalidOperationException($"Agent {agentId} is unknown; call SetAgentSkills first.");
            var now = _time.GetUtcNow();
            var decisions = new List<RoutingDecision>();
            if (status == AgentStatus.Available && agent.Status != AgentStatus.Available)
            {
                agent.Missed = 0;
                agent.IdleSince = now;
            }

            agent.Status = status;
            agent.BreakReason = status == AgentStatus.OnBreak ? reason ?? "break" : null;
            if (status != AgentStatus.Available && agent.State == AgentState.Ringing && agent.Call is { } callId)
            {
                var call = _calls[callId];
                ReturnToHead(call);
                agent.State = AgentState.Idle;
                agent.Call = null;
                decisions.Add(new CancelOffer(callId, agentId, $"agent {agentId} became {status}"));
            }

            return Dispatch(now, decisions);
        }
    }

    /// <summary>The agent finished wrap-up: the handle time feeds the queue's estimated wait and the agent is idle again.</summary>
    public IReadOnlyList<RoutingDecision> WrapUpCompleted(AgentId agentId)
    {
        lock (_gate)
        {
            var agent = _agents.GetValueOrDefault(agentId);
            if (agent?.State != AgentState.WrapUp)
            {
                throw new InvalidOperationException($"Agent {agentId} is not in wrap-up.");
            }

            var now = _time.GetUtcNow();
            EndWrapUp(agent, now);
            return Dispatch(now, []);
        }
    }

    public AgentSnapshot? GetAgent(AgentId agentId)
    {
        lock (_gate)
        {
            return _agents.GetValueOrDefault(agentId)?.Snapshot();
        }
    }

    public IReadOnlyList<AgentSnapshot> GetAgents()
    {
        lock (_gate)
        {
            return [.. _agents.Values.Select(a => a.Snapshot())];
        }
    }

    private void EndWrapUp(Agent agent, DateTimeOffset now)
    {
        if (agent.CallQueue is { } queue)
        {
            Queue(queue).RecordHandleTime(now - agent.AnsweredAt);
        }

        agent.State = AgentState.Idle;
        agent.IdleSince = now;
        agent.Call = null;
        agent.CallQueue = null;
    }
}
