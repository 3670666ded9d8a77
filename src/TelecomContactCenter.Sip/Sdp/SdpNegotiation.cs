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
    IPEndPoint? RemoteRtcp = null,
    SdesKeys? Srtp = null);

/// <summary>
/// The SDES keys of an SRTP stream (AES_CM_128_HMAC_SHA1_80), base64 key-salt as in <c>inline:</c>: ours protects what
/// we send, the peer's what we receive. Never printed: <see cref="ToString"/> hides both.
/// </summary>
public sealed record SdesKeys(string Local, string Remote)
{
    public override string ToString() => "SDES keys (redacted)";
}

/// <summary>
/// <c>Media:Srtp</c>: whether calls use SRTP with SDES keys (RFC 4568). Keys travel only in SIP over TLS, so on a leg
/// whose signalling is plain UDP or TCP <see cref="Optional"/> behaves as <see cref="Off"/> and <see cref="Required"/>
/// refuses the call.
/// </summary>
public enum SrtpPolicy
{
    /// <summary>Plain RTP only; an RTP/SAVP offer is refused like any stream without a common profile.</summary>
    Off,

    /// <summary>SRTP when the peer asks for it or accepts it (on TLS legs); plain RTP otherwise.</summary>
    Optional,

    /// <summary>SRTP on every leg: a plain offer gets 488, and a leg whose signalling is not TLS is refused.</summary>
    Required,
}

/// <summary>Our side of the answer: where we receive, and the o= identity the caller keeps per dialog.</summary>
/// <param name="SessionVersion">Must grow by one with every new answer in the same dialog (RFC 3264 §8).</param>
/// <param name="Direction">What we are willing to do; a hold we place ourselves is SendOnly.</param>
/// <param name="Srtp">The SRTP policy for this leg.</param>
/// <param name="SecureSignalling">True when the leg's SIP runs over TLS, the only transport keys may be sent on.</param>
/// <param name="SrtpKey">Our key to repeat (a re-offer keeps the stream's key); null makes a fresh one.</param>
public sealed record SdpLocalMedia(
    IPAddress Address,
    int AudioPort,
    ulong SessionId,
    ulong SessionVersion,
    MediaDirection Direction = MediaDirection.SendRecv,
    SrtpPolicy Srtp = SrtpPolicy.Off,
    bool SecureSignalling = false,
    string? SrtpKey = null)
{
    /// <summary>The policy as it applies on this leg's transport: Optional without TLS is Off.</summary>
    public SrtpPolicy EffectiveSrtp => Srtp == SrtpPolicy.Optional && !SecureSignalling ? SrtpPolicy.Off : Srtp;

    public override string ToString() =>
        $"{Address}:{AudioPort} v{SessionVersion} {Direction} SRTP {Srtp}{(SecureSignalling ? " (TLS)" : string.Empty)}";
}

public sealed class SdpOptions
{
    /// <summary>Codecs we accept, best first. The first one the offer also has is the one we answer with.</summary>
    public IReadOnlyList<AudioCodec> CodecPreference { get; init; } = [AudioCodec.Pcmu, AudioCodec.Pcma];

    public bool AcceptTelephoneEvent { get; init; } = true;

    public int Ptime { get; init; } = 20;

    public string UserName { get; init; } = "tcc";

    public string SessionName { get; init; } = "TelecomContactCenter";
}
