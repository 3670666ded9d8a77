using System.Net;
using System.Text;
using Microsoft.Extensions.Options;
using TelecomContactCenter.Media.Calls;
using TelecomContactCenter.Server.Calls;
using TelecomContactCenter.Server.Ivr;
using TelecomContactCenter.Server.Telephony;
using TelecomContactCenter.Sip.Messages;
using TelecomContactCenter.Sip.Sdp;
using TelecomContactCenter.Sip.UserAgent;

namespace TelecomContactCenter.Server.Bridge;

/// <summary>
/// Passes a re-INVITE (hold, resume) from one leg of a bridged call to the other, as a B2BUA with a media relay
/// must (RFC 3264 §8.4, RFC 6337 §5): the other leg is offered the relay's address with the direction the
/// originator asked for, and the originator is answered with the direction the other leg agreed to. A hold by
/// the caller therefore reaches the agent's phone as a=sendonly and the agent's a=recvonly comes back, and the
/// reverse when the agent holds. The relay keeps forwarding whatever RTP still arrives. With SRTP each leg repeats
/// its own key in its re-offer and re-answer (so the streams keep their contexts) and takes up a new key from the far
/// end if it sends one. Stateless.
/// </summary>
internal sealed partial class ReInviteRelay(IOptions<IvrOptions> media, IOptions<SrtpOptions> srtp, ILogger<ReInviteRelay> logger)
{
    private readonly SdpOfferer _offerer = new();
    private readonly SdpAnswerer _answerer = new();
    private readonly IPAddress _mediaAddress = IPAddress.Parse(media.Value.MediaAddress);

    /// <summary>
    /// Relays <paramref name="reInvite"/>, which arrived on the caller's leg when <paramref name="fromCaller"/>,
    /// otherwise on the agent's. False when the call is not bridged or the re-INVITE carries no offer: the stack
    /// then answers it with the last local description, as for any unanswered re-INVITE.
    /// </summary>
    public Task<bool> RelayAsync(Call call, DialogEvent reInvite, bool fromCaller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(reInvite);
        SipCall other;
        CallMedia otherMedia, originMedia;
        lock (call.Gate)
        {
            if (call.State != CallState.Connected || call.Agent?.Sip is not { } agentLeg || call.CallerMedia is not { } callerMedia)
            {
                return Task.FromResult(false);
            }

            other = fromCaller ? agentLeg : call.Caller;
            (otherMedia, originMedia) = fromCaller ? (call.Agent.Media, callerMedia) : (callerMedia, call.Agent.Media);
        }

        return RelayAsync(call.Id.Value, fromCaller ? "caller" : "agent", reInvite, other, otherMedia, originMedia, cancellationToken);
    }

    /// <summary>
    /// Relays a re-INVITE on either leg of a connected callback (the agent's phone or the customer through the trunk)
    /// to the other leg, as for an inbound call. False when the callback is not connected both ways yet.
    /// </summary>
    public Task<bool> RelayCallbackAsync(Call call, DialogEvent reInvite, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(reInvite);
        OutboundLeg from, to;
        SipCall other;
        string origin;
        lock (call.Gate)
        {
            if (call.LegsEnded || call.Relay is null || call.Agent?.Outbound is not { Sip: not null } agentLeg
                || call.CustomerLeg is not { Sip: not null } customerLeg)
            {
                return Task.FromResult(false);
            }

            (from, to, origin) = reInvite.Call.CallId == agentLeg.SipCallId ? (agentLeg, customerLeg, "agent") : (customerLeg, agentLeg, "customer");
            other = to.Sip!;
        }

        return RelayAsync(call.Id.Value, origin, reInvite, other, to.Media, from.Media, cancellationToken);
    }

    /// <summary>
    /// Offers <paramref name="other"/> the relay's <paramref name="otherMedia"/> with the direction the re-INVITE asks
    /// for, and answers the originator from <paramref name="originMedia"/> with what the other leg agreed to.
    /// </summary>
    private async Task<bool> RelayAsync(string callId, string origin, DialogEvent reInvite, SipCall other, CallMedia otherMedia,
        CallMedia originMedia, CancellationToken cancellationToken)
    {
        var transaction = reInvite.Transaction!;
        if (reInvite.Request.Body.IsEmpty || !SdpParser.TryParse(Encoding.UTF8.GetString(reInvite.Request.Body.Span), out var offer, out _)
            || offer.Media.Count == 0)
        {
            return false;
        }

        var asked = offer.Media[0].Direction ?? offer.Direction ?? MediaDirection.SendRecv;
        if (offer.Connection is { IsNullAddress: true } && offer.Media[0].Connection is null)
        {
            // RFC 2543 hold (c=0.0.0.0): the originator will not receive.
            asked = asked.Sends() ? MediaDirection.SendOnly : MediaDirection.Inactive;
        }

        var (sessionId, version) = NextVersion(other.LocalBody);
        var onwardLocal = srtp.Value.Local(_mediaAddress, otherMedia, sessionId, version, other.Peer.Transport, asked);
        if (!SdpOfferer.CanOffer(onwardLocal))
        {
            reInvite.Call.AnswerReInvite(transaction, SipStatusCodes.NotAcceptableHere);
            return true;
        }

        var onward = _offerer.CreateOffer(onwardLocal);
        SipResponse response;
        try
        {
            response = await other.ReInviteAsync(Encoding.ASCII.GetBytes(onward.ToString()), "application/sdp", cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Boundary: the other leg vanished mid-transaction; refuse the change rather than leave it unanswered.
            LogRelayFailed(logger, ex, callId);
            reInvite.Call.AnswerReInvite(transaction, SipStatusCodes.ServerInternalError);
            return true;
        }

        if (!response.IsSuccess)
        {
            // 491 (glare), 488 and the like mean the same to the originator: keep the session as it was.
            reInvite.Call.AnswerReInvite(transaction, response.StatusCode);
            LogRelayed(logger, callId, origin, asked.ToAttributeName(), response.StatusCode);
            return true;
        }

        // What we agreed with the other leg, seen from the originator's side: what we send there we receive
        // from here, and the other way round.
        var agreed = MediaDirection.SendRecv;
        if (SdpParser.TryParse(Encoding.UTF8.GetString(response.Body.Span), out var answer, out _)
            && _offerer.ProcessAnswer(onward, answer) is SdpAccepted { Audio: var toOther })
        {
            agreed = MediaDirections.From(sends: toOther.Direction.Receives(), receives: toOther.Direction.Sends());
            SrtpOptions.Apply(otherMedia, toOther.Srtp);
        }

        var (originSession, originVersion) = NextVersion(reInvite.Call.LocalBody);
        var originLocal = srtp.Value.Local(_mediaAddress, originMedia, originSession, originVersion, reInvite.Call.Peer.Transport, agreed);
        if (_answerer.Answer(offer, originLocal) is not SdpAccepted accepted)
        {
            reInvite.Call.AnswerReInvite(transaction, SipStatusCodes.NotAcceptableHere);
            return true;
        }

        SrtpOptions.Apply(originMedia, accepted.Audio.Srtp);
        reInvite.Call.AnswerReInvite(transaction, SipStatusCodes.Ok, Encoding.ASCII.GetBytes(accepted.Answer.ToString()));
        LogRelayed(logger, callId, origin, asked.ToAttributeName(), SipStatusCodes.Ok);
        return true;
    }

    /// <summary>The o= line of our next description on a leg: same session id, version one higher (RFC 3264 §8).</summary>
    private static (ulong SessionId, ulong Version) NextVersion(ReadOnlyMemory<byte> previous) =>
        !previous.IsEmpty && SdpParser.TryParse(Encoding.UTF8.GetString(previous.Span), out var sdp, out _)
            ? (sdp.Origin.SessionId, sdp.Origin.SessionVersion + 1)
            : (1, 2);

    [LoggerMessage(Level = LogLevel.Information, Message = "Re-INVITE ({Direction}) from the {Leg} of call {CallId} relayed: {Status}")]
    private static partial void LogRelayed(ILogger logger, string callId, string leg, string direction, int status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Relaying a re-INVITE on call {CallId} failed")]
    private static partial void LogRelayFailed(ILogger logger, Exception exception, string callId);
}
