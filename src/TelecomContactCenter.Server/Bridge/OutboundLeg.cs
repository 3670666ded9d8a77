using System.Net;
using System.Text;
using Microsoft.Extensions.Options;
using TelecomContactCenter.Media.Calls;
using TelecomContactCenter.Media.Codecs;
using TelecomContactCenter.Media.Rtp;
using TelecomContactCenter.Server.Ivr;
using TelecomContactCenter.Server.Telephony;
using TelecomContactCenter.Sip.Authentication;
using TelecomContactCenter.Sip.Messages;
using TelecomContactCenter.Sip.Sdp;
using TelecomContactCenter.Sip.Transport;
using TelecomContactCenter.Sip.UserAgent;

namespace TelecomContactCenter.Server.Bridge;

/// <summary>
/// A call the service places: its INVITE with the SDP offer of a leased media leg, cancelled through
/// <see cref="Ringing"/> (CANCEL while unanswered), and once answered its dialog and negotiated audio format.
/// </summary>
internal sealed class OutboundLeg(SipRequest invite, SessionDescription offer, CallMedia media)
{
    /// <summary>The INVITE last sent: the first one, or its repeat with credentials after a digest challenge.</summary>
    public SipRequest Invite { get; set; } = invite;

    public SessionDescription Offer { get; } = offer;

    public CallMedia Media { get; } = media;

    public string SipCallId => Invite.CallId!;

    public CancellationTokenSource Ringing { get; } = new();

    public SipCall? Sip { get; set; }

    public AudioFormat? Format { get; set; }
}

/// <summary>
/// Places outbound calls through the service's own SIP user agent (the one INVITE client the agent phones are rung
/// with): leases media, offers it, sends the INVITE and connects the media to the answer. The stack is reached
/// lazily because it depends, through the request handler, on the services that dial. Stateless.
/// </summary>
internal sealed class OutboundDialler(
    Lazy<SipStack> stack, CallMediaFactory mediaFactory, IOptions<IvrOptions> media, IOptions<SrtpOptions> srtp, TimeProvider time)
{
    private readonly SdpOfferer _offerer = new();
    private readonly IPAddress _mediaAddress = IPAddress.Parse(media.Value.MediaAddress);

    /// <summary>The host part for URIs that name the service itself.</summary>
    public string LocalHost => stack.Value.UdpEndPoint.Address.ToString();

    /// <summary>An INVITE ready to send over <paramref name="transport"/> (its Via and Contact) with a freshly leased
    /// media leg; null when no RTP port is free, or when SRTP is required (<c>Media:Srtp</c>) and the leg is not TLS,
    /// since its keys may not be sent in the clear.</summary>
    public OutboundLeg? Prepare(AddressUri target, NameAddress from, NameAddress to, string transport = SipTransportNames.Udp)
    {
        if (srtp.Value.Policy == SrtpPolicy.Required && !transport.Equals(SipTransportNames.Tls, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        if (!mediaFactory.TryOpen(out var legMedia))
        {
            return null;
        }

        var offer = _offerer.CreateOffer(srtp.Value.Local(_mediaAddress, legMedia, (ulong)time.GetUtcNow().ToUnixTimeSeconds(), 1, transport));
        var invite = stack.Value.CreateRequest(SipMethod.Invite, target, from, to, transport);
        invite.Body = Encoding.ASCII.GetBytes(offer.ToString());
        invite.ContentType = "application/sdp";
        return new OutboundLeg(invite, offer, legMedia);
    }

    /// <summary>
    /// Sends the INVITE and waits for the final answer. On 2xx with an acceptable SDP answer the leg's
    /// <see cref="OutboundLeg.Sip"/> and <see cref="OutboundLeg.Format"/> are set and the media connected; an answer
    /// whose SDP cannot be used is hung up and reported as 488. A 401 or 407 is answered once with
    /// <paramref name="credentials"/> when given (again only if the trunk says the nonce was stale). Returns the final
    /// status code.
    /// </summary>
    public async Task<int> DialAsync(OutboundLeg leg, SipPeer peer, IProgress<SipResponse>? progress, CancellationToken cancellationToken,
        (string User, string Password)? credentials = null)
    {
        ArgumentNullException.ThrowIfNull(leg);
        var result = await stack.Value.SendRequestAsync(leg.Invite, peer, progress, cancellationToken);
        for (var answered = 0; credentials is { } login && !cancellationToken.IsCancellationRequested
            && DigestChallengeAnswer.Next(leg.Invite, result.FinalResponse, answered, login.User, login.Password) is { } next; answered++)
        {
            leg.Invite = next;
            result = await stack.Value.SendRequestAsync(next, peer, progress, cancellationToken);
        }

        if (result.Call is not { } call)
        {
            return result.FinalResponse.StatusCode;
        }

        if (!SdpParser.TryParse(Encoding.UTF8.GetString(result.FinalResponse.Body.Span), out var answer, out _)
            || _offerer.ProcessAnswer(leg.Offer, answer) is not SdpAccepted { Audio: var audio })
        {
            await call.HangUpAsync(CancellationToken.None);
            return SipStatusCodes.NotAcceptableHere;
        }

        var format = new AudioFormat(audio.Codec == AudioCodec.Pcmu ? G711Law.MuLaw : G711Law.ALaw, audio.PayloadType, audio.TelephoneEventPayloadType);
        SrtpOptions.Apply(leg.Media, audio.Srtp);
        leg.Media.Connect(audio.RemoteRtp, format, audio.RemoteRtcp);
        leg.Format = format;
        leg.Sip = call;
        return result.FinalResponse.StatusCode;
    }
}
