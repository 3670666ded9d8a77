using System.Globalization;
using System.Net;

namespace TelecomContactCenter.Sip.Sdp;

/// <summary>
/// Our side as offerer (RFC 3264 §5, §7), for the legs we place ourselves: the agent leg of a bridged call and
/// callbacks. Offers the preferred G.711 laws plus telephone-event and reads the answer back into the same
/// <see cref="NegotiatedAudio"/> the answerer produces. Stateless and thread-safe.
/// </summary>
public sealed class SdpOfferer(SdpOptions options)
{
    public const int DefaultTelephoneEventPayloadType = 101;

    public SdpOfferer()
        : this(new SdpOptions())
    {
    }

    public SessionDescription CreateOffer(SdpLocalMedia local)
    {
        ArgumentNullException.ThrowIfNull(local);
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
        var connection = SdpConnection.ForAddress(local.Address);
        return new SessionDescription
        {
            Origin = new SdpOrigin(options.UserName, local.SessionId, local.SessionVersion, "IN", connection.AddressType, connection.Address),
            SessionName = options.SessionName,
            Connection = connection,
            Media = [new SdpMedia { MediaType = "audio", Port = local.AudioPort, Protocol = "RTP/AVP", Formats = formats, Attributes = attributes }],
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
        return new SdpAccepted(answer, new NegotiatedAudio(0, codec.Value, payloadType, telephoneEvent, remote, direction, media.Ptime ?? options.Ptime, SdpCodecs.RemoteRtcp(media, remote)));
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
