using TelecomContactCenter.Core.Routing;
using TelecomContactCenter.Server.Agents;
using TelecomContactCenter.Server.Calls;
using TelecomContactCenter.Server.Contact;
using TelecomContactCenter.Server.Hubs;
using TelecomContactCenter.Server.Profiles;

namespace TelecomContactCenter.Server.Acd;

internal sealed partial class AcdRuntime
{
    /// <summary>
    /// Carries out the ACD's decisions in order. An offer rings the phone and pushes the pop concurrently; a phone
    /// that cannot ring is reported as a timed-out offer at once, and what that decides is carried out too.
    /// </summary>
    private async Task ExecuteAsync(IReadOnlyList<RoutingDecision> decisions, CancellationToken cancellationToken)
    {
        var work = new Queue<RoutingDecision>(decisions);
        while (work.TryDequeue(out var decision))
        {
            try
            {
                var followUps = decision switch
                {
                    OfferCall offer => await OfferAsync(offer, cancellationToken),
                    CancelOffer cancel => await CancelAsync(cancel, cancellationToken),
                    AgentNotReady notReady => await NotReadyAsync(notReady),
                    Overflow overflow => Record(overflow.CallId, "Overflow", null, overflow.Reason),
                    Callback callback => await CallbackAsync(callback, cancellationToken),
                    _ => [],
                };
                foreach (var next in followUps)
                {
                    work.Enqueue(next);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogDecisionFailed(_logger, ex, decision.GetType().Name, decision.Reason);
            }
        }
    }

    private async Task<IReadOnlyList<RoutingDecision>> OfferAsync(OfferCall offer, CancellationToken cancellationToken)
    {
        ScreenPop pop;
        string? caller;
        string? display;
        lock (_gate)
        {
            if (!_calls.TryGetValue(offer.CallId, out var record))
            {
                return [];
            }

            // A ring the ACD has already given up on (refused, unreachable) may still be on the record: it ends first.
            if (record.Phase == CallState.Ringing)
            {
                record.Fire(CallTrigger.RingEnded);
            }

            if (!record.Fire(CallTrigger.Ring))
            {
                return [];
            }

            record.RingingAgent = offer.AgentId.Value;
            _agentCalls[offer.AgentId.Value] = record;
            record.RingStartedAt = _time.GetUtcNow();
            record.Routing.Add(new RoutingStep(record.RingStartedAt.Value, "Offer", offer.AgentId.Value, offer.Reason));
            record.Pop = record.Pop with { RoutingReason = offer.Reason };

            // The owner of the open complaint reads "I'll stay the owner"; every other agent the colleague wording.
            pop = record.Pop with { Offers = OfferView.ForAgent(record.Pop.Offers, offer.AgentId.Value) };
            caller = record.Handoff.Caller.E164;
            display = record.Pop.Customer?.Name;
        }

        LogOffered(_logger, offer.CallId.Value, offer.AgentId.Value, offer.Reason);
        var user = Desktop(offer.AgentId.Value);
        if (!_connections.IsConnected(offer.AgentId.Value))
        {
            // Status survives a desktop drop so a reconnect resumes the shift, but a phone ringing without a pop
            // would be answered blind: the call goes elsewhere at once.
            lock (_gate)
            {
                TakeBack(offer.CallId, offer.AgentId);
                Record(offer.CallId, "OfferWithdrawn", offer.AgentId.Value, "the agent's desktop is disconnected");
                return _acd.OfferTimedOut(offer.CallId, offer.AgentId);
            }
        }

        var ring = _phone.RingAsync(new AgentCallOffer(offer.CallId, offer.AgentId, caller, display, RingTimeout), cancellationToken).AsTask();
        if (ring.IsCompletedSuccessfully && await ring == RingResult.NoMediaPort)
        {
            return WaitForMedia(offer);
        }

        var push = user.ScreenPop(pop);
        await Task.WhenAll(ring, push);
        var rang = await ring;
        await user.CallStateChanged(new CallStateView(offer.CallId.Value, "Ringing", offer.Reason, null));
        if (rang == RingResult.Ringing)
        {
            return [];
        }

        await user.CallStateChanged(new CallStateView(offer.CallId.Value, "Withdrawn", $"the phone could not ring ({rang})", null));
        lock (_gate)
        {
            TakeBack(offer.CallId, offer.AgentId);
            var next = _acd.OfferTimedOut(offer.CallId, offer.AgentId);
            return rang == RingResult.Unreachable ? BenchUnansweredPhones(next, [offer.AgentId]) : next;
        }
    }

    /// <summary>
    /// No RTP port was free for the agent's leg, so nothing was sent: the offer is taken back without a pop, the call
    /// waits at the head of its queue and the agent is not charged a miss; the ACD's tick tries again. The record
    /// keeps one step for the wait rather than an offer per retry.
    /// </summary>
    private IReadOnlyList<RoutingDecision> WaitForMedia(OfferCall offer)
    {
        lock (_gate)
        {
            if (TakeBack(offer.CallId, offer.AgentId) is { } record)
            {
                record.RingStartedAt = null;
                if (record.Routing is [.., { Decision: "Offer" } attempt] && attempt.Agent == offer.AgentId.Value)
                {
                    record.Routing.RemoveAt(record.Routing.Count - 1);
                }

                if (record.Routing is not [.., { Decision: WaitingForMedia }])
                {
                    record.Routing.Add(new RoutingStep(_time.GetUtcNow(), WaitingForMedia, offer.AgentId.Value,
                        "no RTP port free for the agent's leg: the call waits at the head of its queue (not the agent's miss)"));
                }
            }

            return _acd.OfferFailed(offer.CallId, offer.AgentId);
        }
    }

    private const string WaitingForMedia = "WaitingForMedia";

    /// <summary>The call, queued again, if it was still ringing <paramref name="agent"/>; caller holds the lock.</summary>
    private CallRecord? TakeBack(CallId callId, AgentId agent)
    {
        if (!_calls.TryGetValue(callId, out var record) || record.RingingAgent != agent.Value || record.Phase != CallState.Ringing)
        {
            return null;
        }

        record.Fire(CallTrigger.RingEnded);
        record.RingingAgent = null;
        return record;
    }

    private async Task<IReadOnlyList<RoutingDecision>> CancelAsync(CancelOffer cancel, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (TakeBack(cancel.CallId, cancel.AgentId) is { } record)
            {
                record.Routing.Add(new RoutingStep(_time.GetUtcNow(), "CancelOffer", cancel.AgentId.Value, cancel.Reason));
            }
        }

        await _phone.CancelAsync(cancel.CallId, cancel.AgentId, cancellationToken);
        await Desktop(cancel.AgentId.Value).CallStateChanged(new CallStateView(cancel.CallId.Value, "Withdrawn", cancel.Reason, null));
        return [];
    }

    private async Task<IReadOnlyList<RoutingDecision>> NotReadyAsync(AgentNotReady notReady)
    {
        await Desktop(notReady.AgentId.Value).StatusChanged(StateOf(notReady.AgentId.Value));
        return [];
    }

    private async Task<IReadOnlyList<RoutingDecision>> CallbackAsync(Callback callback, CancellationToken cancellationToken)
    {
        CallRecord? record;
        lock (_gate)
        {
            if (!_calls.TryGetValue(callback.CallId, out record))
            {
                return [];
            }

            Forget(record);

            record.Fire(CallTrigger.CallerLeft);
            record.EndedAt = _time.GetUtcNow();
            record.Disposition = "Callback";
            record.Routing.Add(new RoutingStep(record.EndedAt.Value, "Callback", null, callback.Reason));
        }

        await _writer.SaveAsync(record, Snapshot, cancellationToken);
        return [];
    }

    private IReadOnlyList<RoutingDecision> Record(CallId callId, string decision, string? agent, string reason)
    {
        lock (_gate)
        {
            if (_calls.TryGetValue(callId, out var record))
            {
                record.Routing.Add(new RoutingStep(_time.GetUtcNow(), decision, agent, reason));
            }
        }

        return [];
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Call {CallId} offered to {AgentId}: {Reason}")]
    private static partial void LogOffered(ILogger logger, string callId, string agentId, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Carrying out {Decision} failed ({Reason})")]
    private static partial void LogDecisionFailed(ILogger logger, Exception exception, string decision, string reason);
}
