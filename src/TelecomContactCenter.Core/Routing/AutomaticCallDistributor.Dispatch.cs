namespace TelecomContactCenter.Core.Routing;

public sealed partial class AutomaticCallDistributor
{
    /// <summary>
    /// Runs the clock-driven rules, then offers whatever can be offered: unanswered offers past the ring timeout are
    /// withdrawn, wrap-ups past <see cref="RoutingOptions.MaxWrapUp"/> end, calls past their queue's maximum wait
    /// overflow or leave with a callback, and calls whose preferred agent window has closed become open to anyone.
    /// </summary>
    public IReadOnlyList<RoutingDecision> Tick()
    {
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            var decisions = new List<RoutingDecision>();
            foreach (var call in _calls.Values.Where(c => c.RingingAgent is not null && now - c.OfferedAt >= _options.RingTimeout).ToList())
            {
                Missed(call, now, decisions, cancel: true);
            }

            if (_options.MaxWrapUp is { } limit)
            {
                foreach (var agent in _agents.Values.Where(a => a.State == AgentState.WrapUp && now - a.WrapUpSince >= limit))
                {
                    EndWrapUp(agent, now);
                }
            }

            foreach (var call in _calls.Values.Where(c => c.RingingAgent is null).OrderBy(c => c.Sequence).ToList())
            {
                if (Queue(call.Queue).Options is { MaxWait: { } maxWait } queue && now - call.QueueEnteredAt >= maxWait)
                {
                    decisions.Add(MaxWaitReached(call, queue, now));
                }
            }

            return Dispatch(now, decisions);
        }
    }

    private RoutingDecision MaxWaitReached(QueuedCall call, CallQueueOptions queue, DateTimeOffset now)
    {
        var waited = $"waited {(now - call.QueueEnteredAt).TotalSeconds:0} s in {queue.Name}, maximum {queue.MaxWait!.Value.TotalSeconds:0} s";
        if (queue.OverflowQueue is not { } target)
        {
            _calls.Remove(call.Id);
            return new Callback(call.Id, queue.Name, $"{waited}; no overflow queue, offer a callback");
        }

        var overflow = Queue(target).Options;
        call.Queue = target;
        call.QueueEnteredAt = now;
        call.Skills = overflow.OverflowSkills;
        var skills = overflow.OverflowSkills.Count == 0 ? "any agent" : "skills " + SkillText(overflow.OverflowSkills);
        return new Overflow(call.Id, queue.Name, target, $"{waited}; overflow to {target} ({skills})");
    }

    private void Missed(QueuedCall call, DateTimeOffset now, List<RoutingDecision> decisions, bool cancel)
    {
        var agent = _agents[call.RingingAgent!.Value];
        if (cancel)
        {
            decisions.Add(new CancelOffer(call.Id, agent.Id, $"agent {agent.Id} did not answer within {_options.RingTimeout.TotalSeconds:0} s"));
        }

        call.MissedBy.Add(agent.Id);
        if (call.Preferred == agent.Id)
        {
            call.PreferredUntil = now;
        }

        ReturnToHead(call);
        agent.State = AgentState.Idle;
        agent.Call = null;
        agent.IdleSince = now;
        agent.Missed++;
        if (agent.Missed >= _options.MaxConsecutiveMissedOffers)
        {
            agent.Status = AgentStatus.OnBreak;
            agent.BreakReason = $"missed {agent.Missed} offers in a row";
            decisions.Add(new AgentNotReady(agent.Id, $"{agent.Id} missed {agent.Missed} offers in a row; set to not ready"));
        }
    }

    private static void ReturnToHead(QueuedCall call)
    {
        call.RingingAgent = null;
        call.AtHead = true;
    }

    /// <summary>Waiting (not ringing) calls in service order.</summary>
    private IEnumerable<QueuedCall> Ordered(DateTimeOffset now) =>
        _calls.Values.Where(c => c.RingingAgent is null)
            .OrderByDescending(c => c.AtHead)
            .ThenByDescending(c => Score(c, now))
            .ThenBy(c => c.FirstQueuedAt)
            .ThenBy(c => c.Sequence);

    /// <summary>
    /// Offers waiting calls in service order to idle agents. Each call takes the first agent in the idle order that
    /// qualifies (<see cref="IdleAgents"/>), so the cost is a few steps per offer when most agents qualify, and a walk
    /// over the idle agents only for a call whose skills few of them have.
    /// </summary>
    private List<RoutingDecision> Dispatch(DateTimeOffset now, List<RoutingDecision> decisions)
    {
        if (_calls.Count == 0 || _idle.Count == 0)
        {
            return decisions;
        }

        foreach (var call in Ordered(now).ToList())
        {
            if (Select(call, now) is not { } choice)
            {
                continue;
            }

            var (agent, why) = choice;
            call.RingingAgent = agent.Id;
            call.OfferedAt = now;
            agent.State = AgentState.Ringing;
            agent.Call = call.Id;
            decisions.Add(new OfferCall(call.Id, agent.Id, $"{Priority.Explain(call.Tier, call.Bonus, call.FirstQueuedAt, now)}; {why}"));
            if (_idle.Count == 0)
            {
                break;
            }
        }

        return decisions;
    }

    private (Agent Agent, string Why)? Select(QueuedCall call, DateTimeOffset now)
    {
        var prefix = "";
        if (call.Preferred is { } preferredId)
        {
            var preferred = _agents.GetValueOrDefault(preferredId);
            if (preferred is { CanTakeOffer: true } && !call.MissedBy.Contains(preferredId))
            {
                return (preferred, $"preferred agent {preferredId}");
            }

            // Waiting is worth it for an owner on a call or a break; one who is not signed in will not come.
            var signedIn = preferred is not null && preferred.Status != AgentStatus.LoggedOut;
            if (signedIn && now < call.PreferredUntil)
            {
                return null;
            }

            prefix = signedIn
                ? $"preferred agent {preferredId} not reached within {(call.PreferredUntil - call.FirstQueuedAt).TotalSeconds:0} s; "
                : $"preferred agent {preferredId} not signed in; ";
        }

        // Agents who already let this call ring out come last, so a re-queued call tries someone new first.
        var agent = _idle.First(a => call.Qualifies(a) && !call.MissedBy.Contains(a.Id)) ?? _idle.First(call.Qualifies);
        if (agent is null)
        {
            return null;
        }

        var skills = call.Skills.Count == 0 ? "" : $" with skills {SkillText(call.Skills)}";
        var idleFor = agent.IdleSince is { } since ? $" (idle {(now - since).TotalSeconds:0} s)" : "";
        return (agent, $"{prefix}longest idle agent{skills}{idleFor}");
    }

    private static string SkillText(IReadOnlyDictionary<string, int> skills) =>
        string.Join(", ", skills.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"{s.Key}≥{s.Value}"));
}
