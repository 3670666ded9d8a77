namespace TelecomContactCenter.Server.Tests.Ivr;

/// <summary>
/// sipp caller scenarios for the IVR, written to a temporary file per test. sipp keys: [service] (-s) is the
/// access number, [caller] the From number, [rtp_port] where the caller wants our RTP.
/// </summary>
internal static class IvrScenarios
{
    private static string Pcma(string port) => $"m=audio {port} RTP/AVP 8 101\na=rtpmap:8 PCMA/8000\na=rtpmap:101 telephone-event/8000\na=fmtp:101 0-15";

    /// <summary>An offer of PCMA and telephone-event; optionally plays an RFC 2833 capture after <paramref name="digitAfterMs"/>.</summary>
    public static string Call(int digitAfterMs, string? pcap, int hangUpAfterMs, string mediaPort = "[auto_media_port]") => Scenario("ivr caller", $"""
        {Invite(Pcma(mediaPort))}
        {Answered}
        {Ack(null)}
        <pause milliseconds="{digitAfterMs}" />
        {(pcap is null ? "" : $"<nop><action><exec play_pcap_audio=\"{pcap}\" /></action></nop>")}
        {HangUp(hangUpAfterMs)}
        """);

    /// <summary>
    /// Signalling only, for a test that plays the phone's RTP itself at <paramref name="mediaPort"/>; the IVR ends
    /// the call: sipp waits for its BYE and answers 200.
    /// </summary>
    public static string CallUntilHungUp(string mediaPort) => Scenario("ivr caller hung up by the ivr", $"""
        {Invite(Pcma(mediaPort))}
        {Answered}
        {Ack(null)}
        {ByeAnswered}
        """);

    /// <summary>An offer with G.729 only: expects 488 and ACKs it (the ACK of a non-2xx reuses the INVITE's branch).</summary>
    public static string G729Only() => Scenario("ivr g729 caller", $"""
        {Invite("m=audio [auto_media_port] RTP/AVP 18\na=rtpmap:18 G729/8000")}
        <recv response="100" optional="true" />
        <recv response="488" />
        {Ack(null, "[branch-3]")}
        """);

    /// <summary>A plain RTP/AVP offer of PCMA: expects 488 (a service that requires SRTP) and ACKs it.</summary>
    public static string PlainOfferRefused() => Scenario("ivr caller offering plain RTP", $"""
        {Invite("m=audio [auto_media_port] RTP/AVP 8\na=rtpmap:8 PCMA/8000")}
        <recv response="100" optional="true" />
        <recv response="488" />
        {Ack(null, "[branch-3]")}
        """);

    /// <summary>
    /// A late offer (RFC 3261 §13.2.1): INVITE without SDP, then the answer <paramref name="answerMedia"/> in the
    /// ACK to our 200, and BYE after <paramref name="hangUpAfterMs"/>.
    /// </summary>
    public static string LateOffer(string answerMedia, int hangUpAfterMs) => Scenario("ivr caller offering late", $"""
        {Invite(null)}
        {Answered}
        {Ack(answerMedia)}
        {HangUp(hangUpAfterMs)}
        """);

    /// <summary>A late offer whose ACK brings no usable answer (<paramref name="answerMedia"/> null: no SDP at all):
    /// expects our BYE and answers it 200.</summary>
    public static string LateOfferUnanswered(string? answerMedia) => Scenario("ivr caller offering late without a usable answer", $"""
        {Invite(null)}
        {Answered}
        {Ack(answerMedia)}
        {ByeAnswered}
        """);

    /// <summary>A late offer whose caller takes our 200 and then goes silent: no ACK ever comes.</summary>
    public static string LateOfferNeverAcknowledged() => Scenario("ivr caller offering late and never acknowledging", $"""
        {Invite(null)}
        {Answered}
        """);

    private const string Answered = """
        <recv response="100" optional="true" />
        <recv response="180" optional="true" />
        <recv response="200" />
        """;

    /// <summary>The IVR hangs up: its BYE is answered 200.</summary>
    private const string ByeAnswered = """
        <recv request="BYE" />
        <send>
            <![CDATA[
              SIP/2.0 200 OK
              [last_Via:]
              [last_From:]
              [last_To:]
              [last_Call-ID:]
              [last_CSeq:]
              Content-Length: 0

            ]]>
          </send>
        """;

    private static string Scenario(string name, string steps) => $"""
        <?xml version="1.0" encoding="ISO-8859-1" ?>
        <scenario name="{name}">
        {steps}
        </scenario>
        """;

    /// <summary>The INVITE with an SDP offer of <paramref name="media"/>; null sends no body (a late offer).</summary>
    private static string Invite(string? media) => $$"""
        <send retrans="500">
            <![CDATA[
              INVITE sip:[service]@[remote_ip]:[remote_port] SIP/2.0
              Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch];rport
              From: <sip:[caller]@[local_ip]>;tag=[pid]SIPpTag00[call_number]
              To: <sip:[service]@[remote_ip]:[remote_port]>
              Call-ID: [call_id]
              CSeq: 1 INVITE
              Contact: <sip:caller@[local_ip]:[local_port]>
              Max-Forwards: 70
              {{Body(media)}}

            ]]>
          </send>
        """;

    /// <summary>The ACK, with an SDP answer of <paramref name="media"/> or no body.</summary>
    private static string Ack(string? media, string branch = "[branch]") => $$"""
        <send>
            <![CDATA[
              ACK sip:[service]@[remote_ip]:[remote_port] SIP/2.0
              Via: SIP/2.0/[transport] [local_ip]:[local_port];branch={{branch}};rport
              From: <sip:[caller]@[local_ip]>;tag=[pid]SIPpTag00[call_number]
              To: <sip:[service]@[remote_ip]:[remote_port]>[peer_tag_param]
              Call-ID: [call_id]
              CSeq: 1 ACK
              Max-Forwards: 70
              {{Body(media)}}

            ]]>
          </send>
        """;

    /// <summary>The caller hangs up after <paramref name="afterMs"/> and waits for the 200.</summary>
    private static string HangUp(int afterMs) => $"""
        <pause milliseconds="{afterMs}" />
        <send retrans="500">
            <![CDATA[
              BYE sip:[service]@[remote_ip]:[remote_port] SIP/2.0
              Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch];rport
              From: <sip:[caller]@[local_ip]>;tag=[pid]SIPpTag00[call_number]
              To: <sip:[service]@[remote_ip]:[remote_port]>[peer_tag_param]
              Call-ID: [call_id]
              CSeq: 2 BYE
              Max-Forwards: 70
              Content-Length: 0

            ]]>
          </send>
          <recv response="200" crlf="true" />
        """;

    /// <summary>Content headers and an SDP body for <paramref name="media"/> (the m= line and its attributes); sipp trims each line.</summary>
    private static string Body(string? media) => media is null ? "Content-Length: 0" : $"""
        Content-Type: application/sdp
              Content-Length: [len]

              v=0
              o=caller 1 1 IN IP4 [local_ip]
              s=-
              c=IN IP4 [local_ip]
              t=0 0
              {media.Replace("\n", "\n      ", StringComparison.Ordinal)}
        """;
}
