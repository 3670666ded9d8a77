namespace TelecomContactCenter.Server.Tests.Bridge;

/// <summary>
/// sipp scenarios for hold on a bridged call: the agent's phone answers, puts the caller on hold with a re-INVITE
/// (a=sendonly) and resumes (a=sendrecv); the caller's UA must receive both re-INVITEs through the service and
/// answers them as a phone would (recvonly, then sendrecv). Each side checks the direction it was sent.
/// </summary>
internal static class HoldScenarios
{
    /// <summary>Answers, holds the caller <paramref name="holdAfterMs"/> after the ACK, resumes, then waits for BYE.</summary>
    public static string HoldingPhone(int holdAfterMs) => $$"""
        <?xml version="1.0" encoding="ISO-8859-1" ?>
        <scenario name="agent phone answers, holds and resumes">
          {{BridgeScenarios.ReceiveInvite("phone")}}
          {{BridgeScenarios.UasResponse("180 Ringing", "")}}
          {{BridgeScenarios.UasResponse("200 OK", Sdp("sendrecv", 1), tag: true)}}
          <recv request="ACK" crlf="true" />
          <pause milliseconds="{{holdAfterMs}}" />
          {{PhoneReInvite(1, "sendonly")}}
          <recv response="100" optional="true" />
          <recv response="200">
            <action><ereg regexp="a=recvonly" search_in="body" check_it="true" assign_to="held" /></action>
          </recv>
          {{PhoneAck(1)}}
          <pause milliseconds="500" />
          {{PhoneReInvite(2, "sendrecv")}}
          <recv response="100" optional="true" />
          <recv response="200">
            <action><ereg regexp="a=sendrecv" search_in="body" check_it="true" assign_to="resumed" /></action>
          </recv>
          {{PhoneAck(2)}}
          <recv request="BYE" />
          {{BridgeScenarios.UasResponse("200 OK", "")}}
          <Reference variables="held,resumed" />
        </scenario>
        """;

    /// <summary>A Platinum caller who is put on hold and taken off it, then hangs up.</summary>
    public static string HeldCaller() => $$"""
        <?xml version="1.0" encoding="ISO-8859-1" ?>
        <scenario name="caller held by the agent">
          {{BridgeScenarios.CallerUntilAnswered()}}
          <recv request="INVITE">
            <action><ereg regexp="a=sendonly" search_in="body" check_it="true" assign_to="held" /></action>
          </recv>
          {{BridgeScenarios.UasResponse("200 OK", Sdp("recvonly", 2))}}
          <recv request="ACK" />
          <recv request="INVITE">
            <action><ereg regexp="a=sendrecv" search_in="body" check_it="true" assign_to="resumed" /></action>
          </recv>
          {{BridgeScenarios.UasResponse("200 OK", Sdp("sendrecv", 3))}}
          <recv request="ACK" />
          <pause milliseconds="300" />
          {{BridgeScenarios.CallerRequest("BYE", 2)}}
          <recv response="200" crlf="true" />
          <Reference variables="held,resumed" />
        </scenario>
        """;

    private static string Sdp(string direction, int version) => BridgeScenarios.PcmaSdp("sipp", version, direction);

    /// <summary>The phone's re-INVITE in the dialog, offering PCMA with <paramref name="direction"/>.</summary>
    private static string PhoneReInvite(int cseq, string direction) => $$"""
        <send retrans="500">
            <![CDATA[
              INVITE [next_url] SIP/2.0
              Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch];rport
              From: [$phone];tag=[pid]SIPpTag01[call_number]
              To: [$service]
              Call-ID: [call_id]
              CSeq: {{cseq}} INVITE
              Contact: <sip:phone@[local_ip]:[local_port];transport=[transport]>
              Max-Forwards: 70
              Content-Type: application/sdp
              Content-Length: [len]
        {{Sdp(direction, cseq + 1)}}
            ]]>
          </send>
        """;

    private static string PhoneAck(int cseq) => $$"""
        <send>
            <![CDATA[
              ACK [next_url] SIP/2.0
              Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch];rport
              From: [$phone];tag=[pid]SIPpTag01[call_number]
              To: [$service]
              Call-ID: [call_id]
              CSeq: {{cseq}} ACK
              Max-Forwards: 70
              Content-Length: 0

            ]]>
          </send>
        """;
}
