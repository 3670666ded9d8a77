using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using TelecomContactCenter.Server.Tests.Telephony;
using TelecomContactCenter.Testing;

namespace TelecomContactCenter.Server.Tests.Bridge;

/// <summary>A bridge host with one RTP port pair: a caller's IVR leg takes it, so no agent leg can get one.</summary>
public sealed class OnePortPairBridgeHost : BridgeHost
{
    private readonly int _port = FreeEvenPortPair();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Media:RtpPorts:MinPort", _port.ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("Media:RtpPorts:MaxPort", (_port + 1).ToString(CultureInfo.InvariantCulture));
    }

    private static int FreeEvenPortPair()
    {
        for (var attempt = 0; ; attempt++)
        {
            int candidate;
            using (var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp))
            {
                probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
                candidate = ((IPEndPoint)probe.LocalEndPoint!).Port & ~1;
            }

            try
            {
                using var rtp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                using var rtcp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                rtp.Bind(new IPEndPoint(IPAddress.Loopback, candidate));
                rtcp.Bind(new IPEndPoint(IPAddress.Loopback, candidate + 1));
                return candidate;
            }
            catch (SocketException) when (attempt < 20)
            {
                // Half of the pair was taken: try another.
            }
        }
    }
}

/// <summary>
/// The service has no RTP port for the agent's leg: that is the service's shortage, not the agent's miss. The call
/// waits in its queue, the agent gets no pop for a phone that cannot ring and stays Available, and the record says
/// once why the call waited.
/// </summary>
public sealed class BridgeMediaShortageTests(OnePortPairBridgeHost host) : IClassFixture<OnePortPairBridgeHost>, IDisposable
{
    private const string Platinum = "+8613800000001";
    private readonly ScenarioFolder _scenarios = new();

    [Fact]
    public async Task Offer_NoRtpPortForAgentLeg_CallWaitsAndAgentIsNeitherPoppedNorCharged()
    {
        await using var agent1 = await host.AvailableAgentAsync("agent1");
        var phonePort = ScenarioFolder.FreePort();
        var registered = await Sipp.RunAsync(_scenarios.Write("register.xml", BridgeScenarios.Register("agent1")), host.Udp, ["-p", phonePort, "-m", "1"]);
        Assert.True(registered.ExitCode == 0, registered.Describe());

        // The caller stays about 7 s after the IVR answers: several of the ACD's ticks try the offer again meanwhile.
        var caller = await Sipp.RunAsync(_scenarios.Write("caller.xml", BridgeScenarios.Caller(rtpAfterMs: 7_000, hangUpAfterMs: 500)),
            host.Udp, ["-s", "10000", "-key", "caller", Platinum, "-m", "1", "-timeout", "25s"]);
        var callId = TelephonyFixture.CallIdOf(caller);
        var record = await AbandonedRecordAsync(callId);
        var steps = record.GetProperty("routing").EnumerateArray().Select(s => s.GetProperty("decision").GetString()).ToList();

        Assert.True(caller.ExitCode == 0, caller.Describe());
        Assert.DoesNotContain(agent1.Drain("ScreenPop"), p => p.GetProperty("callId").GetString() == callId);
        Assert.Equal("Available", agent1.Drain("StatusChanged")[^1].GetProperty("status").GetString());
        Assert.Equal(1, steps.Count(s => s == "WaitingForMedia"));
        Assert.DoesNotContain("Offer", steps);
        Assert.Equal("agent1", record.GetProperty("routing").EnumerateArray().Single(s => s.GetProperty("decision").GetString() == "WaitingForMedia")
            .GetProperty("agent").GetString());
    }

    public void Dispose() => _scenarios.Dispose();

    /// <summary>The call's record (as a supervisor sees it: the agent never handled it) once the abandonment is committed.</summary>
    private async Task<JsonElement> AbandonedRecordAsync(string callId)
    {
        using var api = await host.ApiAsync("supervisor1");
        for (var attempt = 0; attempt < 150; attempt++)
        {
            var rows = await api.GetFromJsonAsync<JsonElement>($"/api/interactions?callId={Uri.EscapeDataString(callId)}");
            if (rows.EnumerateArray().FirstOrDefault() is { ValueKind: JsonValueKind.Object } row && row.GetProperty("disposition").GetString() == "Abandoned")
            {
                return row;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"No abandoned record for {callId}: {await api.GetStringAsync($"/api/interactions?caller={Uri.EscapeDataString(Platinum)}")}");
    }
}
