using System.Net.Http.Json;
using System.Text.Json;
using TelecomContactCenter.Testing;

namespace TelecomContactCenter.Server.Tests.Bridge;

/// <summary>
/// Kamailio with the shipped edge configuration (deploy/kamailio/edge.cfg) in front of the service, on the README's
/// defaults. agent1's phone (sipp) registers through it, so the registrar stores its Path and the service rings the
/// phone through Kamailio. The Platinum caller (sipp) calls through it with a forged P-Asserted-Identity of another
/// customer: Kamailio drops that, asserts its own and Record-Routes; the service identifies the caller from the
/// asserted identity, and its in-dialog requests to the caller (the hold and resume re-INVITEs) and the caller's ACK
/// and BYE all pass through Kamailio.
/// </summary>
public sealed class BridgeKamailioEdgeTests(BridgeHost host) : IClassFixture<BridgeHost>, IDisposable
{
    private const string Platinum = "+8613800000001";
    private const string Gold = "+8613800000002";
    private readonly ScenarioFolder _scenarios = new();

    [Fact]
    public async Task PlatinumCallThroughTheEdge_IdentityFromItsAssertionAndInDialogRequestsPassItBothWays()
    {
        await using var agent1 = await host.AvailableAgentAsync("agent1");
        await using var edge = await KamailioEdge.StartAsync(host.Udp);
        var edgeVia = $"Via: SIP/2.0/UDP 127.0.0.1:{edge.EndPoint.Port};branch=";
        var phonePort = ScenarioFolder.FreePort();
        var registered = await Sipp.RunAsync(_scenarios.Write("register.xml", BridgeScenarios.Register("agent1")), edge.EndPoint,
            ["-p", phonePort, "-m", "1"]);
        Assert.True(registered.ExitCode == 0, registered.Describe() + "\n" + edge.Log);
        var phone = Sipp.RunAsync(_scenarios.Write("phone.xml", PhoneBehindTheEdge()), edge.EndPoint,
            ["-p", phonePort, "-m", "1", "-timeout", "40s"], deadline: TimeSpan.FromSeconds(60));

        var caller = await Sipp.RunAsync(_scenarios.Write("caller.xml", CallerForgingIdentity()), edge.EndPoint,
            ["-s", "10000", "-key", "caller", Platinum, "-key", "forged", Gold, "-m", "1", "-timeout", "40s"], deadline: TimeSpan.FromSeconds(60));
        var phoneRun = await phone;
        Assert.True(phoneRun.ExitCode == 0 && phoneRun.Successful == 1, phoneRun.Describe() + "\n" + edge.Log);
        var pop = await agent1.NextAsync("ScreenPop", wait: TimeSpan.FromSeconds(5));
        var callId = pop.GetProperty("callId").GetString()!;
        await agent1.NextAsync("CallStateChanged", s => s.GetProperty("state").GetString() == "WrapUp", TimeSpan.FromSeconds(10));
        await BridgeHost.WrapUpAsync(agent1, pop, callId);
        await agent1.InvokeAsync("SetStatus", Guid.NewGuid().ToString("N"), "LoggedOut", null);
        using var api = await host.ApiAsync("agent1");
        var record = (await api.GetFromJsonAsync<JsonElement>($"/api/interactions?caller={Uri.EscapeDataString(Platinum)}"))
            .EnumerateArray().Single(r => r.GetProperty("callId").GetString() == callId);

        Assert.True(caller.ExitCode == 0 && caller.Successful == 1, caller.Describe() + "\n" + edge.Log);
        Assert.True(phoneRun.ExitCode == 0 && phoneRun.Successful == 1, phoneRun.Describe() + "\n" + edge.Log);
        Assert.Equal("Platinum", pop.GetProperty("customer").GetProperty("tier").GetString());
        Assert.Equal(Platinum, record.GetProperty("callerE164").GetString());
        Assert.Equal("NetworkAsserted", record.GetProperty("identityConfidence").GetString());
        Assert.Contains($"Record-Route: <sip:127.0.0.1:{edge.EndPoint.Port};", caller.Messages, StringComparison.Ordinal);
        Assert.Contains("a=sendonly", caller.Messages, StringComparison.Ordinal);
        Assert.Contains(edgeVia, caller.Messages, StringComparison.Ordinal);
        Assert.Contains(edgeVia, phoneRun.Messages, StringComparison.Ordinal);
    }

    /// <summary>
    /// The Platinum caller through the edge, claiming to be [forged] in its own P-Asserted-Identity; takes the
    /// Record-Route of the answer for its ACK and BYE, answers the service's hold and resume re-INVITEs, hangs up.
    /// </summary>
    private static string CallerForgingIdentity() => $$"""
        <?xml version="1.0" encoding="ISO-8859-1" ?>
        <scenario name="caller through the edge proxy">
          {{BridgeScenarios.CallerInvite("[forged]")}}
          <recv response="100" optional="true" />
          <recv response="180" optional="true" />
          <recv response="200" rrs="true" />
          {{InDialog("ACK", 1)}}
          <recv request="INVITE">
            <action><ereg regexp="a=sendonly" search_in="body" check_it="true" assign_to="held" /></action>
          </recv>
          {{BridgeScenarios.UasResponse("200 OK", BridgeScenarios.PcmaSdp("caller", 2, "recvonly"), contact: "caller")}}
          <recv request="ACK" />
          <recv request="INVITE">
            <action><ereg regexp="a=sendrecv" search_in="body" check_it="true" assign_to="resumed" /></action>
          </recv>
          {{BridgeScenarios.UasResponse("200 OK", BridgeScenarios.PcmaSdp("caller", 3, "sendrecv"), contact: "caller")}}
          <recv request="ACK" />
          <pause milliseconds="300" />
          {{InDialog("BYE", 2)}}
          <recv response="200" crlf="true" />
          <Reference variables="held,resumed" />
        </scenario>
        """;

    /// <summary>
    /// agent1's phone behind the edge, as RFC 3261 §12.1.1 has a UAS behave: its answers copy the Record-Route, and its
    /// hold and resume re-INVITEs (and ACKs) follow that route back through the edge.
    /// </summary>
    private static string PhoneBehindTheEdge() => $$"""
        <?xml version="1.0" encoding="ISO-8859-1" ?>
        <scenario name="agent phone behind the edge: answers, holds and resumes">
          {{BridgeScenarios.ReceiveInvite("phone")}}
          {{PhoneAnswer("180 Ringing", "")}}
          {{PhoneAnswer("200 OK", BridgeScenarios.PcmaSdp("phone", 1, "sendrecv"))}}
          <recv request="ACK" crlf="true" />
          <pause milliseconds="1000" />
          {{PhoneRequest("INVITE", 1, BridgeScenarios.PcmaSdp("phone", 2, "sendonly"))}}
          <recv response="100" optional="true" />
          <recv response="200" />
          {{PhoneRequest("ACK", 1, "")}}
          <pause milliseconds="500" />
          {{PhoneRequest("INVITE", 2, BridgeScenarios.PcmaSdp("phone", 3, "sendrecv"))}}
          <recv response="100" optional="true" />
          <recv response="200" />
          {{PhoneRequest("ACK", 2, "")}}
          <recv request="BYE" />
          {{BridgeScenarios.UasResponse("200 OK", "")}}
        </scenario>
        """;

    private static string PhoneAnswer(string status, string body) => $$"""
        <send{{(status.StartsWith("200 OK", StringComparison.Ordinal) && body.Length > 0 ? " retrans=\"500\"" : "")}}>
            <![CDATA[
              SIP/2.0 {{status}}
              [last_Via:]
              [last_Record-Route:]
              [last_From:]
              [last_To:];tag=[pid]SIPpTag01[call_number]
              [last_Call-ID:]
              [last_CSeq:]
              Contact: <sip:phone@[local_ip]:[local_port];transport=[transport]>
              {{(body.Length > 0 ? "Content-Type: application/sdp\n" : "")}}Content-Length: [len]
        {{body}}

            ]]>
          </send>
        """;

    private static string PhoneRequest(string method, int cseq, string body) => $$"""
        <send{{(method == "INVITE" ? " retrans=\"500\"" : "")}}>
            <![CDATA[
              {{method}} [next_url] SIP/2.0
              Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch];rport
              From: [$phone];tag=[pid]SIPpTag01[call_number]
              To: [$service]
              Call-ID: [call_id]
              [routes]
              CSeq: {{cseq}} {{method}}
              Contact: <sip:phone@[local_ip]:[local_port];transport=[transport]>
              Max-Forwards: 70
              {{(body.Length > 0 ? "Content-Type: application/sdp\n" : "")}}Content-Length: [len]
        {{body}}

            ]]>
          </send>
        """;

    /// <summary>ACK or BYE within the call, to the service's Contact along the recorded route (through the edge).</summary>
    private static string InDialog(string method, int cseq) => BridgeScenarios.CallerRequest(method, cseq, routed: true);

    public void Dispose() => _scenarios.Dispose();
}
