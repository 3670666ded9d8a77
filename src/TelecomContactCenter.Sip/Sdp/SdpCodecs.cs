namespace TelecomContactCenter.Sip.Sdp;

internal static class SdpCodecs
{
    /// <summary>Which G.711 law a payload type carries: by its rtpmap, or by the RFC 3551 static number.</summary>
    public static AudioCodec? Identify(SdpMedia media, int payloadType)
    {
        if (media.FindRtpMap(payloadType) is { } map)
        {
            if (map.ClockRate != 8000 || map.Channels is not (null or 1))
            {
                return null;
            }

            return map.EncodingName.ToUpperInvariant() switch
            {
                "PCMU" => AudioCodec.Pcmu,
                "PCMA" => AudioCodec.Pcma,
                _ => null,
            };
        }

        return payloadType switch
        {
            0 => AudioCodec.Pcmu,
            8 => AudioCodec.Pcma,
            _ => null,
        };
    }
}
