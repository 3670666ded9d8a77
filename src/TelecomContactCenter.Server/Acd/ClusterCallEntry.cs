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
            owned.Answered(handoff.CallId);
            throw;
        }
    }

    public Task AbandonAsync(CallId callId, CancellationToken cancellationToken) =>
        EndAsync(callId, LeaderAbandonAsync, (api, call) => api.AbandonAsync(call, cancellationToken), "abandonment", cancellationToken);

    public async Task<bool> CallAnsweredAsync(CallId callId, AgentId agentId, CancellationToken cancellationToken)
    {
        var answered = await peers.ViaLeaderAsync(() => acd.CallAnsweredAsync(callId, agentId, cancellationToken), async api =>
        {
            var taken = await api.AnsweredAsync(new ClusterCallRequest(callId.Value, agentId.Value), cancellationToken);
            if (taken)
            {
                owned.Fire(callId, CallTrigger.Connect);
            }

            return taken;
        }, $"the answer of call {callId}", cancellationToken);
        if (answered)
        {
            owned.Answered(callId);
        }

        return answered;
    }

    public Task CallEndedAsync(CallId callId, CancellationToken cancellationToken) =>
        EndAsync(callId, LeaderEndedAsync, (api, call) => api.EndedAsync(call, cancellationToken), "end", cancellationToken);

    /// <summary>The caller left or the call ended: the leader hears it; when that is another node, the call's phase here ends too.</summary>
    private Task<bool> EndAsync(
        CallId callId, Func<CallId, CancellationToken, Task<bool>> local, Func<IClusterApi, ClusterCallRequest, Task> remote, string what,
        CancellationToken cancellationToken) =>
        peers.ViaLeaderAsync(() =>
        {
            owned.Answered(callId);
            return local(callId, cancellationToken);
        }, async api =>
        {
            await remote(api, new ClusterCallRequest(callId.Value));
            owned.Ended(callId);
            return true;
        }, $"the {what} of call {callId}", cancellationToken);

    /// <summary>As the leader: queues a call some node owns, remembering which.</summary>
    public Task<EnqueueResult> LeaderEnqueueAsync(CallHandoff call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        owners.Set(call.CallId, call.Node ?? membership.Node);
        return acd.EnqueueAsync(call, cancellationToken);
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
/// leader's decisions, fired here as they are carried out (queued, ringing, connected, ended), and the hand-overs of
/// those no agent has answered yet are kept, so a new leader can take them over in their place in the queue
/// (<see cref="Waiting()"/>). On the leader, its own calls' phases are the ACD's to fire, and nothing here is used.
/// Thread-safe: a concurrent map; each call's phase changes under its own gate.
/// </summary>
internal sealed class OwnedCalls(CallBook book)
{
    private readonly ConcurrentDictionary<CallId, CallHandoff> _waiting = new();

    /// <summary>The hand-overs of this node's calls no agent has answered yet, oldest first.</summary>
    public IReadOnlyList<CallHandoff> Waiting() =>
        [.. _waiting.Values.Where(c => book.Find(c.CallId)?.State is CallState.Queued or CallState.Ringing).OrderBy(c => c.QueuedAt)];

    public void Waiting(CallHandoff handoff)
    {
        ArgumentNullException.ThrowIfNull(handoff);
        _waiting[handoff.CallId] = handoff;
    }

    /// <summary>An agent answered the call (or it never reached the leader): a new leader does not take it over.</summary>
    public void Answered(CallId callId) => _waiting.TryRemove(callId, out _);

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
        Answered(callId);
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
