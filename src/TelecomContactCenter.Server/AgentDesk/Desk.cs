using Microsoft.AspNetCore.SignalR;
using TelecomContactCenter.Core.Routing;
using TelecomContactCenter.Server.Acd;
using TelecomContactCenter.Server.Agents;
using TelecomContactCenter.Server.Calls;
using TelecomContactCenter.Server.Cluster;
using TelecomContactCenter.Server.Contact;
using TelecomContactCenter.Server.Hubs;
using TelecomContactCenter.Server.Interactions;
using TelecomContactCenter.Server.Profiles;
using TelecomContactCenter.Server.Wallboard;

namespace TelecomContactCenter.Server.AgentDesk;

/// <summary>
/// An agent action the desk refuses: a stable <see cref="Code"/> the desktop translates (see <see cref="Web.Refusal"/>)
/// and an English sentence the agent can act on.
/// </summary>
internal sealed class DeskRefusedException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}

/// <summary>
/// What the agent's desktop asks of the contact centre: status, accept, hold, hang-up, offer outcomes, disposition,
/// notes, complaints linked to the call, wrap-up. It checks the request against the agent's call, refuses with a
/// <see cref="DeskRefusedException"/>, and changes the call only through <see cref="AcdRuntime"/>'s narrow API;
/// stateless itself, so thread-safe. In a cluster it is the ACD leader's desk, which the other nodes' desktops reach
/// through <see cref="ClusterDesk"/>.
/// </summary>
internal sealed class Desk(
    AcdRuntime acd, IAgentPhone phone, IHubContext<AgentHub, IAgentClient> agents, AgentConnections connections,
    BoardChanges board, InteractionWriter writer, AgentStatusStore statuses, ClusterMembership membership, TimeProvider time) : IAgentDesk
{
    public static readonly IReadOnlyList<string> OfferOutcomes = ["Accepted", "Declined", "Deferred", "NotPresented"];

    /// <summary>The agent's open desktops, addressed by their group rather than by user (see <see cref="AgentConnections.Group"/>).</summary>
    private IAgentClient Desktop(string agent) => agents.Clients.Group(AgentConnections.Group(agent));

    /// <summary>Registers an agent with their configured skills (LoggedOut) unless the ACD already knows them.</summary>
    public void EnsureAgent(string agent) => acd.EnsureAgent(agent);

    /// <summary>Status, state, current call with its pop and wrap-up: what a reconnecting desktop redraws from.</summary>
    public AgentStateView StateOf(string agent) => acd.StateOf(agent);

    public Task<AgentStateView> StateOfAsync(string agent, CancellationToken cancellationToken) => Task.FromResult(acd.StateOf(agent));

    public Task ConnectedAsync(string agent, CancellationToken cancellationToken) => ConnectedFromAsync(agent, null, cancellationToken);

    public Task DisconnectedAsync(string agent, CancellationToken cancellationToken) => DisconnectedFromAsync(agent, null, cancellationToken);

    /// <summary>
    /// The agent's desktop connected, to this node (<paramref name="node"/> null) or to the node named: that node is
    /// remembered as holding one, then the agent's saved status is restored.
    /// </summary>
    public Task ConnectedFromAsync(string agent, string? node, CancellationToken cancellationToken)
    {
        if (node is not null)
        {
            connections.SetRemote(agent, node, connected: true);
        }

        return RestoreStatusAsync(agent, cancellationToken);
    }

    /// <summary>
    /// A new ACD leader learns of the agent's desktop (here, or on the node named): the agent gets the status they
    /// last chose on any node, whether or not this node saw it before.
    /// </summary>
    public async Task AdoptAsync(string agent, string? node, CancellationToken cancellationToken)
    {
        if (node is not null)
        {
            connections.SetRemote(agent, node, connected: true);
        }

        acd.EnsureAgent(agent);
        if (await statuses.LatestChoiceAsync(agent, cancellationToken) is { } saved)
        {
            await acd.CarryOutAsync(acd.ChangeStatus(agent, saved.Status, saved.Reason), cancellationToken);
            await Desktop(agent).StatusChanged(acd.StateOf(agent));
            board.Changed();
        }
    }

    /// <summary>
    /// The agent's last desktop on this node (<paramref name="node"/> null) or on the node named closed: once no
    /// desktop of theirs is left anywhere, a call ringing only there goes back to the queue.
    /// </summary>
    public Task DisconnectedFromAsync(string agent, string? node, CancellationToken cancellationToken)
    {
        if (node is not null)
        {
            connections.SetRemote(agent, node, connected: false);
        }

        return connections.IsConnected(agent) ? Task.CompletedTask : AgentDisconnectedAsync(agent, cancellationToken);
    }

    /// <summary>
    /// The agent chose a status: in a cluster it is saved first (an acknowledged choice survives this node), then the
    /// ACD applies it and its decisions are carried out.
    /// </summary>
    public async Task<AgentStateView> SetStatusAsync(string agent, AgentStatus status, string? reason, CancellationToken cancellationToken)
    {
        acd.EnsureAgent(agent);
        await statuses.SaveAsync(agent, status, reason, cancellationToken);
        var decisions = acd.ChangeStatus(agent, status, reason);
        var state = acd.StateOf(agent);
        await Desktop(agent).StatusChanged(state);
        await acd.CarryOutAsync(decisions, cancellationToken);
        board.Changed();
        return acd.StateOf(agent);
    }

    /// <summary>
    /// The agent's desktop connected to this node: in a cluster the status they last chose on any node, if this node
    /// has not seen that choice yet, is applied here (the desktop of a failed node reconnects elsewhere as the agent
    /// left it). Only the status: ringing or being in a call belongs to a call this node holds, never to the saved row.
    /// </summary>
    public async Task RestoreStatusAsync(string agent, CancellationToken cancellationToken)
    {
        acd.EnsureAgent(agent);
        if (await statuses.UnseenChoiceAsync(agent, cancellationToken) is not { } saved)
        {
            return;
        }

        var now = acd.StateOf(agent);
        if (now.Status == saved.Status.ToString() && now.BreakReason == saved.Reason)
        {
            return;
        }

        var decisions = acd.ChangeStatus(agent, saved.Status, saved.Reason);
        await acd.CarryOutAsync(decisions, cancellationToken);
        board.Changed();
    }

    public async Task<CallStateView> AcceptAsync(string agent, CallId callId, CancellationToken cancellationToken)
    {
        if (!await acd.CallAnsweredAsync(callId, new AgentId(agent), cancellationToken))
        {
            throw new DeskRefusedException("call.notOffered", $"Call {callId} is no longer offered to you.");
        }

        await phone.AnsweredOnDesktopAsync(callId, new AgentId(agent), cancellationToken);
        return new CallStateView(callId.Value, "Connected", null, null);
    }

    public async Task<CallStateView> HangUpAsync(string agent, CallId callId, CancellationToken cancellationToken)
    {
        var record = Owned(agent, callId, CallState.Connected);
        // The caller's leg is released first (BYE), so the caller never stays connected to a desk in wrap-up.
        await phone.HangUpAsync(callId, new AgentId(agent), cancellationToken);
        await acd.CallEndedAsync(callId, cancellationToken);
        return new CallStateView(callId.Value, "WrapUp", "agent hung up", acd.WrapUpOf(record));
    }

    /// <summary>Holds or resumes the agent's connected call from the desktop (desktop answer; a phone holds on the phone).</summary>
    public async Task<CallStateView> HoldAsync(string agent, CallId callId, bool hold, CancellationToken cancellationToken)
    {
        var record = Owned(agent, callId, CallState.Connected);
        if (!await phone.HoldAsync(callId, new AgentId(agent), hold, cancellationToken))
        {
            throw phone.DeviceOf(new AgentId(agent)) == AgentDevice.SipPhone
                ? new DeskRefusedException("call.holdOnPhone", "Hold the call on your phone: the service relays its hold to the caller.")
                : new DeskRefusedException("call.holdUnavailable", $"Call {callId} cannot be held from the desktop.");
        }

        acd.Change(record, r =>
        {
            r.OnHold = hold;
            r.Routing.Add(new RoutingStep(time.GetUtcNow(), hold ? "Hold" : "Resume", agent, hold ? "held from the desktop" : "resumed from the desktop"));
        });

        var view = new CallStateView(callId.Value, "Connected", hold ? "on hold" : "resumed", null);
        await Desktop(agent).CallStateChanged(view);
        return view;
    }

    public async Task<WrapUpView> RecordOfferOutcomeAsync(
        string agent, CallId callId, string offerId, string outcome, string scriptVersion, CancellationToken cancellationToken)
    {
        var kind = OfferOutcomes.FirstOrDefault(o => string.Equals(o, outcome, StringComparison.OrdinalIgnoreCase))
            ?? throw new DeskRefusedException("offer.unknownOutcome", $"Unknown outcome '{outcome}'. Values: {string.Join(", ", OfferOutcomes)}.");
        var record = Owned(agent, callId, CallState.Connected, CallState.WrapUp);
        acd.Change(record, r =>
        {
            var index = r.Offers.FindIndex(o => o.OfferId == offerId);
            if (index < 0)
            {
                throw new DeskRefusedException("offer.notShown", $"Offer {offerId} was not shown on call {callId}.");
            }

            r.Offers[index] = r.Offers[index] with { Outcome = kind, ScriptVersion = string.IsNullOrWhiteSpace(scriptVersion) ? r.Offers[index].ScriptVersion : scriptVersion };
        });

        await writer.SaveOfferOutcomeAsync(record, acd.Snapshot, offerId, agent, cancellationToken);
        board.Changed();
        return acd.WrapUpOf(record);
    }

    public async Task<WrapUpView> SetDispositionAsync(string agent, CallId callId, string disposition, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(disposition) || disposition.Length > 32)
        {
            throw new DeskRefusedException("wrapUp.dispositionInvalid", "A disposition is 1 to 32 characters, e.g. Resolved, InfoGiven, Escalated.");
        }

        var record = Owned(agent, callId, CallState.Connected, CallState.WrapUp);
        acd.Change(record, r => r.Disposition = disposition.Trim());
        await writer.SaveAsync(record, acd.Snapshot, cancellationToken);
        return acd.WrapUpOf(record);
    }

    /// <summary>Keeps the agent's notes on the call's record (empty clears them); saved with the interaction.</summary>
    public async Task<WrapUpView> SetNotesAsync(string agent, CallId callId, string? notes, CancellationToken cancellationToken)
    {
        if (notes is { Length: > CallRecord.MaxNotesLength })
        {
            throw new DeskRefusedException("notes.tooLong", $"Notes are at most {CallRecord.MaxNotesLength} characters.");
        }

        var record = Owned(agent, callId, CallState.Connected, CallState.WrapUp);
        acd.Change(record, r => r.Notes = string.IsNullOrWhiteSpace(notes) ? null : notes.Trim());
        await writer.SaveAsync(record, acd.Snapshot, cancellationToken);
        return acd.WrapUpOf(record);
    }

    /// <summary>Links a complaint created or worked on during the agent's current call to its record.</summary>
    public async Task LinkComplaintAsync(string agent, Guid complaintId, CancellationToken cancellationToken)
    {
        var record = acd.WithCallOf(agent, r =>
        {
            if (r is not { Phase: CallState.Connected or CallState.WrapUp } || r.Agent != agent)
            {
                return null;
            }

            r.ComplaintId = complaintId.ToString();
            return r;
        });
        if (record is not null)
        {
            await writer.SaveAsync(record, acd.Snapshot, cancellationToken);
        }
    }

    /// <summary>
    /// The customer's profile changed during a call (a reason captured, a complaint opened or closed): every call with
    /// them that an agent is on or wrapping up gets <paramref name="offers"/>, and the agent hears OffersUpdated.
    /// Offers already answered stay with their outcome; unanswered ones no longer recommended drop out, so wrap-up
    /// asks only about the offers the agent now sees.
    /// </summary>
    public async Task RefreshOffersAsync(long customerId, IReadOnlyList<OfferView> offers, CancellationToken cancellationToken)
    {
        var changed = acd.ChangeAnsweredCallsOf(customerId, record =>
        {
            var answered = record.Offers.Where(o => o.Outcome is not null).ToList();
            var answeredIds = answered.Select(o => o.OfferId).ToHashSet(StringComparer.Ordinal);
            var fresh = offers.Where(o => !answeredIds.Contains(o.OfferId)).ToList();
            record.Offers.Clear();
            record.Offers.AddRange(answered.Concat(CallRecord.OffersFrom(fresh)));
            // The star marks what to say now: once the refreshed set has its own primary, an answered offer loses it.
            var freshPrimary = fresh.Any(o => o.IsPrimary);
            var shown = record.Pop.Offers.Where(o => answeredIds.Contains(o.OfferId))
                .Select(o => freshPrimary && o.IsPrimary ? o with { IsPrimary = false } : o)
                .Concat(fresh).ToList();
            record.Pop = record.Pop with { Offers = shown };
            // The complaint's owner reads the owner's wording, as in the pop.
            return (Record: record, Agent: record.Agent!, View: new OffersUpdatedView(record.Id.Value, customerId, OfferView.ForAgent(shown, record.Agent!)));
        });

        foreach (var (record, agent, view) in changed)
        {
            await writer.SaveAsync(record, acd.Snapshot, cancellationToken);
            await Desktop(agent).OffersUpdated(view);
        }
    }

    public async Task<WrapUpView> CompleteWrapUpAsync(string agent, CallId callId, CancellationToken cancellationToken)
    {
        var record = Owned(agent, callId, CallState.WrapUp);
        var decisions = acd.CompleteWrapUp(record, agent, out var missing);
        if (missing.Count > 0)
        {
            throw new DeskRefusedException("wrapUp.incomplete", $"Wrap-up cannot complete: record {string.Join(" and ", missing)}.");
        }

        await writer.SaveAsync(record, acd.Snapshot, cancellationToken);
        var wrapUp = acd.WrapUpOf(record);
        await Desktop(agent).CallStateChanged(new CallStateView(callId.Value, "Completed", null, wrapUp));
        await Desktop(agent).StatusChanged(acd.StateOf(agent));
        await acd.CarryOutAsync(decisions, cancellationToken);
        board.Changed();
        return wrapUp;
    }

    /// <summary>
    /// The agent's last desktop connection closed. Their status and any call or wrap-up stay for a reconnect; a call
    /// ringing only on that desktop goes back to the queue and is offered elsewhere.
    /// </summary>
    public async Task AgentDisconnectedAsync(string agent, CancellationToken cancellationToken)
    {
        var decisions = acd.WithdrawOffer(agent, "the agent's desktop disconnected");
        await acd.CarryOutAsync(decisions, cancellationToken);
        board.Changed();
    }

    /// <summary>An agent's phone registered or went away: their desktop's device line and the board's phone column.</summary>
    public async Task PhoneRegistrationChangedAsync(string agent)
    {
        if (!membership.IsLeader)
        {
            // Only the leader's ACD knows the agent's state; it pushes the same change to the desktop wherever it is.
            return;
        }

        board.Changed();
        if (connections.IsConnected(agent))
        {
            await Desktop(agent).StatusChanged(acd.StateOf(agent));
        }
    }

    /// <summary>The agent's call in one of <paramref name="phases"/>, or a refusal naming why not.</summary>
    private CallRecord Owned(string agent, CallId callId, params CallState[] phases) =>
        acd.WithCall(callId, record =>
        {
            if (record is null || record.Agent != agent)
            {
                throw new DeskRefusedException("call.notYours", $"Call {callId} is not one of your calls.");
            }

            if (!phases.Contains(record.Phase))
            {
                throw new DeskRefusedException("call.wrongState", $"Call {callId} is {record.Phase}; this needs {string.Join(" or ", phases)}.");
            }

            return record;
        });
}
