using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using TelecomContactCenter.Core.Routing;
using TelecomContactCenter.Server.Agents;
using TelecomContactCenter.Server.Calls;
using TelecomContactCenter.Server.Contact;
using TelecomContactCenter.Server.Hubs;
using TelecomContactCenter.Server.Interactions;
using TelecomContactCenter.Server.Wallboard;

namespace TelecomContactCenter.Server.Acd;

/// <summary>
/// The ACD runtime: Core's <see cref="AutomaticCallDistributor"/> on the host's clock, the calls it holds with their
/// pops and wrap-up state, and the dispatcher that carries out its decisions (ring + pop at the same moment). Each
/// queued call is a <see cref="Call"/> from the <see cref="CallBook"/> (opened here for a call queued without a SIP
/// leg), and from queued on the runtime alone moves its phase: Enqueue, Ring, RingEnded, Connect, HangUp, CallerLeft,
/// WrapUpDone. Thread-safe: the ACD and every <see cref="CallRecord"/> (with its call's phase) and desk entry change
/// only under <see cref="_gate"/> (a call's own gate is taken inside it, never the other way round);
/// decisions are carried out after the lock is released, so pushes and rings never run under it. The agent desk and
/// the wallboard reach this state only through the narrow API in AcdRuntime.Access.cs, whose callbacks run under the
/// lock and are synchronous, so no lock is ever held across an await.
/// </summary>
internal sealed partial class AcdRuntime : ICallEntry
{
    private readonly Lock _gate = new();
    private readonly RoutingOptions _routing;
    private AutomaticCallDistributor _acd;
    private readonly Dictionary<CallId, CallRecord> _calls = [];
    private readonly Dictionary<string, CallRecord> _agentCalls = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DeskEntry> _desks = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Queue, string Tier), ServiceLevelCount> _serviceLevels = [];
    private readonly AgentOptions _options;
    private readonly TimeProvider _time;
    private readonly IServiceScopeFactory _scopes;
    private readonly CallBook _book;
    private readonly IAgentPhone _phone;
    private readonly IHubContext<AgentHub, IAgentClient> _agents;
    private readonly AgentConnections _connections;
    private readonly BoardChanges _board;
    private int _waitingPastTarget;
    private readonly InteractionWriter _writer;
    private readonly ILogger<AcdRuntime> _logger;

    public AcdRuntime(
        IOptions<RoutingOptions> routing, IOptions<AgentOptions> options, TimeProvider time, IServiceScopeFactory scopes,
        CallBook book, IAgentPhone phone, IHubContext<AgentHub, IAgentClient> agents, AgentConnections connections, BoardChanges board,
        InteractionWriter writer, ILogger<AcdRuntime> logger)
    {
        _routing = routing.Value;
        _acd = new AutomaticCallDistributor(_routing, time);
        _options = options.Value;
        _time = time;
        _scopes = scopes;
        _book = book;
        _phone = phone;
        _agents = agents;
        _connections = connections;
        _board = board;
        _writer = writer;
        _logger = logger;
        RingTimeout = routing.Value.RingTimeout;
    }

    public TimeSpan RingTimeout { get; }

    /// <summary>The agent's open desktops, addressed by their group rather than by user (see <see cref="AgentConnections.Group"/>).</summary>
    private IAgentClient Desktop(string agent) => _agents.Clients.Group(AgentConnections.Group(agent));

    public async Task<EnqueueResult> EnqueueAsync(CallHandoff call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        PreparedCall prepared;
        await using (var scope = _scopes.CreateAsyncScope())
        {
            prepared = await scope.ServiceProvider.GetRequiredService<ScreenPopBuilder>().PrepareAsync(call, cancellationToken);
        }

        var skills = call.Skills.Count > 0 ? call.Skills
            : _options.QueueSkills.TryGetValue(call.Queue, out var queueSkills) ? queueSkills.ToDictionary(s => s, _ => 1)
            : new Dictionary<string, int>();
        CallRecord record;
        IReadOnlyList<RoutingDecision> decisions;
        QueuePosition? position;
        lock (_gate)
        {
            var owner = _book.FindOrOpen(call.CallId, call.Caller.ToIdentity());
            if (_calls.ContainsKey(call.CallId) || !(owner.Fire(CallTrigger.Enqueue) || TakenOver(call, owner)))
            {
                throw new InvalidOperationException($"Call {call.CallId} is already queued.");
            }

            record = new CallRecord
            {
                Call = owner,
                Handoff = call,
                Pop = prepared.Pop,
                CustomerId = prepared.CustomerId,
                Tier = prepared.Tier,
                QueuedAt = call.QueuedAt is { } first && first < _time.GetUtcNow() ? first : _time.GetUtcNow(),
                Offers = CallRecord.OffersFrom(prepared.Offers),
            };
            _calls.Add(call.CallId, record);

            record.Routing.Add(new RoutingStep(record.QueuedAt, "Enqueue", null,
                $"queue {call.Queue}, tier {prepared.Tier?.ToString() ?? "unknown"}, bonus {call.PriorityBonus}" +
                (prepared.Pop.ProfileAvailable ? "" : "; profile unavailable, default tier")));
            decisions = _acd.Enqueue(new QueuedCallRequest
            {
                CallId = call.CallId,
                Queue = call.Queue,
                Tier = prepared.Tier,
                PriorityBonus = call.PriorityBonus,
                Skills = skills,
                PreferredAgent = call.PreferredAgent is { } preferred ? new AgentId(preferred) : null,
                PreferredAgentTimeout = call.PreferredAgentTimeout,
                FirstQueuedAt = record.QueuedAt,
            });
            position = _acd.GetPosition(call.CallId);
        }

        LogEnqueued(_logger, call.CallId.Value, call.Queue, prepared.Tier?.ToString() ?? "unknown");
        await ExecuteAsync(decisions, cancellationToken);
        await _writer.SaveAsync(record, Snapshot, cancellationToken);
        _board.Changed();
        return new EnqueueResult(call.CallId, call.Queue, prepared.Tier, prepared.Pop.ProfileAvailable, position);
    }

    public async Task AbandonAsync(CallId callId, CancellationToken cancellationToken)
    {
        IReadOnlyList<RoutingDecision> decisions;
        CallRecord? record;
        lock (_gate)
        {
            if (!_calls.TryGetValue(callId, out record) || record.Phase is not (CallState.Queued or CallState.Ringing))
            {
                return;
            }

            var now = _time.GetUtcNow();
            decisions = _acd.Abandon(callId);
            record.Fire(CallTrigger.CallerLeft);
            record.EndedAt = now;
            record.Disposition = "Abandoned";
            record.Routing.Add(new RoutingStep(now, "Abandon", record.RingingAgent, "caller hung up before an agent answered"));
            Forget(record);
            Count(record, c => c.Abandon(now - record.QueuedAt > _options.ServiceLevelTarget));
        }

        await ExecuteAsync(decisions, cancellationToken);
        await _writer.SaveAsync(record, Snapshot, cancellationToken);
        _board.Changed();
    }

    public async Task<bool> CallAnsweredAsync(CallId callId, AgentId agentId, CancellationToken cancellationToken)
    {
        IReadOnlyList<RoutingDecision> decisions;
        CallRecord? record;
        bool accepted;
        lock (_gate)
        {
            if (!_calls.TryGetValue(callId, out record))
            {
                return false;
            }

            decisions = _acd.OfferAccepted(callId, agentId);
            var agent = _acd.GetAgent(agentId);
            accepted = agent is { State: AgentState.InCall } && agent.Call == callId;
            if (accepted)
            {
                var now = _time.GetUtcNow();
                record.Fire(CallTrigger.Connect);
                record.Agent = agentId.Value;
                _agentCalls[agentId.Value] = record;
                record.AnsweredAt = now;
                record.Routing.Add(new RoutingStep(now, "Answered", agentId.Value, $"answered after {(now - record.QueuedAt).TotalSeconds:0.#} s"));
                Count(record, c => c.Answer(now - record.QueuedAt, _options.ServiceLevelTarget));
            }
        }

        await ExecuteAsync(decisions, cancellationToken);
        if (accepted)
        {
            await Desktop(agentId.Value).CallStateChanged(new CallStateView(callId.Value, "Connected", null, null));
            await _writer.SaveAsync(record, Snapshot, cancellationToken);
            _board.Changed();
        }

        return accepted;
    }

    public async Task CallEndedAsync(CallId callId, CancellationToken cancellationToken)
    {
        IReadOnlyList<RoutingDecision> decisions;
        CallRecord? record;
        lock (_gate)
        {
            if (!_calls.TryGetValue(callId, out record))
            {
                return;
            }

            if (record.Phase is CallState.Queued or CallState.Ringing)
            {
                decisions = [];
            }
            else
            {
                if (record.Phase != CallState.Connected)
                {
                    return;
                }

                decisions = _acd.CallEnded(callId);
                record.Fire(CallTrigger.HangUp);
                record.EndedAt = _time.GetUtcNow();
                record.Routing.Add(new RoutingStep(record.EndedAt.Value, "Ended", record.Agent, "call ended; agent in wrap-up"));
            }
        }

        if (record.Phase != CallState.WrapUp)
        {
            await AbandonAsync(callId, cancellationToken);
            return;
        }

        await Desktop(record.Agent!).CallStateChanged(new CallStateView(callId.Value, "WrapUp", "call ended", WrapUpOf(record)));
        await ExecuteAsync(decisions, cancellationToken);
        await _writer.SaveAsync(record, Snapshot, cancellationToken);
        _board.Changed();
    }

    /// <summary>Tick loop entry: ring timeouts, overflow, wrap-up limits.</summary>
    public async Task TickAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<RoutingDecision> decisions;
        bool crossedTarget;
        lock (_gate)
        {
            decisions = _acd.Tick();
            if (decisions.Any(d => d is CancelOffer))
            {
                decisions = BenchUnansweredPhones(decisions, decisions.OfType<CancelOffer>().Select(c => c.AgentId));
            }

            // A call that has just waited past the service-level target changes the board (alarm, service level)
            // though nothing else happened to it.
            var now = _time.GetUtcNow();
            var pastTarget = _calls.Values.Count(c => c.Phase is CallState.Queued or CallState.Ringing
                && now - c.QueuedAt > _options.ServiceLevelTarget);
            crossedTarget = pastTarget != _waitingPastTarget;
            _waitingPastTarget = pastTarget;
        }

        if (decisions.Count > 0 || crossedTarget)
        {
            await ExecuteAsync(decisions, cancellationToken);
            _board.Changed();
        }
    }

    /// <summary>The break reason of an agent whose registered phone did not answer an offer while their desktop was online.</summary>
    public const string PhoneNotAnswering = "phone-not-answering";

    /// <summary>
    /// An offer to the agent's registered phone went unanswered (ring timeout, or the phone unreachable) while their
    /// desktop is online: the phone, not the agent, is the likely fault, so the agent is taken off calls at once with
    /// <see cref="PhoneNotAnswering"/> (the call has already gone to the next agent) and the desktop asks them to check
    /// the phone and choose Available or a break. Caller holds the lock.
    /// </summary>
    private IReadOnlyList<RoutingDecision> PhoneNotAnswered(AgentId agent)
    {
        if (!_connections.IsConnected(agent.Value) || _phone.DeviceOf(agent) != Agents.AgentDevice.SipPhone
            || _acd.GetAgent(agent) is not { Status: AgentStatus.Available or AgentStatus.OnBreak })
        {
            return [];
        }

        return [.. _acd.AgentStatusChanged(agent, AgentStatus.OnBreak, PhoneNotAnswering), new AgentNotReady(agent, "the agent's phone did not answer")];
    }

    /// <summary>
    /// <paramref name="decisions"/> with the agents whose phones did not answer taken off calls (see
    /// <see cref="PhoneNotAnswered"/>). With nobody else free, the ACD may have offered the call straight back to an
    /// agent just benched; benching cancelled that offer, so neither is carried out and their phone does not ring
    /// again. Caller holds the lock.
    /// </summary>
    private IReadOnlyList<RoutingDecision> BenchUnansweredPhones(IReadOnlyList<RoutingDecision> decisions, IEnumerable<AgentId> agents)
    {
        var benched = agents.Distinct().SelectMany(PhoneNotAnswered).ToList();
        if (benched.Count == 0)
        {
            return decisions;
        }

        var unsent = benched.OfType<CancelOffer>().Select(c => (c.CallId, c.AgentId)).ToHashSet();
        return [.. decisions.Where(d => d is not OfferCall o || !unsent.Contains((o.CallId, o.AgentId))), .. benched.Where(d => d is not CancelOffer)];
    }

    /// <summary>
    /// The call offered to the agent, or that they are on or wrapping up, or null; caller holds the lock. Looked up
    /// by agent instead of searched among all calls: the desk asks on every status change and wrap-up.
    /// </summary>
    private CallRecord? CallOf(string agent) =>
        _agentCalls.TryGetValue(agent, out var record) && _calls.TryGetValue(record.Id, out var current) && ReferenceEquals(current, record)
            && (record.Agent == agent || (record.Phase == CallState.Ringing && record.RingingAgent == agent))
            ? record
            : null;

    /// <summary>The call leaves the distributor; caller holds the lock.</summary>
    private void Forget(CallRecord record)
    {
        _calls.Remove(record.Id);
        foreach (var agent in (ReadOnlySpan<string?>)[record.Agent, record.RingingAgent])
        {
            if (agent is not null && _agentCalls.TryGetValue(agent, out var indexed) && ReferenceEquals(indexed, record))
            {
                _agentCalls.Remove(agent);
            }
        }
    }

    /// <summary>The call's record as saved; takes the lock, so the writer sees one consistent state.</summary>
    public CallSnapshot Snapshot(CallRecord record)
    {
        lock (_gate)
        {
            return record.Snapshot();
        }
    }

    /// <summary>What the agent's wrap-up form shows for the call; takes the lock.</summary>
    public WrapUpView WrapUpOf(CallRecord record)
    {
        lock (_gate)
        {
            return new WrapUpView(record.Id.Value, record.Disposition, [.. record.Offers], record.MissingForWrapUp(), record.Notes);
        }
    }

    /// <summary>Counts an answer or abandon against the call's queue and tier; caller holds the lock.</summary>
    private void Count(CallRecord record, Func<ServiceLevelCount, ServiceLevelCount> change)
    {
        var key = (record.Handoff.Queue, record.Tier?.ToString() ?? "Unknown");
        _serviceLevels[key] = change(_serviceLevels.GetValueOrDefault(key));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Call {CallId} queued in {Queue} as {Tier}")]
    private static partial void LogEnqueued(ILogger logger, string callId, string queue, string tier);
}
