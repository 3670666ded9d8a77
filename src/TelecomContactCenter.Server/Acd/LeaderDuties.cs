using TelecomContactCenter.Server.AgentDesk;
using TelecomContactCenter.Server.Agents;
using TelecomContactCenter.Server.Cluster;
using TelecomContactCenter.Server.Contact;

namespace TelecomContactCenter.Server.Acd;

/// <summary>
/// What the ACD leader of a cluster does when the membership changes (<see cref="ClusterMembership"/> calls it):
/// <list type="bullet">
/// <item>Taking over, it starts from an empty runtime (what it held in an earlier term is stale) and rebuilds the
/// one queue from the live nodes: every agent whose desktop is connected (here or on
/// a node that says so) gets the status they last chose (<c>agent_statuses</c>), then every call still waiting for an
/// agent on any live node (this one included) is queued again with its first queued time, oldest first, so the
/// queue order is the one the dead leader had. A call that was ringing rings again; an offer in flight died with
/// the leader. A call an agent is on goes on with that agent (<see cref="AcdRuntime.AttachAsync"/>).</item>
/// <item>Losing the leadership while alive (its lock's session broke), it drops what its runtime held.</item>
/// <item>When a node dies (no heartbeat for <c>Cluster:NodeTimeout</c>), the calls it owned leave the ACD at once
/// (<see cref="AcdRuntime.EndByNodeFailureAsync"/>), freeing their agents, and its desktops and wallboards no longer count.</item>
/// </list>
/// Runs on the membership's leadership loop, one duty at a time.
/// </summary>
internal sealed partial class LeaderDuties(
    AcdRuntime acd, ClusterCallEntry entry, CallOwners owners, OwnedCalls owned, ClusterPeers peers, Desk desk, AgentConnections connections,
    Wallboard.SupervisorFeed feed, ILogger<LeaderDuties> logger)
{
    public async Task TakeOverAsync(CancellationToken cancellationToken)
    {
        acd.Reset(peers.Node);
        connections.ForgetRemote(null);
        feed.ForgetElsewhere(null);
        var waiting = new List<CallHandoff>(owned.Waiting());
        var connected = new List<ConnectedCall>(owned.Connected());
        var desktops = new List<(string Agent, string? Node)>(connections.Here().Select(a => (a, (string?)null)));
        foreach (var (node, url) in await peers.OthersAsync(cancellationToken))
        {
            try
            {
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                wait.CancelAfter(peers.FactsWait);
                var facts = await peers.Api(url).FactsAsync(wait.Token);
                waiting.AddRange(facts.Waiting);
                connected.AddRange(facts.Connected);
                desktops.AddRange(facts.Desktops.Select(a => (a, (string?)node)));
                if (facts.Wallboards is { } wallboards)
                {
                    feed.WatchedElsewhere(wallboards);
                }
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                LogNodeUnanswered(logger, ex, node);
            }
        }

        // Agents on a call first, so no offer reaches them while their status is restored.
        var attached = 0;
        foreach (var call in connected)
        {
            acd.EnsureAgent(call.Agent);
            owners.Set(call.Handoff.CallId, call.Handoff.Node ?? peers.Node);
            attached += await acd.AttachAsync(call.Handoff, call.Agent, call.AnsweredAt, cancellationToken) ? 1 : 0;
        }

        foreach (var (agent, node) in desktops)
        {
            await desk.AdoptAsync(agent, node, cancellationToken);
        }

        var queued = 0;
        foreach (var call in waiting.OrderBy(c => c.QueuedAt))
        {
            try
            {
                await entry.LeaderEnqueueAsync(call, cancellationToken);
                queued++;
            }
            catch (InvalidOperationException ex)
            {
                LogNotRequeued(logger, call.CallId.Value, ex.Message);
            }
        }

        LogTakenOver(logger, queued, attached, desktops.Select(d => d.Agent).Distinct(StringComparer.Ordinal).Count());
    }

    /// <summary>
    /// This node lost the leadership while alive: what its runtime holds is no longer the queue (another node takes
    /// over from the owners), so it is dropped at once rather than left to ring through its timers.
    /// </summary>
    public void SteppedDown()
    {
        acd.Reset(peers.Node);
        connections.ForgetRemote(null);
        feed.ForgetElsewhere(null);
    }

    public async Task NodeDiedAsync(string node, CancellationToken cancellationToken)
    {
        connections.ForgetRemote(node);
        feed.ForgetElsewhere(node);
        foreach (var callId in owners.CallsOf(node))
        {
            owners.Remove(callId);
            await acd.EndByNodeFailureAsync(callId, node, cancellationToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Taking over the ACD: node {Node} did not say which calls it holds; they are not queued again")]
    private static partial void LogNodeUnanswered(ILogger logger, Exception exception, string node);

    [LoggerMessage(Level = LogLevel.Information, Message = "Taking over the ACD: call {CallId} not queued again ({Reason})")]
    private static partial void LogNotRequeued(ILogger logger, string callId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Took over the ACD: {Calls} waiting calls queued again, {Connected} connected calls kept with their agents, {Agents} agents with a desktop restored")]
    private static partial void LogTakenOver(ILogger logger, int calls, int connected, int agents);
}
