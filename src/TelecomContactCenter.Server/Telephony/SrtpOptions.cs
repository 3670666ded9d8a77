using TelecomContactCenter.Media.Calls;
using TelecomContactCenter.Media.Srtp;
using TelecomContactCenter.Sip.Sdp;
using TelecomContactCenter.Sip.Transport;

namespace TelecomContactCenter.Server.Telephony;

/// <summary>
/// <c>Media:Srtp</c> (<c>Off</c>, <c>Optional</c> or <c>Required</c>): SDES-SRTP on call legs. One policy for every leg
/// (callers through trunks, agents' phones, callbacks); since keys are only ever sent over SIP over TLS, each leg's
/// transport decides what it means there (see <see cref="SrtpPolicy"/>).
/// </summary>
internal sealed class SrtpOptions
{
    public const string Section = "Media";

    public string Srtp { get; set; } = nameof(SrtpPolicy.Off);

    public SrtpPolicy Policy => Enum.Parse<SrtpPolicy>(Srtp, ignoreCase: true);

    public IEnumerable<string> Validate()
    {
        if (!Enum.GetNames<SrtpPolicy>().Contains(Srtp, StringComparer.OrdinalIgnoreCase))
        {
            yield return $"{Section}:{nameof(Srtp)} must be Off, Optional or Required, not '{Srtp}'.";
        }
    }

    /// <summary>Our side of an SDP exchange on a leg whose SIP runs over <paramref name="transport"/>.</summary>
    public SdpLocalMedia Local(
        System.Net.IPAddress address, CallMedia media, ulong sessionId, ulong version, string transport,
        MediaDirection direction = MediaDirection.SendRecv) =>
        new(address, media.LocalRtpPort, sessionId, version, direction, Policy,
            SecureSignalling: transport.Equals(SipTransportNames.Tls, StringComparison.OrdinalIgnoreCase),
            SrtpKey: media.Session.SrtpSendKey?.ToInline());

    /// <summary>Turns SRTP on the leg on with the negotiated keys, or off for plain RTP.</summary>
    public static void Apply(CallMedia media, SdesKeys? keys)
    {
        ArgumentNullException.ThrowIfNull(media);
        media.Session.UseSrtp(
            keys is null ? null : SrtpMasterKey.FromInline(keys.Local),
            keys is null ? null : SrtpMasterKey.FromInline(keys.Remote));
    }
}
