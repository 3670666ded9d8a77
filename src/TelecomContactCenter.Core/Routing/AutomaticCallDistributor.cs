namespace TelecomContactCenter.Core.Routing;

/// <summary>
/// The ACD: holds waiting calls and agents, and decides which agent is offered which call and why. Pure: no I/O and
/// no timers of its own. Time comes from the injected <see cref="TimeProvider"/>; the host calls <see cref="Tick"/>
/// about once a second for ring timeouts, preferred-agent overflow, maximum waits and wrap-up limits, and reports
/// what happened on the phones with the other methods. Every method returns the decisions it took, in order; the
/// host carries them out (INVITE/CANCEL, screen pop, 302, callback) and records them.
/// Selection: calls in priority order (<see cref="PriorityPolicy"/>; a call returned after an unanswered offer goes
/// first), each to the longest-idle Available agent with its skills, agents who already missed that call last. A
/// preferred agent (complaint owner, account manager) is the only candidate until the call's preferred-agent timeout,
/// needs no skills, and is still tried first after it.
/// Thread-safe: every public member holds one lock; decisions are returned, never called back, so the host acts on
/// them outside the lock.
/// </summary>
public sealed partial class AutomaticCallDistributor
{
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly RoutingOptions _options;
    private readonly Dictionary<CallId, QueuedCall> _calls = [];
    private readonly Dictionary<AgentId, Agent> _agents = [];
    private readonly IdleAgents _idle = new();
    private readonly Dictionary<CallId, Agent> _connected = [];
    private readonly Dictionary<string, CallQueue> _queues = [];
    private long _sequence;

    public AutomaticCallDistributor(RoutingOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        var problems = options.Validate().ToList();
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", problems), nameof(options));
        }

        _options = options;
        _time = time;
        Priority = new PriorityPolicy(options);
        foreach (var queue in options.Queues)
        {
            _queues[queue.Name] = new CallQueue(queue, options);
        }
    }

    public PriorityPolicy Priority { get; }

    /// <summary>Adds a call to its queue (created with default options if not configured) and offers it if it can.</summary>
    public IReadOnlyList<RoutingDecision> Enqueue(QueuedCallRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        lock (_gate)
        {
            if (_calls.ContainsKey(request.CallId) || _connected.ContainsKey(request.CallId))
            {
                throw new InvalidOperationException($"Call {request.CallId} is already in the ACD.");
            }

            var now = _time.GetUtcNow();
            Queue(request.Queue);
            _calls[request.CallId] = new QueuedCall
            {
                Id = request.CallId,
                Queue = request.Queue,
                Tier = request.Tier,
                Bonus = request.PriorityBonus,
                Skills = request.Skills,
                Preferred = request.PreferredAgent,
                PreferredUntil = now + (request.PreferredAgent is null ? TimeSpan.Zero : request.PreferredAgentTimeout ?? TimeSpan.Zero),
                FirstQueuedAt = request.FirstQueuedAt is { } first && first < now ? first : now,
                QueueEnteredAt = now,
                Sequence = _sequence++,
            };
            return Dispatch(now, []);
        }
    }

    /// <summary>
    /// A call another distributor had connected to the agent (in a cluster, a leader that died): the agent is on it
    /// from <paramref name="answeredAt"/>, as after <see cref="OfferAccepted"/>, and its end and wrap-up follow as
    /// for any call. False, and nothing changes, when the call is already here or the agent is unknown or not idle.
    /// </summary>
    public bool Attach(CallId callId, string queue, AgentId agentId, DateTimeOffset answeredAt)
    {
        lock (_gate)
        {
            if (_calls.ContainsKey(callId) || _connected.ContainsKey(callId) || !_agents.TryGetValue(agentId, out var agent)
                || agent.State != AgentState.Idle)
            {
                return false;
            }

            Queue(queue);
            agent.State = AgentState.InCall;
            agent.Call = callId;
            agent.AnsweredAt = answeredAt;
            agent.CallQueue = queue;
            _connected[callId] = agent;
            return true;
        }
    }

    /// <summary>
    /// The caller hung up while waiting or while an agent's phone rang (then the offer is cancelled and the agent is
    /// free again with their idle time kept). Unknown or already answered calls are ignored.
    /// </summary>
    public IReadOnlyList<RoutingDecision> Abandon(CallId callId)
    {
        lock (_gate)
        {
            var decisions = new List<RoutingDecision>();
            if (!_calls.Remove(callId, out var call))
            {
                return decisions;
            }

            if (call.RingingAgent is { } agentId)
            {
                var agent = _agents[agentId];
                agent.State = AgentState.Idle;
                agent.Call = null;
                decisions.Add(new CancelOffer(callId, agentId, "caller hung up while the agent's phone rang"));
            }

            return Dispatch(_time.GetUtcNow(), decisions);
        }
    }

    /// <summary>Changes a waiting call's tier or IVR bonus; the new priority applies to the very next selection.</summary>
    public IReadOnlyList<RoutingDecision> ChangePriority(CallId callId, Customers.ValueTier? tier, int priorityBonus)
    {
        lock (_gate)
        {
            var call = _calls.GetValueOrDefault(callId) ?? throw new InvalidOperationException($"Call {callId} is not waiting.");
            call.Tier = tier;
            call.Bonus = priorityBonus;
            return Dispatch(_time.GetUtcNow(), []);
        }
    }

    /// <summary>
    /// The agent answered: the call leaves the queue and the agent is in the call. An answer that crossed a
    /// withdrawal (the offer had already timed out or the caller hung up) returns a <see cref="CancelOffer"/>: the host
    /// releases that agent leg.
    /// </summary>
    public IReadOnlyList<RoutingDecision> OfferAccepted(CallId callId, AgentId agentId)
    {
        lock (_gate)
        {
            var call = _calls.GetValueOrDefault(callId);
            if (call?.RingingAgent != agentId)
            {
                return [new CancelOffer(callId, agentId, $"agent {agentId} answered after the offer was withdrawn")];
            }

            _calls.Remove(callId);
            var agent = _agents[agentId];
            agent.State = AgentState.InCall;
            agent.AnsweredAt = _time.GetUtcNow();
            agent.CallQueue = call.Queue;
            agent.Missed = 0;
            _connected[callId] = agent;
            return [];
        }
    }

    /// <summary>
    /// The agent did not answer in time or refused (busy, unreachable). The call goes back to the head of its queue
    /// with its original queue time; the agent goes to the back of the idle line, or on break after
    /// <see cref="RoutingOptions.MaxConsecutiveMissedOffers"/> misses in a row. A report about an offer that is no
    /// longer current (already withdrawn by <see cref="Tick"/>, or the call now rings someone else) is ignored.
    /// </summary>
    public IReadOnlyList<RoutingDecision> OfferTimedOut(CallId callId, AgentId agentId)
    {
        lock (_gate)
        {
            var call = _calls.GetValueOrDefault(callId);
            if (call?.RingingAgent != agentId)
            {
                return [];
            }

            var now = _time.GetUtcNow();
            var decisions = new List<RoutingDecision>();
            Missed(call, now, decisions, cancel: false);
            return Dispatch(now, decisions);
        }
    }

    /// <summary>
    /// The offer could not start for a reason on the service's side (no media port free for the agent's leg): the
    /// call goes back to the head of its queue and the agent back to idle with their place in the idle order, and
    /// nothing counts as the agent's miss. No offer follows at once, since the shortage would refuse it again: the
    /// next event or <see cref="Tick"/> offers the call anew.
    /// </summary>
    public IReadOnlyList<RoutingDecision> OfferFailed(CallId callId, AgentId agentId)
    {
        lock (_gate)
        {
            var call = _calls.GetValueOrDefault(callId);
            if (call?.RingingAgent != agentId)
            {
                return [];
            }

            ReturnToHead(call);
            var agent = _agents[agentId];
            agent.State = AgentState.Idle;
            agent.Call = null;
            return [];
        }
    }

    /// <summary>Either leg hung up on an answered call: the agent goes to wrap-up. A call still queued is abandoned.</summary>
    public IReadOnlyList<RoutingDecision> CallEnded(CallId callId)
    {
        lock (_gate)
        {
            if (_calls.ContainsKey(callId))
            {
                // System.Threading.Lock is re-entrant, so the abandon path can run under the lock already held.
                return Abandon(callId);
            }

            if (_connected.Remove(callId, out var agent))
            {
                agent.State = AgentState.WrapUp;
                agent.WrapUpSince = _time.GetUtcNow();
            }

            return [];
        }
    }

    /// <summary>Where the call stands, or null when it is not waiting (ringing calls count as position 0).</summary>
    public QueuePosition? GetPosition(CallId callId)
    {
        lock (_gate)
        {
            if (!_calls.TryGetValue(callId, out var call))
            {
                return null;
            }

            var now = _time.GetUtcNow();
            var sameQueue = Ordered(now).Where(c => c.Queue == call.Queue).ToList();
            var position = call.RingingAgent is null ? sameQueue.IndexOf(call) + 1 : 0;
            // A call already ringing waits for no one; only a waiting call needs the agents counted (thousands of them).
            TimeSpan? wait = TimeSpan.Zero;
            if (position > 0)
            {
                var serving = _agents.Values.Count(a => a.Status == AgentStatus.Available && (call.Qualifies(a) || a.Id == call.Preferred));
                wait = serving == 0 ? null : Queue(call.Queue).AverageHandleTime * position / serving;
            }

            return new QueuePosition(call.Queue, position, sameQueue.Count, Score(call, now), wait);
        }
    }

    /// <summary>Waiting calls (ringing ones included) in the order they will be served.</summary>
    public IReadOnlyList<QueuedCallSnapshot> GetCalls()
    {
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            return [.. _calls.Values.Where(c => c.RingingAgent is not null).Concat(Ordered(now))
                .Select(c => new QueuedCallSnapshot(c.Id, c.Queue, c.Tier, Score(c, now), now - c.FirstQueuedAt, c.RingingAgent))];
        }
    }

    private CallQueue Queue(string name)
    {
        if (!_queues.TryGetValue(name, out var queue))
        {
            queue = new CallQueue(new CallQueueOptions { Name = name }, _options);
            _queues[name] = queue;
        }

        return queue;
    }

    private double Score(QueuedCall call, DateTimeOffset now) => Priority.Score(call.Tier, call.Bonus, call.FirstQueuedAt, now);
}
