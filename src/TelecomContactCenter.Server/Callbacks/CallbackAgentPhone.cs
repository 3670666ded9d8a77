using Microsoft.Extensions.Options;
using TelecomContactCenter.Core.Routing;
using TelecomContactCenter.Server.Agents;
using TelecomContactCenter.Server.Bridge;
using TelecomContactCenter.Server.Telephony;
using TelecomContactCenter.Sip.Messages;
using TelecomContactCenter.Sip.Registrar;
using TelecomContactCenter.Sip.Transport;

namespace TelecomContactCenter.Server.Callbacks;

/// <summary>
/// Rings the agent's registered SIP phone for a callback offer, as <see cref="SipAgentPhone"/> does for an inbound
/// call: INVITE to the binding's source address with the customer's number in From and the ACD call id in
/// X-Call-Id. When it answers, <see cref="CallbackConnector"/> dials the customer. Every other offer, and callbacks
/// that cannot be dialled (no outbound trunk, no registered phone), go to the wrapped phone (desktop answer).
/// Stateless apart from <see cref="CallbackCalls"/>.
/// </summary>
internal sealed class CallbackAgentPhone(
    IAgentPhone inner,
    CallbackCalls calls,
    CallbackConnector connector,
    OutboundDialler dialler,
    IRegistrationLookup registrations,
    IOptions<TelephonyOptions> telephony,
    IOptions<BridgeOptions> bridge) : IAgentPhone
{
    public async ValueTask<RingResult> RingAsync(AgentCallOffer offer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(offer);
        if (calls.Find(offer.CallId) is not { } callback || telephony.Value.OutboundTrunkUri is null
            || registrations.FindContacts(offer.AgentId.Value) is not [var binding, ..])
        {
            return await inner.RingAsync(offer, cancellationToken);
        }

        var number = callback.Request.CallerNumber;
        var display = offer.CallerDisplay is { } name ? $"Callback – {name}" : "Callback";
        var leg = dialler.Prepare(binding.Contact.Uri, new NameAddress(SipUri.Sip(number, dialler.LocalHost), display),
            new NameAddress(SipUri.Sip(offer.AgentId.Value, bridge.Value.Domain)), binding.Target.Transport);
        if (leg is null)
        {
            return RingResult.NoMediaPort;
        }

        leg.Invite.Headers.Add(SipAgentPhone.CallIdHeader, offer.CallId.Value);
        SipAgentPhone.AddPath(leg.Invite, binding);
        if (!connector.StartRinging(callback, offer.AgentId, leg))
        {
            await leg.Media.DisposeAsync();
            return RingResult.Unreachable;
        }

        _ = connector.RingAgentAsync(callback, offer.AgentId, leg, binding.Target);
        return RingResult.Ringing;
    }

    public async ValueTask CancelAsync(CallId callId, AgentId agentId, CancellationToken cancellationToken)
    {
        if (calls.Find(callId) is { Agent: { } ringing, AgentLeg: { } leg } && ringing == agentId)
        {
            await leg.Ringing.CancelAsync();
            return;
        }

        await inner.CancelAsync(callId, agentId, cancellationToken);
    }

    public ValueTask AnsweredOnDesktopAsync(CallId callId, AgentId agentId, CancellationToken cancellationToken) =>
        inner.AnsweredOnDesktopAsync(callId, agentId, cancellationToken);

    public ValueTask HangUpAsync(CallId callId, AgentId agentId, CancellationToken cancellationToken) =>
        inner.HangUpAsync(callId, agentId, cancellationToken);

    public ValueTask<bool> HoldAsync(CallId callId, AgentId agentId, bool hold, CancellationToken cancellationToken) =>
        inner.HoldAsync(callId, agentId, hold, cancellationToken);

    public AgentDevice DeviceOf(AgentId agentId) => inner.DeviceOf(agentId);
}
