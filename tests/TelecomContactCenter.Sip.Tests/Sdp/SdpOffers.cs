namespace TelecomContactCenter.Sip.Tests.Sdp;

/// <summary>Offers as real user agents write them, with the line ends they use.</summary>
internal static class SdpOffers
{
    // sipp 3.6 built-in uac scenario.
    public const string Sipp =
        "v=0\r\n" +
        "o=user1 53655765 2353687637 IN IP4 127.0.0.1\r\n" +
        "s=-\r\n" +
        "c=IN IP4 127.0.0.1\r\n" +
        "t=0 0\r\n" +
        "m=audio 6000 RTP/AVP 0\r\n" +
        "a=rtpmap:0 PCMU/8000\r\n";

    // sipp 3.6 built-in uac_pcap scenario, which then plays the dtmf_2833_*.pcap files.
    public const string SippPcap =
        "v=0\r\n" +
        "o=user1 53655765 2353687637 IN IP4 127.0.0.1\r\n" +
        "s=-\r\n" +
        "c=IN IP4 127.0.0.1\r\n" +
        "t=0 0\r\n" +
        "m=audio 6000 RTP/AVP 8 101\r\n" +
        "a=rtpmap:8 PCMA/8000\r\n" +
        "a=rtpmap:101 telephone-event/8000\r\n" +
        "a=fmtp:101 0-11,16\r\n";

    // Linphone: many codecs, one telephone-event per clock rate, a video stream we do not take.
    public const string Linphone =
        "v=0\r\n" +
        "o=alice 2890 2890 IN IP4 192.168.1.20\r\n" +
        "s=Talk\r\n" +
        "c=IN IP4 192.168.1.20\r\n" +
        "t=0 0\r\n" +
        "a=rtcp-xr:rcvr-rtt=all:10000 stat-summary=loss,dup,jitt,TTL voip-metrics\r\n" +
        "m=audio 7078 RTP/AVP 96 97 98 0 8 18 101 99 100\r\n" +
        "a=rtpmap:96 opus/48000/2\r\n" +
        "a=fmtp:96 useinbandfec=1\r\n" +
        "a=rtpmap:97 speex/16000\r\n" +
        "a=fmtp:97 vbr=on\r\n" +
        "a=rtpmap:98 speex/8000\r\n" +
        "a=fmtp:98 vbr=on\r\n" +
        "a=fmtp:18 annexb=yes\r\n" +
        "a=rtpmap:101 telephone-event/48000\r\n" +
        "a=rtpmap:99 telephone-event/16000\r\n" +
        "a=rtpmap:100 telephone-event/8000\r\n" +
        "a=rtcp-fb:* trr-int 1000\r\n" +
        "m=video 9078 RTP/AVP 96 97\r\n" +
        "a=rtpmap:96 VP8/90000\r\n" +
        "a=rtpmap:97 H264/90000\r\n" +
        "a=fmtp:97 profile-level-id=42801F\r\n";

    // baresip: PCMA ahead of PCMU, LF line ends, bandwidth and ssrc lines.
    public const string Baresip =
        "v=0\n" +
        "o=- 1234 5678 IN IP4 10.0.0.5\n" +
        "s=-\n" +
        "c=IN IP4 10.0.0.5\n" +
        "t=0 0\n" +
        "m=audio 10000 RTP/AVP 96 9 8 0 101\n" +
        "b=AS:128\n" +
        "a=rtpmap:96 opus/48000/2\n" +
        "a=fmtp:96 stereo=1;sprop-stereo=1\n" +
        "a=rtpmap:9 G722/8000\n" +
        "a=rtpmap:8 PCMA/8000\n" +
        "a=rtpmap:0 PCMU/8000\n" +
        "a=rtpmap:101 telephone-event/8000\n" +
        "a=fmtp:101 0-15\n" +
        "a=sendrecv\n" +
        "a=label:1\n" +
        "a=ssrc:3421983487 cname:baresip@10.0.0.5\n" +
        "a=rtcp-rsize\n";

    public static string Audio(string formatsAndAttributes, string connection = "203.0.113.7", string? direction = null) =>
        "v=0\r\n" +
        "o=phone 7 8 IN IP4 203.0.113.7\r\n" +
        "s=-\r\n" +
        $"c=IN IP4 {connection}\r\n" +
        "t=0 0\r\n" +
        formatsAndAttributes +
        (direction is null ? string.Empty : $"a={direction}\r\n");
}
