namespace TelecomContactCenter.Server.Tests.Bridge;

/// <summary>
/// sipp scenarios for the outbound trunk callbacks are dialled through: a UAS on <see cref="BridgeHost.TrunkPort"/>
/// that receives the service's INVITE for the customer and answers it (then hangs up, as the customer) or refuses
/// it busy. The agent's phone is <see cref="BridgeScenarios.AnsweringPhone"/>.
/// </summary>
internal static class CallbackScenarios
{
    /// <summary>Answers with PCMA, plays the A-law capture and hangs up <paramref name="hangUpAfterMs"/> after the ACK.</summary>
    public static string AnsweringTrunk(int hangUpAfterMs) => $$"""
        <?xml version="1.0" encoding="ISO-8859-1" ?>
        <scenario name="trunk: the customer answers the callback">
          {{BridgeScenarios.ReceiveInvite("customer")}}
          {{CustomerAnswersAndHangsUp(hangUpAfterMs)}}
        </scenario>
        """;

    /// <summary>
    /// The customer answers, is put on hold by the agent (the service's re-INVITE must say a=sendonly; answered
    /// recvonly) and taken off it (a=sendrecv), then hangs up.
    /// </summary>
    public static string HeldCustomer() => $$"""
        <?xml version="1.0" encoding="ISO-8859-1" ?>
        <scenario name="trunk: the customer is held and resumed by the agent">
          {{BridgeScenarios.ReceiveInvite("customer")}}
          {{BridgeScenarios.UasResponse("180 Ringing", "", contact: "trunk")}}
          {{BridgeScenarios.UasResponse("200 OK", BridgeScenarios.PcmaSdp("trunk"), tag: true, contact: "trunk")}}
          <recv request="ACK" crlf="true" />
          <recv request="INVITE">
            <action><ereg regexp="a=sendonly" search_in="body" check_it="true" assign_to="held" /></action>
          </recv>
          {{BridgeScenarios.UasResponse("200 OK", BridgeScenarios.PcmaSdp("trunk", 2, "recvonly"), contact: "trunk")}}
          <recv request="ACK" />
          <recv request="INVITE">
            <action><ereg regexp="a=sendrecv" search_in="body" check_it="true" assign_to="resumed" /></action>
          </recv>
          {{BridgeScenarios.UasResponse("200 OK", BridgeScenarios.PcmaSdp("trunk", 3, "sendrecv"), contact: "trunk")}}
          <recv request="ACK" />
          <pause milliseconds="300" />
          {{CustomerHangsUp()}}
          <Reference variables="held,resumed" />
        </scenario>
        """;

    /// <summary>
    /// A trunk that wants digest: the first INVITE gets 401 with a challenge (MD5, qop=auth); the second must carry an
    /// Authorization that sipp verifies for <paramref name="user"/> and <paramref name="password"/> (a wrong one ends
    /// the call as failed). Then the customer answers and hangs up after <paramref name="hangUpAfterMs"/>.
    /// </summary>
    public static string ChallengingTrunk(string user, string password, int hangUpAfterMs) => $$"""
        <?xml version="1.0" encoding="ISO-8859-1" ?>
        <scenario name="trunk: digest challenge, then the customer answers">
          {{BridgeScenarios.ReceiveInvite("customer")}}
          {{Challenge()}}
          {{Verified("INVITE", user, password)}}
          {{CustomerAnswersAndHangsUp(hangUpAfterMs)}}
        </scenario>
        """;

    /// <summary>A trunk that refuses the credentials it gets: 401 to the first INVITE and 401 again to the answer.</summary>
    public static string RefusingTrunk() => $$"""
        <?xml version="1.0" encoding="ISO-8859-1" ?>
        <scenario name="trunk: digest challenge, the answer refused">
          {{BridgeScenarios.ReceiveInvite("customer")}}
          {{Challenge()}}
          <recv request="INVITE" />
          {{Challenge()}}
          <Reference variables="customer,service" />
        </scenario>
        """;

    /// <summary>401 with a digest challenge (MD5, qop=auth) to the INVITE just received, and its ACK.</summary>
    private static string Challenge() => $$"""
        {{DigestChallenge()}}
          <recv request="ACK" />
        """;

    /// <summary>
    /// Receives <paramref name="method"/> and goes on only if sipp verifies its digest for <paramref name="user"/> and
    /// <paramref name="password"/>; otherwise the scenario waits for nothing and the call fails.
    /// </summary>
    internal static string Verified(string method, string user, string password) => $$"""
        <recv request="{{method}}">
            <action><verifyauth assign_to="authorized" username="{{user}}" password="{{password}}" /></action>
          </recv>
          <nop hide="true" test="authorized" next="authorized" />
          <recv request="NEVER" timeout="100" />
          <label id="authorized" />
        """;

    /// <summary>401 with a digest challenge (realm trunk.example, MD5, qop=auth) to the request just received.</summary>
    internal static string DigestChallenge() => """
        <send>
            <![CDATA[
              SIP/2.0 401 Unauthorized
              [last_Via:]
              [last_From:]
              [last_To:];tag=[pid]SIPpTag00[call_number]
              [last_Call-ID:]
              [last_CSeq:]
              WWW-Authenticate: Digest realm="trunk.example", nonce="[pid]n[call_number]", qop="auth", algorithm=MD5
              Content-Length: 0

            ]]>
          </send>
        """;

    /// <summary>To the INVITE just received: 180, 200 with PCMA, the ACK, the A-law capture played, then the BYE.</summary>
    private static string CustomerAnswersAndHangsUp(int hangUpAfterMs) => $$"""
        {{BridgeScenarios.UasResponse("180 Ringing", "", contact: "trunk")}}
          {{BridgeScenarios.UasResponse("200 OK", BridgeScenarios.PcmaSdp("trunk"), tag: true, contact: "trunk")}}
          <recv request="ACK" crlf="true" />
          <nop><action><exec play_pcap_audio="{{BridgeScenarios.AlawCapture}}" /></action></nop>
          <pause milliseconds="{{hangUpAfterMs}}" />
          {{CustomerHangsUp()}}
        """;

    /// <summary>The customer's BYE in the dialog the service's INVITE made, and its 200.</summary>
    private static string CustomerHangsUp() => """
        <send retrans="500">
            <![CDATA[
              BYE [next_url] SIP/2.0
              Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch];rport
              From: [$customer];tag=[pid]SIPpTag01[call_number]
              To: [$service]
              Call-ID: [call_id]
              CSeq: 1 BYE
              Max-Forwards: 70
              Content-Length: 0

            ]]>
          </send>
          <recv response="200" />
        """;

    /// <summary>The customer's line is busy: 486 to the INVITE.</summary>
    public static string BusyTrunk() => $$"""
        <?xml version="1.0" encoding="ISO-8859-1" ?>
        <scenario name="trunk: the customer is busy">
          <recv request="INVITE" crlf="true" />
          {{BridgeScenarios.UasResponse("486 Busy Here", "", tag: true, contact: "trunk")}}
          <recv request="ACK" />
        </scenario>
        """;
}
