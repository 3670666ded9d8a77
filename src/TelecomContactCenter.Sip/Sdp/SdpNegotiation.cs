using System.Net;

namespace TelecomContactCenter.Sip.Sdp;

/// <summary>The two G.711 laws this product speaks (ITU-T G.711; RFC 3551 static payload types 0 and 8).</summary>
public enum AudioCodec
{
    Pcmu,
    Pcma,
}

/// <summary>The outcome of answering an offer: an answer to send, or a reason for 488 Not Acceptable Here.</summary>
public abstract record SdpNegotiation;

public sealed record SdpAccepted(SessionDescription Answer, NegotiatedAudio Audio) : SdpNegotiation;

public sealed record SdpNotAcceptable(string Reason) : SdpNegotiation;

/// <summary>What the media layer needs to run the one audio stream we accepted.</summary>
/// <param name="RemoteRtp">Where the offerer wants RTP; null when it is on hold with c=0.0.0.0 or gave a host name.</param>
/// <param name="Direction">Our direction, as written in the answer.</param>
/// <param name="RemoteRtcp">Where the peer wants RTCP when it said so (RFC 3605); otherwise RTP port + 1.</param>
public sealed record NegotiatedAudio(
    int MediaIndex,
    AudioCodec Codec,
    int PayloadType,
    int? TelephoneEventPayloadType,
    IPEndPoint? RemoteRtp,
    MediaDirection Direction,
    int Ptime,
    IPEndPoint? RemoteRtcp = null);

/// <summary>Our side of the answer: where we receive, and the o= identity the caller keeps per dialog.</summary>
/// <param name="SessionVersion">Must grow by one with every new answer in the same dialog (RFC 3264 §8).</param>
/// <param name="Direction">What we are willing to do; a hold we place ourselves is SendOnly.</param>
public sealed record SdpLocalMedia(
    IPAddress Address,
    int AudioPort,
    ulong SessionId,
    ulong SessionVersion,
    MediaDirection Direction = MediaDirection.SendRecv);

public sealed class SdpOptions
{
    /// <summary>Codecs we accept, best first. The first one the offer also has is the one we answer with.</summary>
    public IReadOnlyList<AudioCodec> CodecPreference { get; init; } = [AudioCodec.Pcmu, AudioCodec.Pcma];

    public bool AcceptTelephoneEvent { get; init; } = true;

    public int Ptime { get; init; } = 20;

    public string UserName { get; init; } = "tcc";

    public string SessionName { get; init; } = "TelecomContactCenter";
}
