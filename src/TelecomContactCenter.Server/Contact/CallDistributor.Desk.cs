using TelecomContactCenter.Core.Routing;
using TelecomContactCenter.Server.Hubs;
using TelecomContactCenter.Server.Profiles;

namespace TelecomContactCenter.Server.Contact;

/// <summary>
/// An agent action the desk refuses: a stable <see cref="Code"/> the desktop translates (see <see cref="Web.Refusal"/>)
/// and an English sentence the agent can act on.
/// </summary>
internal sealed class DeskRefusedException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}

internal sealed partial class CallDistributor
{
    public static readonly IReadOnlyList<string> OfferOutcomes = ["Accepted", "Declined", "Deferred", "NotPresented"];

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

    public async Task<AgentStateView> SetStatusAsync(string agent, AgentStatus status, string? reason, CancellationToken cancellationToken)
    {
        EnsureAgent(agent);
        IReadOnlyList<RoutingDecision> decisions;
        lock (_gate)
        {
            decisions = _acd.AgentStatusChanged(new AgentId(agent), status, reason);
        }

        var state = StateOf(agent);
        await Desktop(agent).StatusChanged(state);
        await ExecuteAsync(decisions, cancellationToken);
        _board.Changed();
        return StateOf(agent);
    }

    public async Task<CallStateView> AcceptAsync(string agent, CallId callId, CancellationToken cancellationToken)
    {
        if (!await CallAnsweredAsync(callId, new AgentId(agent), cancellationToken))
        {
            throw new DeskRefusedException("call.notOffered", $"Call {callId} is no longer offered to you.");
        }

        await _phone.AnsweredOnDesktopAsync(callId, new AgentId(agent), cancellationToken);
        return new CallStateView(callId.Value, "Connected", null, null);
    }

    public async Task<CallStateView> HangUpAsync(string agent, CallId callId, CancellationToken cancellationToken)
    {
        var record = Owned(agent, callId, CallPhase.Connected);
        // The caller's leg is released first (BYE), so the caller never stays connected to a desk in wrap-up.
        await _phone.HangUpAsync(callId, new AgentId(agent), cancellationToken);
        await CallEndedAsync(callId, cancellationToken);
        return new CallStateView(callId.Value, "WrapUp", "agent hung up", WrapUp(record));
    }

    /// <summary>Holds or resumes the agent's connected call from the desktop (desktop answer; a phone holds on the phone).</summary>
    public async Task<CallStateView> HoldAsync(string agent, CallId callId, bool hold, CancellationToken cancellationToken)
    {
        var record = Owned(agent, callId, CallPhase.Connected);
        if (!await _phone.HoldAsync(callId, new AgentId(agent), hold, cancellationToken))
        {
            throw _phone.DeviceOf(new AgentId(agent)) == Agents.AgentDevice.SipPhone
                ? new DeskRefusedException("call.holdOnPhone", "Hold the call on your phone: the service relays its hold to the caller.")
                : new DeskRefusedException("call.holdUnavailable", $"Call {callId} cannot be held from the desktop.");
        }

        lock (_gate)
        {
            record.OnHold = hold;
            record.Routing.Add(new RoutingStep(_time.GetUtcNow(), hold ? "Hold" : "Resume", agent, hold ? "held from the desktop" : "resumed from the desktop"));
        }

        var view = new CallStateView(callId.Value, "Connected", hold ? "on hold" : "resumed", null);
        await Desktop(agent).CallStateChanged(view);
        return view;
    }

    public async Task<WrapUpView> RecordOfferOutcomeAsync(
        string agent, CallId callId, string offerId, string outcome, string scriptVersion, CancellationToken cancellationToken)
    {
        var kind = OfferOutcomes.FirstOrDefault(o => string.Equals(o, outcome, StringComparison.OrdinalIgnoreCase))
            ?? throw new DeskRefusedException("offer.unknownOutcome", $"Unknown outcome '{outcome}'. Values: {string.Join(", ", OfferOutcomes)}.");
        var record = Owned(agent, callId, CallPhase.Connected, CallPhase.WrapUp);
        lock (_gate)
        {
            var index = record.Offers.FindIndex(o => o.OfferId == offerId);
            if (index < 0)
            {
                throw new DeskRefusedException("offer.notShown", $"Offer {offerId} was not shown on call {callId}.");
            }

            record.Offers[index] = record.Offers[index] with { Outcome = kind, ScriptVersion = string.IsNullOrWhiteSpace(scriptVersion) ? record.Offers[index].ScriptVersion : scriptVersion };
        }

        await _writer.SaveOfferOutcomeAsync(record, Snapshot, offerId, agent, cancellationToken);
        _board.Changed();
        return WrapUp(record);
    }

    public async Task<WrapUpView> SetDispositionAsync(string agent, CallId callId, string disposition, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(disposition) || disposition.Length > 32)
        {
            throw new DeskRefusedException("wrapUp.dispositionInvalid", "A disposition is 1 to 32 characters, e.g. Resolved, InfoGiven, Escalated.");
        }

        var record = Owned(agent, callId, CallPhase.Connected, CallPhase.WrapUp);
        lock (_gate)
        {
            record.Disposition = disposition.Trim();
        }

        await _writer.SaveAsync(record, Snapshot, cancellationToken);
        return WrapUp(record);
    }

    /// <summary>Keeps the agent's notes on the call's record (empty clears them); saved with the interaction.</summary>
    public async Task<WrapUpView> SetNotesAsync(string agent, CallId callId, string? notes, CancellationToken cancellationToken)
    {
        if (notes is { Length: > CallRecord.MaxNotesLength })
        {
            throw new DeskRefusedException("notes.tooLong", $"Notes are at most {CallRecord.MaxNotesLength} characters.");
        }

        var record = Owned(agent, callId, CallPhase.Connected, CallPhase.WrapUp);
        lock (_gate)
        {
            record.Notes = string.IsNullOrWhiteSpace(notes) ? null : notes.Trim();
        }

        await _writer.SaveAsync(record, Snapshot, cancellationToken);
        return WrapUp(record);
    }

    /// <summary>Links a complaint created or worked on during the agent's current call to its record.</summary>
    public async Task LinkComplaintAsync(string agent, Guid complaintId, CancellationToken cancellationToken)
    {
        CallRecord? record;
        lock (_gate)
        {
            record = CallOf(agent);
            if (record is not { Phase: CallPhase.Connected or CallPhase.WrapUp } || record.Agent != agent)
            {
                return;
            }

            record.ComplaintId = complaintId.ToString();
        }

        await _writer.SaveAsync(record, Snapshot, cancellationToken);
    }

    /// <summary>
    /// The customer's profile changed during a call (a reason captured, a complaint opened or closed): every call with
    /// them that an agent is on or wrapping up gets <paramref name="offers"/>, and the agent hears OffersUpdated.
    /// Offers already answered stay with their outcome; unanswered ones no longer recommended drop out, so wrap-up
    /// asks only about the offers the agent now sees.
    /// </summary>
    public async Task RefreshOffersAsync(long customerId, IReadOnlyList<OfferView> offers, CancellationToken cancellationToken)
    {
        var changed = new List<(CallRecord Record, string Agent, OffersUpdatedView View)>();
        lock (_gate)
        {
            foreach (var record in _calls.Values.Where(r => r.CustomerId == customerId && r.Agent is not null
                && r.Phase is CallPhase.Connected or CallPhase.WrapUp))
            {
                var answered = record.Offers.Where(o => o.Outcome is not null).ToList();
                var answeredIds = answered.Select(o => o.OfferId).ToHashSet(StringComparer.Ordinal);
                var fresh = offers.Where(o => !answeredIds.Contains(o.OfferId)).ToList();
                record.Offers.Clear();
                record.Offers.AddRange(answered.Concat(CallRecord.OffersFrom(fresh)));
                var shown = record.Pop.Offers.Where(o => answeredIds.Contains(o.OfferId)).Concat(fresh).ToList();
                record.Pop = record.Pop with { Offers = shown };
                // The complaint's owner reads the owner's wording, as in the pop.
                changed.Add((record, record.Agent!, new OffersUpdatedView(record.Id.Value, customerId, OfferView.ForAgent(shown, record.Agent!))));
            }
        }

        foreach (var (record, agent, view) in changed)
        {
            await _writer.SaveAsync(record, Snapshot, cancellationToken);
            await Desktop(agent).OffersUpdated(view);
        }
    }

    public async Task<WrapUpView> CompleteWrapUpAsync(string agent, CallId callId, CancellationToken cancellationToken)
    {
        var record = Owned(agent, callId, CallPhase.WrapUp);
        IReadOnlyList<RoutingDecision> decisions;
        lock (_gate)
        {
            var missing = record.MissingForWrapUp();
            if (missing.Count > 0)
            {
                throw new DeskRefusedException("wrapUp.incomplete", $"Wrap-up cannot complete: record {string.Join(" and ", missing)}.");
            }

            decisions = _acd.WrapUpCompleted(new AgentId(agent));
            record.Phase = CallPhase.Completed;
            record.WrapUpCompletedAt = _time.GetUtcNow();
            record.Routing.Add(new RoutingStep(record.WrapUpCompletedAt.Value, "WrapUpCompleted", agent, $"disposition {record.Disposition}"));
            Forget(record);
        }

        await _writer.SaveAsync(record, Snapshot, cancellationToken);
        var wrapUp = WrapUp(record);
        await Desktop(agent).CallStateChanged(new CallStateView(callId.Value, "Completed", null, wrapUp));
        await Desktop(agent).StatusChanged(StateOf(agent));
        await ExecuteAsync(decisions, cancellationToken);
        _board.Changed();
        return wrapUp;
    }

    /// <summary>
    /// The agent's last desktop connection closed. Their status and any call or wrap-up stay for a reconnect; a call
    /// ringing only on that desktop goes back to the queue and is offered elsewhere.
    /// </summary>
    public async Task AgentDisconnectedAsync(string agent, CancellationToken cancellationToken)
    {
        IReadOnlyList<RoutingDecision> decisions = [];
        lock (_gate)
        {
            if (_acd.GetAgent(new AgentId(agent)) is { State: AgentState.Ringing, Call: { } callId })
            {
                decisions = _acd.OfferTimedOut(callId, new AgentId(agent));
                if (_calls.TryGetValue(callId, out var record))
                {
                    record.Phase = CallPhase.Queued;
                    record.RingingAgent = null;
                    record.Routing.Add(new RoutingStep(_time.GetUtcNow(), "OfferWithdrawn", agent, "the agent's desktop disconnected"));
                }
            }
        }

        await ExecuteAsync(decisions, cancellationToken);
        _board.Changed();
    }

    public AgentStateView StateOf(string agent)
    {
        lock (_gate)
        {
            var snapshot = _acd.GetAgent(new AgentId(agent));
            var record = CallOf(agent);
            var status = snapshot?.Status ?? AgentStatus.LoggedOut;
            var state = snapshot?.State ?? AgentState.Idle;
            var since = Desk(agent, status, state);
            return new AgentStateView(agent, status.ToString(), snapshot?.BreakReason, state.ToString(), since, record?.Id.Value,
                record?.Phase.ToString(), record?.Pop,
                record is null ? null : new WrapUpView(record.Id.Value, record.Disposition, [.. record.Offers], record.MissingForWrapUp(), record.Notes),
                _phone.DeviceOf(new AgentId(agent)).ToString(), record?.AnsweredAt, record?.OnHold ?? false);
        }
    }

    private CallRecord Owned(string agent, CallId callId, params CallPhase[] phases)
    {
        lock (_gate)
        {
            if (!_calls.TryGetValue(callId, out var record) || record.Agent != agent)
            {
                throw new DeskRefusedException("call.notYours", $"Call {callId} is not one of your calls.");
            }

            if (!phases.Contains(record.Phase))
            {
                throw new DeskRefusedException("call.wrongState", $"Call {callId} is {record.Phase}; this needs {string.Join(" or ", phases)}.");
            }

            return record;
        }
    }

    /// <summary>When the agent entered the status/state pair they are in now; caller holds the lock.</summary>
    private DateTimeOffset Desk(string agent, AgentStatus status, AgentState state)
    {
        if (!_desks.TryGetValue(agent, out var desk) || desk.Status != status || desk.State != state)
        {
            _desks[agent] = desk = new DeskEntry(status, state, _time.GetUtcNow());
        }

        return desk.Since;
    }

    private sealed record DeskEntry(AgentStatus Status, AgentState State, DateTimeOffset Since);
}
