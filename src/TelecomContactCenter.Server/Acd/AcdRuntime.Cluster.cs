using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using TelecomContactCenter.Core.Routing;
using TelecomContactCenter.Server.Calls;
using TelecomContactCenter.Server.Contact;
using TelecomContactCenter.Server.Data;
using TelecomContactCenter.Server.Hubs;
using TelecomContactCenter.Server.Interactions;

namespace TelecomContactCenter.Server.Acd;

/// <summary>The runtime's part in a cluster, as the ACD leader: calls taken over from a leader that died, and calls whose owner died.</summary>
internal sealed partial class AcdRuntime
{
    /// <summary>
    /// A call queued before (a hand-over with its first queued time) that this distributor does not hold: in a cluster
    /// the call a leader that died was offering, queued again by the new one. Its phase is already queued (ringing
    /// ends: that offer died with the leader). Caller holds the lock.
    /// </summary>
    private static bool TakenOver(CallHandoff call, Call owner)
    {
        if (call.QueuedAt is null)
        {
            return false;
        }

        owner.Fire(CallTrigger.RingEnded);
        return owner.State == CallState.Queued;
    }

    /// <summary>
    /// In a cluster, as this node takes the ACD leadership: whatever it held from an earlier term is stale (those calls
    /// went on under another leader), so it starts from an empty distributor that the takeover fills from the live
    /// nodes. The stand-ins it kept for other nodes' calls end here (they are no calls of this node's); its own calls'
    /// phases are left to their owner, this node. Agents are known again as their desktops are.
    /// </summary>
    public void Reset(string thisNode)
    {
        lock (_gate)
        {
            foreach (var record in _calls.Values.Where(r => r.Handoff.Node is { } owner && owner != thisNode))
            {
                record.Fire(CallTrigger.CallerLeft);
                record.Fire(CallTrigger.HangUp);
                record.Fire(CallTrigger.WrapUpDone);
            }

            _acd = new AutomaticCallDistributor(_routing, _time);
            _calls.Clear();
            _agentCalls.Clear();
        }
    }

    /// <summary>
    /// In a cluster: the node that owned the call (its SIP leg and media) died, so the call no longer exists. It leaves
    /// the distributor at once, whatever its phase: a ringing agent is freed, an agent on it or wrapping it up is back
    /// to idle (the desktop hears the call completed, with the reason), and its record is ended as the node's failure
    /// ended it (an agent's own disposition is kept).
    /// </summary>
    public async Task EndByNodeFailureAsync(CallId callId, string node, CancellationToken cancellationToken)
    {
        IReadOnlyList<RoutingDecision> decisions;
        CallRecord? record;
        string? agent;
        lock (_gate)
        {
            if (!_calls.TryGetValue(callId, out record))
            {
                return;
            }

            var now = _time.GetUtcNow();
            agent = record.Agent ?? record.RingingAgent;
            switch (record.Phase)
            {
                case CallState.Queued or CallState.Ringing:
                    decisions = _acd.Abandon(callId);
                    record.Fire(CallTrigger.CallerLeft);
                    break;
                case CallState.Connected:
                    decisions = [.. _acd.CallEnded(callId), .. _acd.WrapUpCompleted(new AgentId(record.Agent!))];
                    record.Fire(CallTrigger.HangUp);
                    record.Fire(CallTrigger.WrapUpDone);
                    break;
                case CallState.WrapUp:
                    decisions = _acd.WrapUpCompleted(new AgentId(record.Agent!));
                    record.Fire(CallTrigger.WrapUpDone);
                    break;
                default:
                    decisions = [];
                    break;
            }

            record.EndedAt ??= now;
            record.Disposition ??= InteractionWriter.NodeFailureDisposition;
            record.Routing.Add(new RoutingStep(now, InteractionWriter.NodeFailureDisposition, agent, $"node {node}, which held the call's media, died"));
            Forget(record);
        }

        if (agent is not null)
        {
            await Desktop(agent).CallStateChanged(new CallStateView(callId.Value, "Completed", $"node {node} failed: the call ended", null));
            await Desktop(agent).StatusChanged(StateOf(agent));
        }

        await ExecuteAsync(decisions, cancellationToken);
        await _writer.SaveAsync(record, Snapshot, cancellationToken);
        _board.Changed();
    }

    /// <summary>
    /// In a cluster, taking over from a leader that died: a call its owner reports an agent on goes on with that agent.
    /// The agent is in the call again (no offer reaches them until it ends), and the record carries on from what the
    /// dead leader saved (notes, disposition, complaint, offers with their outcomes, routing) so the wrap-up loses
    /// nothing acknowledged. False when the call is already held or the agent is not idle here.
    /// </summary>
    public async Task<bool> AttachAsync(CallHandoff call, string agent, DateTimeOffset answeredAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        PreparedCall prepared;
        Interactions.Interaction? saved;
        await using (var scope = _scopes.CreateAsyncScope())
        {
            prepared = await scope.ServiceProvider.GetRequiredService<ScreenPopBuilder>().PrepareAsync(call, cancellationToken);
            saved = await scope.ServiceProvider.GetRequiredService<ContactCenterDbContext>().Interactions.AsNoTracking()
                .FirstOrDefaultAsync(i => i.CallId == call.CallId.Value, cancellationToken);
        }

        var offers = saved?.Offers is { } offersJson ? JsonSerializer.Deserialize(offersJson, CallRecordJson.Default.IReadOnlyListOfferRecord) : null;
        var routing = saved?.Routing is { } routingJson ? JsonSerializer.Deserialize(routingJson, CallRecordJson.Default.IReadOnlyListRoutingStep) : null;
        lock (_gate)
        {
            var owner = _book.FindOrOpen(call.CallId, call.Caller.ToIdentity());
            owner.Fire(CallTrigger.Enqueue);
            owner.Fire(CallTrigger.Connect);
            if (_calls.ContainsKey(call.CallId) || owner.State != CallState.Connected
                || !_acd.Attach(call.CallId, call.Queue, new AgentId(agent), answeredAt))
            {
                return false;
            }

            var now = _time.GetUtcNow();
            var record = new CallRecord
            {
                Call = owner,
                Handoff = call,
                Pop = prepared.Pop,
                CustomerId = prepared.CustomerId,
                Tier = prepared.Tier,
                QueuedAt = call.QueuedAt is { } first && first < now ? first : now,
                Offers = offers is null ? CallRecord.OffersFrom(prepared.Offers) : [.. offers],
                Agent = agent,
                AnsweredAt = answeredAt,
                Notes = saved?.Notes,
                Disposition = saved?.Disposition,
                ComplaintId = saved?.ComplaintId,
            };
            record.Routing.AddRange(routing ?? []);
            record.Routing.Add(new RoutingStep(now, "TakenOver", agent, "the ACD leader changed while the agent was on the call"));
            _calls.Add(call.CallId, record);
            _agentCalls[agent] = record;
        }

        await Desktop(agent).StatusChanged(StateOf(agent));
        _board.Changed();
        return true;
    }
}
