namespace TelecomContactCenter.Media.Tests.Sipp;

/// <summary>
/// A sipp UAC scenario: INVITE with sipp's uac_pcap SDP (PCMA + telephone-event), ACK, play one of the
/// RFC 2833 digit captures shipped with sip-tester as RTP to the answered address, then BYE.
/// </summary>
internal static class SippDtmfScenario
{
    public static string Xml(string pcapPath) => $$"""
        <?xml version="1.0" encoding="ISO-8859-1" ?>
        <scenario name="tcc dtmf caller">
          <send retrans="500">
            <![CDATA[
              INVITE sip:10000@[remote_ip]:[remote_port] SIP/2.0
              Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
              From: <sip:+8613800000004@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
              To: <sip:10000@[remote_ip]:[remote_port]>
              Call-ID: [call_id]
              CSeq: 1 INVITE
              Contact: <sip:caller@[local_ip]:[local_port]>
              Max-Forwards: 70
              Content-Type: application/sdp
              Content-Length: [len]

              v=0
              o=user1 53655765 2353687637 IN IP[local_ip_type] [local_ip]
              s=-
              c=IN IP[local_ip_type] [local_ip]
              t=0 0
              m=audio [auto_media_port] RTP/AVP 8 101
              a=rtpmap:8 PCMA/8000
              a=rtpmap:101 telephone-event/8000
              a=fmtp:101 0-11,16

            ]]>
          </send>
          <recv response="100" optional="true" />
          <recv response="200" rtd="true" />
          <send>
            <![CDATA[
              ACK sip:10000@[remote_ip]:[remote_port] SIP/2.0
              Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
              From: <sip:+8613800000004@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
              To: <sip:10000@[remote_ip]:[remote_port]>[peer_tag_param]
              Call-ID: [call_id]
              CSeq: 1 ACK
              Max-Forwards: 70
              Content-Length: 0

            ]]>
          </send>
          <nop>
            <action>
              <exec play_pcap_audio="{{pcapPath}}" />
            </action>
          </nop>
          <pause milliseconds="1500" />
          <send retrans="500">
            <![CDATA[
              BYE sip:10000@[remote_ip]:[remote_port] SIP/2.0
              Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
              From: <sip:+8613800000004@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
              To: <sip:10000@[remote_ip]:[remote_port]>[peer_tag_param]
              Call-ID: [call_id]
              CSeq: 2 BYE
              Max-Forwards: 70
              Content-Length: 0

            ]]>
          </send>
          <recv response="200" crlf="true" />
        </scenario>
        """;
}
