using System.Globalization;
using System.Net;

namespace TelecomContactCenter.Sip.Sdp;

/// <summary>
/// Answers an offer per RFC 3264 §6: one audio stream with G.711 and telephone-event, every other stream
/// rejected with port 0, payload type numbers kept as the offerer wrote them. SRTP by the leg's policy
/// (<see cref="SdpLocalMedia.Srtp"/>): an RTP/SAVP stream, or an RTP/AVP one with <c>a=crypto</c> (best-effort SRTP, as
/// baresip's <c>mediaenc srtp</c> offers), is answered in the same profile with the first supported crypto line's tag
/// and suite and a key of our own (RFC 4568 §7.1.2); under Required a stream without one is refused. Stateless and
/// thread-safe.
/// </summary>
public sealed class SdpAnswerer(SdpOptions options)
{
    public SdpAnswerer()
        : this(new SdpOptions())
    {
    }

    public SdpNegotiation Answer(SessionDescription offer, SdpLocalMedia local)
    {
        ArgumentNullException.ThrowIfNull(offer);
        ArgumentNullException.ThrowIfNull(local);
        var answered = new List<SdpMedia>(offer.Media.Count);
        NegotiatedAudio? audio = null;
        var sawAudio = false;
        for (var i = 0; i < offer.Media.Count; i++)
        {
            var offered = offer.Media[i];
            var isAudio = offered.MediaType.Equals("audio", StringComparison.OrdinalIgnoreCase)
                && offered.Port != 0;
            sawAudio |= isAudio;
            var accepted = audio is null && isAudio && (offered.IsRtpAvp || offered.IsRtpSavp)
                ? TryAccept(offer, offered, i, local)
                : null;
            if (accepted is null)
            {
                answered.Add(Reject(offered));
                continue;
            }

            audio = accepted.Value.Audio;
            answered.Add(accepted.Value.Media);
        }

        if (audio is null)
        {
            return new SdpNotAcceptable(!sawAudio ? "the offer has no audio stream"
                : SrtpRefusal(offer, local) ?? "no common codec: we accept " + string.Join(", ", options.CodecPreference) + " over RTP/AVP");
        }

        var answer = new SessionDescription
        {
            Origin = new SdpOrigin(
                options.UserName,
                local.SessionId,
                local.SessionVersion,
                "IN",
                SdpConnection.ForAddress(local.Address).AddressType,
                local.Address.ToString()),
            SessionName = options.SessionName,
            Connection = SdpConnection.ForAddress(local.Address),
            Media = answered,
        };
        return new SdpAccepted(answer, audio);
    }

    private (SdpMedia Media, NegotiatedAudio Audio)? TryAccept(
        SessionDescription offer, SdpMedia offered, int index, SdpLocalMedia local)
    {
        if (FindCodec(offered) is not var (codec, payloadType) || !TryChooseCrypto(offered, local, out var crypto))
        {
            return null;
        }

        var telephoneEvent = options.AcceptTelephoneEvent ? FindTelephoneEvent(offered) : null;
        var connection = offered.Connection ?? offer.Connection;
        var offeredDirection = offered.Direction ?? offer.Direction ?? MediaDirection.SendRecv;
        var onHold = connection is null || connection.IsNullAddress;
        if (onHold)
        {
            // RFC 3264 §8.4: c=0.0.0.0 is the old way to say "do not send to me".
            offeredDirection = MediaDirections.From(offeredDirection.Sends(), receives: false);
        }

        var direction = MediaDirections.From(
            sends: offeredDirection.Receives() && local.Direction.Sends(),
            receives: offeredDirection.Sends() && local.Direction.Receives());
        var remote = !onHold && IPAddress.TryParse(connection!.Address, out var address)
            ? new IPEndPoint(address, offered.Port)
            : null;

        var formats = new List<string> { Invariant(payloadType) };
        var attributes = new List<SdpAttributeLine>
        {
            new("rtpmap", new SdpRtpMap(payloadType, codec == AudioCodec.Pcmu ? "PCMU" : "PCMA", 8000).ToString()),
        };
        if (telephoneEvent is var (eventType, events))
        {
            formats.Add(Invariant(eventType));
            attributes.Add(new("rtpmap", new SdpRtpMap(eventType, "telephone-event", 8000).ToString()));
            attributes.Add(new("fmtp", Invariant(eventType) + " " + TelephoneEvents.Format(events)));
        }

        attributes.Add(new("ptime", Invariant(options.Ptime)));
        attributes.Add(new(direction.ToAttributeName()));
        SdesKeys? keys = null;
        if (crypto is not null)
        {
            keys = new SdesKeys(local.SrtpKey ?? SdesCrypto.NewInlineKey(), crypto.InlineKey);
            attributes.Add(new SdesCrypto(crypto.Tag, crypto.Suite, keys.Local).ToAttribute());
        }

        var media = new SdpMedia
        {
            MediaType = offered.MediaType,
            Port = local.AudioPort,
            Protocol = offered.Protocol,
            Formats = formats,
            Attributes = attributes,
        };
        var negotiated = new NegotiatedAudio(
            index, codec, payloadType, telephoneEvent?.PayloadType, remote, direction, options.Ptime, SdpCodecs.RemoteRtcp(offered, remote), keys);
        return (media, negotiated);
    }

    /// <summary>
    /// The offered crypto line to answer, or null for plain RTP; false when the stream cannot be accepted under the
    /// leg's policy: RTP/SAVP without a supported line (or with SRTP off), or anything without one under Required.
    /// </summary>
    private static bool TryChooseCrypto(SdpMedia offered, SdpLocalMedia local, out SdesCrypto? crypto)
    {
        var policy = local.EffectiveSrtp;
        crypto = policy == SrtpPolicy.Off ? null : SdesCrypto.Choose(offered);
        if (policy == SrtpPolicy.Required && !local.SecureSignalling)
        {
            return false;
        }

        return crypto is not null || (!offered.IsRtpSavp && policy != SrtpPolicy.Required);
    }

    /// <summary>Why no stream was accepted when SRTP is the reason; null when it is the codecs.</summary>
    private static string? SrtpRefusal(SessionDescription offer, SdpLocalMedia local)
    {
        if (local.Srtp == SrtpPolicy.Required && !local.SecureSignalling)
        {
            return "SRTP is required (Media:Srtp) and SDES keys are exchanged only over SIP over TLS";
        }

        var audio = offer.Media.Where(m => m.Port != 0 && m.MediaType.Equals("audio", StringComparison.OrdinalIgnoreCase)).ToList();
        if (local.Srtp == SrtpPolicy.Required && !audio.Any(m => SdesCrypto.Choose(m) is not null))
        {
            return "SRTP is required (Media:Srtp): the offer has no audio stream with a supported a=crypto (" + SdesCrypto.Aes128CmSha1Tag80 + ")";
        }

        if (audio.All(m => m.IsRtpSavp) && (local.EffectiveSrtp == SrtpPolicy.Off || !audio.Any(m => SdesCrypto.Choose(m) is not null)))
        {
            return local.EffectiveSrtp == SrtpPolicy.Off
                ? "the offer is RTP/SAVP only and SRTP is off on this leg (Media:Srtp Off, or its signalling is not TLS)"
                : "the RTP/SAVP offer has no supported a=crypto (" + SdesCrypto.Aes128CmSha1Tag80 + ", inline key, no MKI)";
        }

        return null;
    }

    private (AudioCodec Codec, int PayloadType)? FindCodec(SdpMedia offered)
    {
        foreach (var wanted in options.CodecPreference)
        {
            foreach (var pt in offered.PayloadTypes)
            {
                if (SdpCodecs.Identify(offered, pt) == wanted)
                {
                    return (wanted, pt);
                }
            }
        }

        return null;
    }

    private static (int PayloadType, IReadOnlySet<int> Events)? FindTelephoneEvent(SdpMedia offered)
    {
        foreach (var pt in offered.PayloadTypes)
        {
            if (offered.FindRtpMap(pt) is { ClockRate: 8000 } map
                && map.EncodingName.Equals("telephone-event", StringComparison.OrdinalIgnoreCase)
                && TelephoneEvents.TryParse(offered.FindFormatParameters(pt)) is { } events)
            {
                events.IntersectWith(TelephoneEvents.Dtmf);
                if (events.Count > 0)
                {
                    return (pt, events);
                }
            }
        }

        return null;
    }

    private static SdpMedia Reject(SdpMedia offered) => offered with
    {
        Port = 0,
        PortCount = null,
        Connection = null,
        Attributes = [],
    };

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
