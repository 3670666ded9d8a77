namespace TelecomContactCenter.Sip.Sdp;

internal static class SdpCodecs
{
    /// <summary>The RFC 3605 RTCP address of a stream, when it names one and RTP has somewhere to go.</summary>
    public static System.Net.IPEndPoint? RemoteRtcp(SdpMedia media, System.Net.IPEndPoint? remoteRtp)
    {
        if (remoteRtp is null || media.Rtcp is not var (port, address))
        {
            return null;
        }

        if (address is null)
        {
            return new System.Net.IPEndPoint(remoteRtp.Address, port);
        }

        return System.Net.IPAddress.TryParse(address, out var parsed) ? new System.Net.IPEndPoint(parsed, port) : null;
    }

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
