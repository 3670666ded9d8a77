namespace TelecomContactCenter.Server.Tests.Bridge;

/// <summary>
/// sipp scenarios for calls through the bridge. The agent's phone is two runs on one local port: a REGISTER with
/// digest, then a UAS waiting for the service's INVITE. sipp keys: [service] (-s) is the dialled number or the
/// agent, [caller] the caller's number.
/// </summary>
internal static class BridgeScenarios
{
    public const string AlawCapture = "/usr/share/sip-tester/g711a.pcap";

    /// <summary>
    /// REGISTER with digest; the Contact names <paramref name="contactPort"/> when given (a phone that registers from
    /// one port and listens on another), otherwise the port the REGISTER is sent from.
    /// </summary>
    public static string Register(string agent, string? contactPort = null, int expires = 600) => $$"""
        <?xml version="1.0" encoding="ISO-8859-1" ?>
        <scenario name="agent phone registers">
          {{Register(agent, 1, "", contactPort, expires)}}
          <recv response="401" auth="true" />
          {{Register(agent, 2, $"[authentication username={agent} password=ContactCenter!1]\n", contactPort, expires)}}
          <recv response="200" />
        </scenario>
        """;

    /// <summary>Rings for <paramref name="ringMs"/>, answers with PCMA, plays the A-law capture and waits for the service's BYE.</summary>
    public static string AnsweringPhone(int ringMs) => $$"""
        <?xml version="1.0" encoding="ISO-8859-1" ?>
        <scenario name="agent phone answers">
          <recv request="INVITE" crlf="true" />
          {{Response("180 Ringing", "")}}
          <pause milliseconds="{{ringMs}}" />
          {{Response("200 OK", "Content-Type: application/sdp\n", PcmaSdp("phone"), retrans: true)}}
          <recv request="ACK" crlf="true" />
          <nop><action><exec play_pcap_audio="{{AlawCapture}}" /></action></nop>
          <recv request="BYE" />
          {{Response("200 OK", "")}}
        </scenario>
        """;

    /// <summary>Rings and never answers: expects CANCEL, answers it and ends the INVITE with 487.</summary>
    public static string RingingPhone() => $$"""
        <?xml version="1.0" encoding="ISO-8859-1" ?>
        <scenario name="agent phone rings, nobody answers">
          <recv request="INVITE" crlf="true">
            <action><ereg regexp="[0-9]+" search_in="hdr" header="CSeq:" check_it="true" assign_to="cseq" /></action>
          </recv>
          {{Response("180 Ringing", "")}}
          <recv request="CANCEL" />
          {{Response("200 OK", "")}}
          <send>
            <![CDATA[
              SIP/2.0 487 Request Terminated
              [last_Via:]
              [last_From:]
              [last_To:];tag=[pid]SIPpTag01[call_number]
              [last_Call-ID:]
              CSeq: [$cseq] INVITE
              Content-Length: 0

            ]]>
          </send>
          <recv request="ACK" />
        </scenario>
        """;

    /// <summary>A caller behind a trusted trunk (P-Asserted-Identity) offering PCMA; plays the capture after <paramref name="rtpAfterMs"/> and hangs up <paramref name="hangUpAfterMs"/> later.</summary>
    public static string Caller(int rtpAfterMs, int hangUpAfterMs) => $$"""
        <?xml version="1.0" encoding="ISO-8859-1" ?>
        <scenario name="caller through the bridge">
          {{CallerUntilAnswered()}}
          <pause milliseconds="{{rtpAfterMs}}" />
          <nop><action><exec play_pcap_audio="{{AlawCapture}}" /></action></nop>
          <pause milliseconds="{{hangUpAfterMs}}" />
          {{CallerRequest("BYE", 2)}}
          <recv response="200" crlf="true" />
        </scenario>
        """;

    /// <summary>
    /// The caller's INVITE to [service] with a PCMA offer, asserting <paramref name="assertedIdentity"/> (a sipp
    /// field or keyword) in P-Asserted-Identity.
    /// </summary>
    internal static string CallerInvite(string assertedIdentity = "[caller]") => $$"""
          <send retrans="500">
            <![CDATA[
              INVITE sip:[service]@[remote_ip]:[remote_port] SIP/2.0
              Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch];rport
              From: <sip:[caller]@[local_ip]>;tag=[pid]SIPpTag00[call_number]
              To: <sip:[service]@[remote_ip]:[remote_port]>
              P-Asserted-Identity: <sip:{{assertedIdentity}}@[local_ip]>
              Call-ID: [call_id]
              CSeq: 1 INVITE
              Contact: <sip:caller@[local_ip]:[local_port]>
              Max-Forwards: 70
              Content-Type: application/sdp
              Content-Length: [len]
        {{PcmaSdp("caller")}}

            ]]>
          </send>
        """;

    /// <summary>
    /// A caller behind a trusted trunk (P-Asserted-Identity) dialling [service] with a PCMA offer, up to the ACK of
    /// the answer: the start every caller scenario through the bridge shares.
    /// </summary>
    internal static string CallerUntilAnswered() => $$"""
          {{CallerInvite()}}
          <recv response="100" optional="true" />
          <recv response="180" optional="true" />
          <recv response="200" rrs="true" />
          {{CallerRequest("ACK", 1)}}
        """;

    private static string Register(string agent, int cseq, string authorization, string? contactPort, int expires) => $$"""
        <send retrans="500">
            <![CDATA[
              REGISTER sip:[remote_ip]:[remote_port] SIP/2.0
              Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch];rport
              From: <sip:{{agent}}@[remote_ip]>;tag=[pid]SIPpTag00[call_number]
              To: <sip:{{agent}}@[remote_ip]>
              Call-ID: [call_id]
              CSeq: {{cseq}} REGISTER
              Contact: <sip:{{agent}}@[local_ip]:{{contactPort ?? "[local_port]"}};transport=[transport]>
              {{authorization}}Max-Forwards: 70
              Expires: {{expires}}
              Content-Length: 0

            ]]>
          </send>
        """;

    /// <summary>
    /// A UA's response to the last request (a phone's or the trunk's, as <paramref name="contact"/>); <paramref name="tag"/>
    /// adds our To-tag and retransmits it until the ACK, as a final response to an INVITE needs.
    /// </summary>
    internal static string UasResponse(string status, string body, bool tag = false, string contact = "phone") => $$"""
        <send{{(tag ? " retrans=\"500\"" : "")}}>
            <![CDATA[
              SIP/2.0 {{status}}
              [last_Via:]
              [last_From:]
              [last_To:]{{(tag ? ";tag=[pid]SIPpTag01[call_number]" : "")}}
              [last_Call-ID:]
              [last_CSeq:]
              Contact: <sip:{{contact}}@[local_ip]:[local_port];transport=[transport]>
              {{(body.Length > 0 ? "Content-Type: application/sdp\n" : "")}}Content-Length: [len]
        {{body}}

            ]]>
          </send>
        """;

    /// <summary>
    /// An SDP body of PCMA and telephone-event on sipp's media port, with the blank line before it: the caller's offer,
    /// a phone's or trunk's answer, or (with a version and a direction) a hold re-offer.
    /// </summary>
    internal static string PcmaSdp(string origin, int version = 1, string? direction = null) => $"""

              v=0
              o={origin} 1 {version} IN IP4 [local_ip]
              s=-
              c=IN IP4 [media_ip]
              t=0 0
              m=audio [media_port] RTP/AVP 8 101
              a=rtpmap:8 PCMA/8000
              a=rtpmap:101 telephone-event/8000
              a=fmtp:101 0-15{(direction is null ? "" : "\na=" + direction)}
            """;

    /// <summary>Receives the service's INVITE, keeping its From as [$service] and its To as [$<paramref name="callee"/>] for our own requests.</summary>
    internal static string ReceiveInvite(string callee) => $$"""
        <recv request="INVITE" crlf="true" rrs="true">
            <action>
              <ereg regexp="[^ ].*" search_in="hdr" header="From:" assign_to="service" />
              <ereg regexp="[^ ].*" search_in="hdr" header="To:" assign_to="{{callee}}" />
            </action>
          </recv>
        """;

    private static string Response(string status, string headers, string body = "", bool retrans = false) => $$"""
        <send{{(retrans ? " retrans=\"500\"" : "")}}>
            <![CDATA[
              SIP/2.0 {{status}}
              [last_Via:]
              [last_From:]
              [last_To:];tag=[pid]SIPpTag01[call_number]
              [last_Call-ID:]
              [last_CSeq:]
              Contact: <sip:phone@[local_ip]:[local_port];transport=[transport]>
              {{headers}}Content-Length: [len]
        {{body}}

            ]]>
          </send>
        """;

    /// <summary>ACK or BYE from the caller within the call (the BYE retransmitted until answered).</summary>
    internal static string CallerRequest(string method, int cseq, bool routed = false) => $$"""
        <send{{(method == "BYE" ? " retrans=\"500\"" : "")}}>
            <![CDATA[
              {{method}} {{(routed ? "[next_url]" : "sip:[service]@[remote_ip]:[remote_port]")}} SIP/2.0
              Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch];rport
              From: <sip:[caller]@[local_ip]>;tag=[pid]SIPpTag00[call_number]
              To: <sip:[service]@[remote_ip]:[remote_port]>[peer_tag_param]
              Call-ID: [call_id]{{(routed ? "\n              [routes]" : "")}}
              CSeq: {{(method == "ACK" ? 1 : cseq)}} {{method}}
              Max-Forwards: 70
              Content-Length: 0

            ]]>
          </send>
        """;
}
