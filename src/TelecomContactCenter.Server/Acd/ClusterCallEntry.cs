using System.Collections.Concurrent;
using TelecomContactCenter.Core.Routing;
using TelecomContactCenter.Server.Calls;
using TelecomContactCenter.Server.Cluster;
using TelecomContactCenter.Server.Contact;

namespace TelecomContactCenter.Server.Acd;

/// <summary>
/// The call entry of a node in a cluster (<see cref="ICallEntry"/>): every enqueue, abandon, answer and end goes to
/// the ACD leader's <see cref="AcdRuntime"/>, in process when this node leads and over the internal API otherwise
/// (<see cref="ClusterPeers.ViaLeaderAsync"/>). A hand-over leaves stamped with this node as its owner and its
/// first queued time (this node's clock). When the leader is another node, the call's own phase here follows what
/// the leader decided (<see cref="OwnedCalls"/>), so the bridge finds it queued, ringing or connected as it expects.
/// Stateless apart from <see cref="OwnedCalls"/>.
/// </summary>
internal sealed class ClusterCallEntry(
    AcdRuntime acd, CallOwners owners, OwnedCalls owned, ClusterPeers peers, ClusterMembership membership, TimeProvider time) : ICallEntry
{
    public async Task<EnqueueResult> EnqueueAsync(CallHandoff call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        var handoff = call with { Node = call.Node ?? membership.Node, QueuedAt = call.QueuedAt ?? time.GetUtcNow() };
        owned.Waiting(handoff);
        try
        {
            return await peers.ViaLeaderAsync(() => LeaderEnqueueAsync(handoff, cancellationToken), api =>
            {
                // Queued here before the leader hears of it: its ring may arrive before its answer does.
                owned.Fire(handoff.CallId, CallTrigger.Enqueue);
                return api.EnqueueAsync(handoff, cancellationToken);
            }, $"the enqueue of call {handoff.CallId}", cancellationToken);
        }
        catch
        {
            owned.Forget(handoff.CallId);
            throw;
        }
    }

    public Task AbandonAsync(CallId callId, CancellationToken cancellationToken) =>
        EndAsync(callId, LeaderAbandonAsync, (api, call) => api.AbandonAsync(call, cancellationToken), "abandonment", cancellationToken);

    public Task<bool> CallAnsweredAsync(CallId callId, AgentId agentId, CancellationToken cancellationToken) =>
        peers.ViaLeaderAsync(async () =>
        {
            var taken = await acd.CallAnsweredAsync(callId, agentId, cancellationToken);
            if (taken)
            {
                owned.Forget(callId);
            }

            return taken;
        }, async api =>
        {
            var taken = await api.AnsweredAsync(new ClusterCallRequest(callId.Value, agentId.Value), cancellationToken);
            if (taken)
            {
                owned.Connected(callId, agentId.Value);
            }

            return taken;
        }, $"the answer of call {callId}", cancellationToken);

    public Task CallEndedAsync(CallId callId, CancellationToken cancellationToken) =>
        EndAsync(callId, LeaderEndedAsync, (api, call) => api.EndedAsync(call, cancellationToken), "end", cancellationToken);

    /// <summary>The caller left or the call ended: the leader hears it; when that is another node, the call's phase here ends too.</summary>
    private Task<bool> EndAsync(
        CallId callId, Func<CallId, CancellationToken, Task<bool>> local, Func<IClusterApi, ClusterCallRequest, Task> remote, string what,
        CancellationToken cancellationToken) =>
        peers.ViaLeaderAsync(() =>
        {
            owned.Forget(callId);
            return local(callId, cancellationToken);
        }, async api =>
        {
            await remote(api, new ClusterCallRequest(callId.Value));
            owned.Ended(callId);
            return true;
        }, $"the {what} of call {callId}", cancellationToken);

    /// <summary>
    /// As the leader: queues a call some node owns, remembering which. A call it already holds (the owner repeating a
    /// hand-over whose answer died with the previous leader, after this one took the call over) is answered as held.
    /// </summary>
    public Task<EnqueueResult> LeaderEnqueueAsync(CallHandoff call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        owners.Set(call.CallId, call.Node ?? membership.Node);
        return acd.WithCall(call.CallId, r => r is null ? null : new EnqueueResult(r.Id, r.Handoff.Queue, r.Tier, r.Pop.ProfileAvailable, null)) is { } held
            ? Task.FromResult(held)
            : acd.EnqueueAsync(call, cancellationToken);
    }

    public async Task<bool> LeaderAbandonAsync(CallId callId, CancellationToken cancellationToken)
    {
        await acd.AbandonAsync(callId, cancellationToken);
        owners.Remove(callId);
        return true;
    }

    public async Task<bool> LeaderEndedAsync(CallId callId, CancellationToken cancellationToken)
    {
        await acd.CallEndedAsync(callId, cancellationToken);
        owners.Remove(callId);
        return true;
    }
}

/// <summary>
/// The calls this node owns (their SIP leg and media) while another node leads the ACD: each one's phase follows the
/// leader's decisions, fired here as they are carried out (queued, ringing, connected, ended), and their hand-overs
/// are kept until they end, so a new leader can take them over: those still waiting in their place in the queue
/// (<see cref="Waiting()"/>), those an agent is on with that agent (<see cref="Connected()"/>). On the leader, its
/// own calls' phases are the ACD's to fire, and nothing here is kept for them.
/// Thread-safe: concurrent maps; each call's phase changes under its own gate.
/// </summary>
internal sealed class OwnedCalls(CallBook book, TimeProvider time)
{
    private readonly ConcurrentDictionary<CallId, CallHandoff> _waiting = new();
    private readonly ConcurrentDictionary<CallId, ConnectedCall> _connected = new();

    /// <summary>The hand-overs of this node's calls no agent has answered yet, oldest first.</summary>
    public IReadOnlyList<CallHandoff> Waiting() =>
        [.. _waiting.Values.Where(c => book.Find(c.CallId)?.State is CallState.Queued or CallState.Ringing).OrderBy(c => c.QueuedAt)];

    /// <summary>This node's calls an agent is on (or wrapping up while the caller is still there).</summary>
    public IReadOnlyList<ConnectedCall> Connected() => [.. _connected.Values.Where(c => book.Find(c.Handoff.CallId)?.State == CallState.Connected)];

    public void Waiting(CallHandoff handoff)
    {
        ArgumentNullException.ThrowIfNull(handoff);
        _waiting[handoff.CallId] = handoff;
    }

    /// <summary>The leader connected the call to <paramref name="agent"/>: its phase here is connected, and a new leader keeps the agent on it.</summary>
    public void Connected(CallId callId, string agent)
    {
        Fire(callId, CallTrigger.Connect);
        if (_waiting.TryRemove(callId, out var handoff))
        {
            _connected[callId] = new ConnectedCall(handoff, agent, time.GetUtcNow());
        }
    }

    /// <summary>The call is the leader's own or has ended: nothing is kept for it.</summary>
    public void Forget(CallId callId)
    {
        _waiting.TryRemove(callId, out _);
        _connected.TryRemove(callId, out _);
    }

    /// <summary>Moves the call's own phase as the leader moved it; a trigger its phase does not allow is passed over.</summary>
    public void Fire(CallId callId, params ReadOnlySpan<CallTrigger> triggers)
    {
        if (book.Find(callId) is not { } call)
        {
            return;
        }

        foreach (var trigger in triggers)
        {
            call.Fire(trigger);
        }
    }

    /// <summary>The leader heard the call end: its phase here ends too (abandoned while waiting, completed once talked).</summary>
    public void Ended(CallId callId)
    {
        Forget(callId);
        switch (book.Find(callId)?.State)
        {
            case CallState.Queued or CallState.Ringing:
                Fire(callId, CallTrigger.CallerLeft);
                break;
            case CallState.Connected:
                Fire(callId, CallTrigger.HangUp, CallTrigger.WrapUpDone);
                break;
            case CallState.WrapUp:
                Fire(callId, CallTrigger.WrapUpDone);
                break;
        }
    }
}

/// <summary>A call an agent is on, as its owner tells a new leader: the hand-over, the agent, and when (the owner's clock) it was connected.</summary>
internal sealed record ConnectedCall(CallHandoff Handoff, string Agent, DateTimeOffset AnsweredAt);

/// <summary>
/// On the ACD leader: which node owns each call it holds (the node with the call's SIP leg and media), so offers are
/// carried out there. Thread-safe: a concurrent map.
/// </summary>
internal sealed class CallOwners
{
    private readonly ConcurrentDictionary<CallId, string> _owners = new();

    public void Set(CallId callId, string node) => _owners[callId] = node;

    public string? Of(CallId callId) => _owners.GetValueOrDefault(callId);

    public void Remove(CallId callId) => _owners.TryRemove(callId, out _);

    /// <summary>The calls <paramref name="node"/> owns.</summary>
    public IReadOnlyList<CallId> CallsOf(string node) => [.. _owners.Where(o => o.Value == node).Select(o => o.Key)];
}
