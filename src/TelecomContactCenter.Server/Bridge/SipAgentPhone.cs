using Microsoft.Extensions.Options;
using TelecomContactCenter.Core.Routing;
using TelecomContactCenter.Media.Prompts;
using TelecomContactCenter.Media.Rtp;
using TelecomContactCenter.Server.Agents;
using TelecomContactCenter.Server.Callbacks;
using TelecomContactCenter.Server.Calls;
using TelecomContactCenter.Server.Contact;
using TelecomContactCenter.Sip.Messages;
using TelecomContactCenter.Sip.Registrar;
using TelecomContactCenter.Sip.Transport;
using TelecomContactCenter.Sip.UserAgent;

namespace TelecomContactCenter.Server.Bridge;

/// <summary>
/// The service's one agent phone (<see cref="IAgentPhone"/>), for every offer the ACD makes. An inbound call rings the
/// agent's registered SIP phone: INVITE from the service to the binding's target (the registered Contact, or the
/// REGISTER's source when the registrar detected NAT or the phone asked for RFC 5626 outbound) with the caller's
/// identity in From, the ACD call id in X-Call-Id, and an SDP offer from a newly leased media leg, placed with
/// <see cref="OutboundDialler"/> (as the customer leg of a callback is). Once the phone answers, its leg's BYE and
/// re-INVITEs are heard on that leg. A callback offer is rung by <see cref="CallbackConnector"/>, asked directly.
/// Agents without a registered phone, and calls that did not come in over SIP, fall back to desktop answer. The ACD
/// is reached lazily because it depends on this phone. Stateless apart from <see cref="CallBridge"/>, which keeps
/// the legs.
/// </summary>
internal sealed partial class SipAgentPhone(
    CallBridge bridge,
    DesktopAnswerPhone desktop,
    IRegistrationLookup registrations,
    OutboundDialler dialler,
    CallbackConnector callbacks,
    ReInviteRelay reInvites,
    Lazy<ICallEntry> calls,
    PromptLibrary prompts,
    IOptions<BridgeOptions> options,
    TimeProvider time,
    ILogger<SipAgentPhone> logger) : IAgentPhone
{
    public const string CallIdHeader = "X-Call-Id";

    public async ValueTask<RingResult> RingAsync(AgentCallOffer offer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(offer);
        if (await callbacks.TryRingAsync(offer) is { } callbackRing)
        {
            return callbackRing;
        }

        if (bridge.Find(offer.CallId) is not { } call || registrations.FindContacts(offer.AgentId.Value) is not [var binding, ..])
        {
            return await desktop.RingAsync(offer, cancellationToken);
        }

        if (Prepare(offer, call, binding) is not { } outbound)
        {
            return RingResult.NoMediaPort;
        }

        var leg = new AgentLeg(offer.AgentId, outbound);
        if (!CallBridge.StartRinging(call, leg))
        {
            await outbound.Media.DisposeAsync();
            return RingResult.Unreachable;
        }

        var alerted = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        call.Own(DialAsync(call, leg, outbound, binding.Target, alerted));
        int status;
        try
        {
            // WaitAsync stops its timer when the phone answers first; a Task.Delay beside it kept a timer and the
            // token's registration alive for the whole AlertWait of every call.
            status = await alerted.Task.WaitAsync(options.Value.AlertWait, time, cancellationToken);
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
        {
            return RingResult.Ringing;
        }

        if (status < 300)
        {
            return RingResult.Ringing;
        }

        return status is SipStatusCodes.BusyHere or 600 or 603 ? RingResult.Rejected : RingResult.Unreachable;
    }

    public async ValueTask CancelAsync(CallId callId, AgentId agentId, CancellationToken cancellationToken)
    {
        if (await callbacks.TryCancelRingingAsync(callId, agentId))
        {
            return;
        }

        if (bridge.Find(callId)?.Agent is { } leg && leg.Agent == agentId)
        {
            LogCancelled(logger, callId.Value, agentId.Value);
            await leg.Ringing.CancelAsync();
            return;
        }

        await desktop.CancelAsync(callId, agentId, cancellationToken);
    }

    public async ValueTask AnsweredOnDesktopAsync(CallId callId, AgentId agentId, CancellationToken cancellationToken)
    {
        if (bridge.Find(callId) is { } call)
        {
            if (call.Agent is { } leg && leg.Agent == agentId)
            {
                // The desktop answered while the phone rang: the phone stops ringing.
                await leg.Ringing.CancelAsync();
            }

            bridge.AnswerOnDesktop(call);
        }
    }

    public async ValueTask HangUpAsync(CallId callId, AgentId agentId, CancellationToken cancellationToken)
    {
        if (bridge.Find(callId) is { } call)
        {
            // The caller's call ends with our BYE; the IVR holding it hears that on the call and winds it down.
            await bridge.DesktopHungUpAsync(call, cancellationToken);
        }
    }

    public ValueTask<bool> HoldAsync(CallId callId, AgentId agentId, bool hold, CancellationToken cancellationToken) =>
        ValueTask.FromResult(bridge.Find(callId) is { } call && prompts.TryGet(AcdQueueHandoff.WaitPrompt, out var music)
            && bridge.HoldOnDesktop(call, hold, music));

    public AgentDevice DeviceOf(AgentId agentId) =>
        registrations.FindContacts(agentId.Value) is [_, ..] ? AgentDevice.SipPhone : AgentDevice.Desktop;

    /// <summary>The INVITE to the agent's phone with a leased media leg; null when no RTP port is free.</summary>
    private OutboundLeg? Prepare(AgentCallOffer offer, Call call, RegistrationBinding binding)
    {
        var host = dialler.LocalHost;
        var withheld = call.Identity.IsWithheld || offer.CallerE164 is null;
        var from = withheld
            ? new NameAddress(SipUri.Sip("anonymous", "anonymous.invalid"), "Anonymous")
            : new NameAddress(SipUri.Sip(offer.CallerE164, host), Display(call, offer));
        var to = new NameAddress(SipUri.Sip(offer.AgentId.Value, options.Value.Domain));
        var leg = dialler.Prepare(binding.Contact.Uri, from, to, binding.Target.Transport);
        leg?.Invite.Headers.Add(CallIdHeader, offer.CallId.Value);
        AddPath(leg?.Invite, binding);
        return leg;
    }

    /// <summary>A phone registered through proxies (Path, RFC 3327) is reached through them: its Path is the Route set.</summary>
    internal static void AddPath(SipRequest? invite, RegistrationBinding binding)
    {
        foreach (var hop in binding.Path)
        {
            invite?.Headers.Add(SipHeaderNames.Route, hop.ToString());
        }
    }

    /// <summary>"Platinum – Li Wei": what the phone's display shows before the agent looks at the screen.</summary>
    private static string? Display(Call call, AgentCallOffer offer) =>
        (call.Tier, offer.CallerDisplay) switch
        {
            ({ } tier, { } name) => $"{tier} – {name}",
            ({ } tier, null) => tier.ToString(),
            (null, { } name) => name,
            _ => null,
        };

    private async Task DialAsync(Call call, AgentLeg leg, OutboundLeg outbound, SipPeer peer, TaskCompletionSource<int> alerted)
    {
        try
        {
            var progress = new AlertProgress(r => alerted.TrySetResult(r.StatusCode));
            var status = await dialler.DialAsync(outbound, peer, progress, leg.Ringing.Token);
            alerted.TrySetResult(status);
            if (outbound is not { Sip: { } agentCall, Format: { } format })
            {
                LogNotAnswered(logger, call.Id.Value, leg.Agent.Value, status);
                await CallBridge.ReleaseRingingAsync(call, leg);
                return;
            }

            if (!await ConnectAsync(call, leg, agentCall, format))
            {
                await agentCall.HangUpAsync(CancellationToken.None);
                await CallBridge.ReleaseRingingAsync(call, leg);
                return;
            }

            // The agent leg's own events, kept from its answer: a BYE that came while connecting is heard now.
            agentCall.OnEvent((dialogEvent, token) => OnAgentLegEventAsync(call, dialogEvent, token));
        }
        catch (Exception exception)
        {
            // Boundary of the dial the call owns: log, give the lease back, let the ACD's ring timeout re-offer.
            alerted.TrySetResult(SipStatusCodes.ServerInternalError);
            LogDialFailed(logger, exception, call.Id.Value, leg.Agent.Value);
            await CallBridge.ReleaseRingingAsync(call, leg);
        }
    }

    /// <summary>
    /// The agent's phone hung up (BYE to the caller, whose IVR then winds the call down) or re-INVITEd (hold, resume:
    /// passed on to the caller).
    /// </summary>
    private async ValueTask OnAgentLegEventAsync(Call call, DialogEvent dialogEvent, CancellationToken cancellationToken)
    {
        switch (dialogEvent.Kind)
        {
            case DialogEventKind.ReInvite:
                await reInvites.RelayAsync(call, dialogEvent, fromCaller: false, cancellationToken);
                break;
            case DialogEventKind.Bye:
                await bridge.AgentHungUpAsync(call, cancellationToken);
                break;
        }
    }

    private async Task<bool> ConnectAsync(Call call, AgentLeg leg, SipCall agentCall, AudioFormat format)
    {
        if (leg.Ringing.IsCancellationRequested)
        {
            return false;
        }

        if (!await calls.Value.CallAnsweredAsync(call.Id, leg.Agent, CancellationToken.None))
        {
            LogLateAnswer(logger, call.Id.Value, leg.Agent.Value, agentCall.CallId);
            return false;
        }

        return bridge.Connect(call, leg, format);
    }

    private sealed class AlertProgress(Action<SipResponse> onAlert) : IProgress<SipResponse>
    {
        public void Report(SipResponse value)
        {
            if (value.StatusCode >= SipStatusCodes.Ringing)
            {
                onAlert(value);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Ringing of {AgentId} for call {CallId} cancelled")]
    private static partial void LogCancelled(ILogger logger, string callId, string agentId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Call {CallId}: {AgentId}'s phone answered {StatusCode}")]
    private static partial void LogNotAnswered(ILogger logger, string callId, string agentId, int statusCode);

    [LoggerMessage(Level = LogLevel.Information, Message = "Call {CallId}: {AgentId} answered after the offer was withdrawn; agent leg {AgentLeg} hung up")]
    private static partial void LogLateAnswer(ILogger logger, string callId, string agentId, string agentLeg);

    [LoggerMessage(Level = LogLevel.Error, Message = "Call {CallId}: ringing {AgentId} failed")]
    private static partial void LogDialFailed(ILogger logger, Exception exception, string callId, string agentId);
}
