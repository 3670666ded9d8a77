using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using TelecomContactCenter.Core.Routing;
using TelecomContactCenter.Media.Relay;
using TelecomContactCenter.Server.Agents;
using TelecomContactCenter.Server.Bridge;
using TelecomContactCenter.Server.Calls;
using TelecomContactCenter.Server.Contact;
using TelecomContactCenter.Server.Hubs;
using TelecomContactCenter.Server.Telephony;
using TelecomContactCenter.Sip.Messages;
using TelecomContactCenter.Sip.Registrar;
using TelecomContactCenter.Sip.Transport;
using TelecomContactCenter.Sip.UserAgent;

namespace TelecomContactCenter.Server.Callbacks;

/// <summary>
/// Carries a callback from the agent's phone ringing to its end: rings the agent's registered phone for the offer
/// (asked by <see cref="SipAgentPhone"/>, the one agent phone), on its answer dials the customer through the outbound
/// trunk, bridges the two legs with an <see cref="RtpRelay"/>, hears each answered leg's BYE and re-INVITEs on that
/// leg, records the outcome (Done, or a retry) and ends both legs. A callback is a <see cref="Call"/> in the one
/// <see cref="CallBook"/> with the booked request on it (<see cref="Call.Callback"/>), the agent's phone leg and the
/// customer's leg dialled through the trunk (<see cref="Call.CustomerLeg"/>); its phase is the ACD's, as for an
/// inbound call. Holds nothing but the relay counters; each callback's legs change under its call's gate.
/// </summary>
internal sealed partial class CallbackConnector(
    CallBook calls,
    CallbackClaims claims,
    OutboundDialler dialler,
    DialGuard dialGuard,
    ReInviteRelay reInvites,
    IRegistrationLookup registrations,
    Lazy<ICallEntry> acd,
    IHubContext<AgentHub, IAgentClient> hub,
    IOptions<TelephonyOptions> telephony,
    IOptions<BridgeOptions> bridge,
    ILogger<CallbackConnector> logger)
{
    private long _relayedToAgent;
    private long _relayedToCustomer;

    /// <summary>RTP packets relayed customer → agent over every ended callback.</summary>
    public long RelayedToAgent => Interlocked.Read(ref _relayedToAgent);

    /// <summary>RTP packets relayed agent → customer over every ended callback.</summary>
    public long RelayedToCustomer => Interlocked.Read(ref _relayedToCustomer);

    /// <summary>
    /// Rings the agent's registered SIP phone for a callback offer, as for an inbound call: INVITE to the binding's
    /// target with the customer's number in From and the ACD call id in X-Call-Id; when it answers the customer is
    /// dialled. Null when the offer is not a callback this service can dial (not a callback, no outbound trunk, no
    /// registered phone): the offer is then rung like any other (desktop answer).
    /// </summary>
    public async ValueTask<RingResult?> TryRingAsync(AgentCallOffer offer)
    {
        ArgumentNullException.ThrowIfNull(offer);
        if (calls.Find(offer.CallId) is not { Callback: { } request } callback || telephony.Value.OutboundTrunkUri is null
            || registrations.FindContacts(offer.AgentId.Value) is not [var binding, ..])
        {
            return null;
        }

        var number = request.CallerNumber;
        var display = offer.CallerDisplay is { } name ? $"Callback – {name}" : "Callback";
        var leg = dialler.Prepare(binding.Contact.Uri, new NameAddress(SipUri.Sip(number, dialler.LocalHost), display),
            new NameAddress(SipUri.Sip(offer.AgentId.Value, bridge.Value.Domain)), binding.Target.Transport);
        if (leg is null)
        {
            return RingResult.NoMediaPort;
        }

        leg.Invite.Headers.Add(SipAgentPhone.CallIdHeader, offer.CallId.Value);
        SipAgentPhone.AddPath(leg.Invite, binding);
        if (!StartRinging(callback, offer.AgentId, leg))
        {
            await leg.Media.DisposeAsync();
            return RingResult.Unreachable;
        }

        callback.Own(RingAgentAsync(callback, offer.AgentId, leg, binding.Target));
        return RingResult.Ringing;
    }

    /// <summary>Stops the agent's phone ringing for a callback; false when <paramref name="callId"/> is not a callback ringing that agent.</summary>
    public async ValueTask<bool> TryCancelRingingAsync(CallId callId, AgentId agentId)
    {
        if (calls.Find(callId) is not { Callback: not null, Agent: { } leg } || leg.Agent != agentId)
        {
            return false;
        }

        await leg.Ringing.CancelAsync();
        return true;
    }

    /// <summary>Claims the callback's agent leg; false when another agent's phone is ringing or the callback ended.</summary>
    private static bool StartRinging(Call call, AgentId agent, OutboundLeg leg)
    {
        lock (call.Gate)
        {
            if (call.LegsEnded || call.Agent is not null)
            {
                return false;
            }

            call.Agent = new AgentLeg(agent, leg);
        }

        return true;
    }

    /// <summary>Rings the agent's phone; on its answer tells the ACD and dials the customer. Owned by the call; a boundary (logs, retries).</summary>
    private async Task RingAgentAsync(Call call, AgentId agent, OutboundLeg leg, SipPeer phone)
    {
        try
        {
            await dialler.DialAsync(leg, phone, null, leg.Ringing.Token);
            if (leg.Sip is null)
            {
                // Refused, cancelled or timed out: the ACD's ring timeout offers the callback again.
                await ReleaseAgentLegAsync(call, leg);
                return;
            }

            if (!await acd.Value.CallAnsweredAsync(call.Id, agent, CancellationToken.None))
            {
                await leg.Sip.HangUpAsync(CancellationToken.None);
                await ReleaseAgentLegAsync(call, leg);
                return;
            }

            Listen(call, leg.Sip);
            await DialCustomerAsync(call, agent);
        }
        catch (Exception exception)
        {
            // Boundary of the dial the call owns: the callback is retried later, as after a failed dial.
            LogFailed(logger, exception, call.Id.Value);
            await EndAsync(call, hungUpBy: null, reason: "the callback failed in the service");
            await claims.RetryAsync(call.Callback!.Id, CancellationToken.None);
        }
    }

    /// <summary>
    /// Hears an answered leg's own events: its BYE ends the callback (the other leg is hung up and the agent goes to
    /// wrap-up); its re-INVITE (hold, resume) is passed to the other leg once both are connected.
    /// </summary>
    private void Listen(Call call, SipCall leg) =>
        leg.OnEvent(async (dialogEvent, token) =>
        {
            switch (dialogEvent.Kind)
            {
                case DialogEventKind.Bye:
                    await EndAsync(call, dialogEvent.Call.CallId, reason: null);
                    break;
                case DialogEventKind.ReInvite:
                    await reInvites.RelayCallbackAsync(call, dialogEvent, token);
                    break;
            }
        });

    private async Task DialCustomerAsync(Call call, AgentId agent)
    {
        var trunk = telephony.Value.OutboundTrunkUri!;
        var request = call.Callback!;
        var number = request.CallerNumber;
        if (dialGuard.TryAcquire(agent.Value, number, out var refusal) is not { } lease)
        {
            LogDialRefused(logger, call.Id.Value, request.Id, agent.Value, Sip.Identity.PhoneNumberMask.MaskWithin(refusal));
            await FailAsync(call, agent, "the dial policy refused the number: " + refusal);
            return;
        }

        lock (call.Gate)
        {
            call.DialLease = lease;
        }

        var target = SipUri.Sip(number, trunk.Host, trunk.Port);
        var leg = dialler.Prepare(target, new NameAddress(SipUri.Sip("callback", dialler.LocalHost), "Contact centre"), new NameAddress(target));
        if (leg is null)
        {
            await FailAsync(call, agent, "no media port was free to dial the customer");
            return;
        }

        lock (call.Gate)
        {
            call.CustomerLeg = leg;
        }

        LogDialling(logger, call.Id.Value, request.Id, agent.Value);
        var peer = telephony.Value.OutboundTrunkPeer!;
        using var ringing = CancellationTokenSource.CreateLinkedTokenSource(leg.Ringing.Token, call.Ending.Token);
        var options = telephony.Value;
        var status = await dialler.DialAsync(leg, peer, null, ringing.Token,
            options.OutboundTrunkUser.Length > 0 ? (options.OutboundTrunkUser, options.OutboundTrunkPassword) : null);
        if (leg.Sip is null)
        {
            await FailAsync(call, agent, Describe(status));
            return;
        }

        Listen(call, leg.Sip);
        lock (call.Gate)
        {
            if (!call.LegsEnded && call.Agent?.Outbound is { Format: { } agentFormat } agentLeg)
            {
                call.Relay = new RtpRelay(leg.Media.Session, leg.Format!, agentLeg.Media.Session, agentFormat);
            }
        }

        if (call.Relay is null)
        {
            // The agent hung up while the customer's phone was ringing; the customer has just answered to nobody.
            await leg.Sip.HangUpAsync(CancellationToken.None);
            await FailAsync(call, agent, "the agent hung up before the customer answered");
            return;
        }

        await claims.CompleteAsync(request.Id, agent.Value, CancellationToken.None);
        LogConnected(logger, call.Id.Value, request.Id, agent.Value);
    }

    private async Task FailAsync(Call call, AgentId agent, string why)
    {
        var request = call.Callback!;
        var retry = await claims.RetryAsync(request.Id, CancellationToken.None);
        var next = retry switch
        {
            { Status: Ivr.Callbacks.CallbackStatus.Pending } => $"; it falls due again at {retry.DueAt:yyyy-MM-dd HH:mm} UTC (attempt {retry.Attempts})",
            { Status: Ivr.Callbacks.CallbackStatus.Failed } => $"; no attempts left after {retry.Attempts}, the callback failed",
            _ => "",
        };
        var reason = $"Customer not reached: {why}{next}";
        LogNotReached(logger, call.Id.Value, request.Id, why);
        await hub.Clients.Group(AgentConnections.Group(agent.Value)).CallStateChanged(new CallStateView(call.Id.Value, "CallbackFailed", reason, null));
        await EndAsync(call, hungUpBy: null, reason);
    }

    /// <summary>Ends the callback once: relay stopped, legs still up hung up (not the one that sent BYE), media returned.</summary>
    private async Task EndAsync(Call call, string? hungUpBy, string? reason)
    {
        OutboundLeg? agentLeg;
        OutboundLeg? customerLeg;
        RtpRelay? relay;
        lock (call.Gate)
        {
            if (call.LegsEnded)
            {
                return;
            }

            call.LegsEnded = true;
            (agentLeg, customerLeg, relay) = (call.Agent?.Outbound, call.CustomerLeg, call.Relay);
            call.Relay = null;
        }

        call.DialLease?.Dispose();

        await call.Ending.CancelAsync();
        relay?.Dispose();
        if (relay is not null)
        {
            Interlocked.Add(ref _relayedToAgent, relay.ForwardedToAgent);
            Interlocked.Add(ref _relayedToCustomer, relay.ForwardedToCaller);
        }

        foreach (var leg in new[] { customerLeg, agentLeg }.OfType<OutboundLeg>())
        {
            await leg.Ringing.CancelAsync();
            if (leg.Sip is { } sip && leg.SipCallId != hungUpBy)
            {
                await sip.HangUpAsync(CancellationToken.None);
            }

            await leg.Media.DisposeAsync();
        }

        LogEnded(logger, call.Id.Value, reason ?? "hung up", relay?.ForwardedToAgent ?? 0, relay?.ForwardedToCaller ?? 0);
        await acd.Value.CallEndedAsync(call.Id, CancellationToken.None);
    }

    private static async Task ReleaseAgentLegAsync(Call call, OutboundLeg leg)
    {
        lock (call.Gate)
        {
            if (call.Agent?.Outbound == leg)
            {
                call.Agent = null;
            }
        }

        await leg.Media.DisposeAsync();
    }

    private static string Describe(int status) => status switch
    {
        SipStatusCodes.BusyHere or SipStatusCodes.Decline or 600 => $"busy ({status})",
        SipStatusCodes.RequestTimeout or SipStatusCodes.TemporarilyUnavailable or SipStatusCodes.RequestTerminated => $"no answer ({status})",
        SipStatusCodes.Unauthorized or SipStatusCodes.ProxyAuthenticationRequired =>
            $"the trunk asked for credentials and refused ours, or none are set (Telephony:OutboundTrunkUser) ({status})",
        _ => $"the call failed ({status})",
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Callback call {CallId}: callback {CallbackId} for {AgentId} not dialled: {Refusal}")]
    private static partial void LogDialRefused(ILogger logger, string callId, long callbackId, string agentId, string refusal);

    [LoggerMessage(Level = LogLevel.Information, Message = "Callback call {CallId}: dialling callback {CallbackId} for {AgentId}")]
    private static partial void LogDialling(ILogger logger, string callId, long callbackId, string agentId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Callback call {CallId}: callback {CallbackId} connected to {AgentId}")]
    private static partial void LogConnected(ILogger logger, string callId, long callbackId, string agentId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Callback call {CallId}: callback {CallbackId} did not reach the customer: {Why}")]
    private static partial void LogNotReached(ILogger logger, string callId, long callbackId, string why);

    [LoggerMessage(Level = LogLevel.Information, Message = "Callback call {CallId} ended ({Reason}): {ToAgent} RTP packets relayed to the agent, {ToCustomer} to the customer")]
    private static partial void LogEnded(ILogger logger, string callId, string reason, long toAgent, long toCustomer);

    [LoggerMessage(Level = LogLevel.Error, Message = "Callback call {CallId} failed")]
    private static partial void LogFailed(ILogger logger, Exception exception, string callId);
}
