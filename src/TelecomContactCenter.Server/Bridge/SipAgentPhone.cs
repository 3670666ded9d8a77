using System.Net;
using System.Text;
using Microsoft.Extensions.Options;
using TelecomContactCenter.Core.Routing;
using TelecomContactCenter.Media.Calls;
using TelecomContactCenter.Media.Codecs;
using TelecomContactCenter.Media.Rtp;
using TelecomContactCenter.Server.Agents;
using TelecomContactCenter.Server.Contact;
using TelecomContactCenter.Server.Ivr;
using TelecomContactCenter.Sip.Messages;
using TelecomContactCenter.Sip.Registrar;
using TelecomContactCenter.Sip.Sdp;
using TelecomContactCenter.Sip.Transport;
using TelecomContactCenter.Sip.UserAgent;

namespace TelecomContactCenter.Server.Bridge;

/// <summary>
/// Rings the agent's registered SIP phone: INVITE from the service to the binding's source address (the phone may
/// sit behind NAT) with the caller's identity in From, the ACD call id in X-Call-Id, and an SDP offer from a newly
/// leased media leg. Agents without a registered phone, and calls that did not come in over SIP, fall back to
/// desktop answer. The SIP stack and the ACD are reached lazily because both depend on this phone. Stateless
/// apart from <see cref="CallBridge"/>, which keeps the legs.
/// </summary>
internal sealed partial class SipAgentPhone(
    CallBridge bridge,
    DesktopAnswerPhone desktop,
    IRegistrationLookup registrations,
    Lazy<SipStack> stack,
    Lazy<ICallEntry> calls,
    CallMediaFactory mediaFactory,
    IOptions<BridgeOptions> options,
    IOptions<IvrOptions> media,
    TimeProvider time,
    ILogger<SipAgentPhone> logger) : IAgentPhone
{
    public const string CallIdHeader = "X-Call-Id";

    private readonly SdpOfferer _offerer = new();
    private readonly IPAddress _mediaAddress = IPAddress.Parse(media.Value.MediaAddress);

    public async ValueTask<RingResult> RingAsync(AgentCallOffer offer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(offer);
        if (bridge.Find(offer.CallId) is not { } call || registrations.FindContacts(offer.AgentId.Value) is not [var binding, ..])
        {
            return await desktop.RingAsync(offer, cancellationToken);
        }

        if (!mediaFactory.TryOpen(out var legMedia))
        {
            return RingResult.Unreachable;
        }

        var sdpOffer = _offerer.CreateOffer(new SdpLocalMedia(_mediaAddress, legMedia.LocalRtpPort, (ulong)time.GetUtcNow().ToUnixTimeSeconds(), 1));
        var invite = CreateInvite(offer, call, binding, sdpOffer);
        var leg = new AgentLeg(offer.AgentId, invite.CallId!, legMedia);
        if (!bridge.StartRinging(call, leg))
        {
            await legMedia.DisposeAsync();
            return RingResult.Unreachable;
        }

        var alerted = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        _ = DialAsync(call, leg, invite, sdpOffer, new SipPeer(SipTransportNames.Udp, binding.Source), alerted);
        var first = await Task.WhenAny(alerted.Task, Task.Delay(options.Value.AlertWait, time, cancellationToken));
        if (first != alerted.Task)
        {
            return RingResult.Ringing;
        }

        var status = await alerted.Task;
        if (status < 300)
        {
            return RingResult.Ringing;
        }

        return status is SipStatusCodes.BusyHere or 600 or 603 ? RingResult.Rejected : RingResult.Unreachable;
    }

    public async ValueTask CancelAsync(CallId callId, AgentId agentId, CancellationToken cancellationToken)
    {
        if (bridge.Find(callId)?.Agent is { } leg && leg.Agent == agentId)
        {
            LogCancelled(logger, callId.Value, agentId.Value);
            await leg.Ringing.CancelAsync();
            return;
        }

        await desktop.CancelAsync(callId, agentId, cancellationToken);
    }

    private SipRequest CreateInvite(AgentCallOffer offer, BridgedCall call, RegistrationBinding binding, SessionDescription sdpOffer)
    {
        var sip = stack.Value;
        var host = sip.UdpEndPoint.Address.ToString();
        var withheld = call.Identity.IsWithheld || offer.CallerE164 is null;
        var from = withheld
            ? new NameAddress(SipUri.Sip("anonymous", "anonymous.invalid"), "Anonymous")
            : new NameAddress(SipUri.Sip(offer.CallerE164, host), Display(call, offer));
        var to = new NameAddress(SipUri.Sip(offer.AgentId.Value, options.Value.Domain));
        var invite = sip.CreateRequest(SipMethod.Invite, binding.Contact.Uri, from, to, SipTransportNames.Udp);
        invite.Headers.Add(CallIdHeader, offer.CallId.Value);
        invite.Body = Encoding.ASCII.GetBytes(sdpOffer.ToString());
        invite.ContentType = "application/sdp";
        return invite;
    }

    /// <summary>"Platinum – Li Wei": what the phone's display shows before the agent looks at the screen.</summary>
    private static string? Display(BridgedCall call, AgentCallOffer offer) =>
        (call.Tier, offer.CallerDisplay) switch
        {
            ({ } tier, { } name) => $"{tier} – {name}",
            ({ } tier, null) => tier.ToString(),
            (null, { } name) => name,
            _ => null,
        };

    private async Task DialAsync(BridgedCall call, AgentLeg leg, SipRequest invite, SessionDescription sdpOffer, SipPeer peer,
        TaskCompletionSource<int> alerted)
    {
        try
        {
            var progress = new AlertProgress(r => alerted.TrySetResult(r.StatusCode));
            var result = await stack.Value.SendRequestAsync(invite, peer, progress, leg.Ringing.Token);
            alerted.TrySetResult(result.FinalResponse.StatusCode);
            if (result.Call is not { } agentCall)
            {
                LogNotAnswered(logger, call.Id.Value, leg.Agent.Value, result.FinalResponse.StatusCode);
                await bridge.ReleaseRingingAsync(call, leg);
                return;
            }

            leg.Sip = agentCall;
            if (!await ConnectAsync(call, leg, agentCall, sdpOffer, result.FinalResponse))
            {
                await agentCall.HangUpAsync(CancellationToken.None);
                await bridge.ReleaseRingingAsync(call, leg);
            }
        }
        catch (Exception exception)
        {
            // Boundary of a fire-and-forget dial: log, give the lease back, let the ACD's ring timeout re-offer.
            alerted.TrySetResult(SipStatusCodes.ServerInternalError);
            LogDialFailed(logger, exception, call.Id.Value, leg.Agent.Value);
            await bridge.ReleaseRingingAsync(call, leg);
        }
    }

    private async Task<bool> ConnectAsync(BridgedCall call, AgentLeg leg, SipCall agentCall, SessionDescription sdpOffer, SipResponse ok)
    {
        if (leg.Ringing.IsCancellationRequested
            || !SdpParser.TryParse(Encoding.UTF8.GetString(ok.Body.Span), out var answer, out _)
            || _offerer.ProcessAnswer(sdpOffer, answer) is not SdpAccepted { Audio: var audio })
        {
            return false;
        }

        var format = new AudioFormat(audio.Codec == AudioCodec.Pcmu ? G711Law.MuLaw : G711Law.ALaw, audio.PayloadType, audio.TelephoneEventPayloadType);
        leg.Media.Connect(audio.RemoteRtp, format, audio.RemoteRtcp);
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
