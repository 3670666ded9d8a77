using System.Globalization;
using System.Net;

namespace TelecomContactCenter.Sip.Sdp;

/// <summary>
/// Our side as offerer (RFC 3264 §5, §7), for the legs we place ourselves: the agent leg of a bridged call and
/// callbacks. Offers the preferred G.711 laws plus telephone-event and reads the answer back into the same
/// <see cref="NegotiatedAudio"/> the answerer produces. With SRTP on the leg the offer carries one
/// <c>a=crypto</c> (tag 1, AES_CM_128_HMAC_SHA1_80, our key): under Optional in RTP/AVP, so a phone without SRTP
/// ignores the line and answers plain (best-effort SRTP), under Required in RTP/SAVP, and an answer without the
/// matching tag is then refused. Stateless and thread-safe.
/// </summary>
public sealed class SdpOfferer(SdpOptions options)
{
    public const int DefaultTelephoneEventPayloadType = 101;

    public SdpOfferer()
        : this(new SdpOptions())
    {
    }

    /// <summary>False when the leg's policy requires SRTP but its signalling is not TLS: no offer may be made.</summary>
    public static bool CanOffer(SdpLocalMedia local)
    {
        ArgumentNullException.ThrowIfNull(local);
        return local.Srtp != SrtpPolicy.Required || local.SecureSignalling;
    }

    public SessionDescription CreateOffer(SdpLocalMedia local)
    {
        ArgumentNullException.ThrowIfNull(local);
        if (!CanOffer(local))
        {
            throw new InvalidOperationException("SRTP is required on this leg and its signalling is not TLS: keys may not be offered in the clear.");
        }

        var formats = new List<string>();
        var attributes = new List<SdpAttributeLine>();
        foreach (var codec in options.CodecPreference)
        {
            var pt = codec == AudioCodec.Pcmu ? 0 : 8;
            formats.Add(Invariant(pt));
            attributes.Add(new("rtpmap", new SdpRtpMap(pt, codec == AudioCodec.Pcmu ? "PCMU" : "PCMA", 8000).ToString()));
        }

        if (options.AcceptTelephoneEvent)
        {
            const int te = DefaultTelephoneEventPayloadType;
            formats.Add(Invariant(te));
            attributes.Add(new("rtpmap", new SdpRtpMap(te, "telephone-event", 8000).ToString()));
            attributes.Add(new("fmtp", Invariant(te) + " 0-15"));
        }

        attributes.Add(new("ptime", Invariant(options.Ptime)));
        attributes.Add(new(local.Direction.ToAttributeName()));
        var srtp = local.EffectiveSrtp;
        if (srtp != SrtpPolicy.Off)
        {
            attributes.Add(new SdesCrypto(1, SdesCrypto.Aes128CmSha1Tag80, local.SrtpKey ?? SdesCrypto.NewInlineKey()).ToAttribute());
        }

        var connection = SdpConnection.ForAddress(local.Address);
        return new SessionDescription
        {
            Origin = new SdpOrigin(options.UserName, local.SessionId, local.SessionVersion, "IN", connection.AddressType, connection.Address),
            SessionName = options.SessionName,
            Connection = connection,
            Media = [new SdpMedia { MediaType = "audio", Port = local.AudioPort, Protocol = srtp == SrtpPolicy.Required ? "RTP/SAVP" : "RTP/AVP", Formats = formats, Attributes = attributes }],
        };
    }

    /// <summary>Reads the peer's answer to <paramref name="offer"/>; a rejection means the call leg must end.</summary>
    public SdpNegotiation ProcessAnswer(SessionDescription offer, SessionDescription answer)
    {
        ArgumentNullException.ThrowIfNull(offer);
        ArgumentNullException.ThrowIfNull(answer);
        if (answer.Media.Count != offer.Media.Count)
        {
            return new SdpNotAcceptable($"the answer has {answer.Media.Count} media sections for our {offer.Media.Count}");
        }

        var media = answer.Media[0];
        if (media.Port == 0)
        {
            return new SdpNotAcceptable("the answer rejected the audio stream");
        }

        var offered = offer.Media[0];
        AudioCodec? codec = null;
        var payloadType = -1;
        foreach (var pt in media.PayloadTypes)
        {
            if (offered.PayloadTypes.Contains(pt) && SdpCodecs.Identify(media, pt) is { } found)
            {
                (codec, payloadType) = (found, pt);
                break;
            }
        }

        if (codec is null)
        {
            return new SdpNotAcceptable("no common codec in the answer");
        }

        SdesKeys? keys = null;
        if (SdesCrypto.FindAll(offered) is [var sent, ..])
        {
            var received = SdesCrypto.FindAll(media).FirstOrDefault(c => c.Tag == sent.Tag && c.Suite == sent.Suite && c.IsSupported);
            if (received is null && offered.IsRtpSavp)
            {
                return new SdpNotAcceptable("the answer to our RTP/SAVP offer has no a=crypto with our tag and suite");
            }

            keys = received is null ? null : new SdesKeys(sent.InlineKey, received.InlineKey);
        }

        int? telephoneEvent = media.PayloadTypes.Contains(DefaultTelephoneEventPayloadType) && options.AcceptTelephoneEvent
            ? DefaultTelephoneEventPayloadType
            : null;
        var connection = media.Connection ?? answer.Connection;
        var theirs = media.Direction ?? answer.Direction ?? MediaDirection.SendRecv;
        var ours = offered.Direction ?? MediaDirection.SendRecv;
        var onHold = connection is null || connection.IsNullAddress;
        var direction = MediaDirections.From(
            sends: ours.Sends() && theirs.Receives() && !onHold,
            receives: ours.Receives() && theirs.Sends());
        var remote = !onHold && IPAddress.TryParse(connection!.Address, out var address) ? new IPEndPoint(address, media.Port) : null;
        return new SdpAccepted(answer, new NegotiatedAudio(0, codec.Value, payloadType, telephoneEvent, remote, direction, media.Ptime ?? options.Ptime, SdpCodecs.RemoteRtcp(media, remote), keys));
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
