using TelecomContactCenter.Server.Tests.Telephony;
using TelecomContactCenter.Testing;

namespace TelecomContactCenter.Server.Tests.Bridge;

/// <summary>A bridge host whose phones ring for 30 s, so a caller hanging up mid-ring is not a race with the ring timeout.</summary>
public sealed class LongRingBridgeHost : BridgeHost
{
    public override TimeSpan RingTimeout => TimeSpan.FromSeconds(30);
}

/// <summary>The caller hangs up while agent1's phone (sipp, registered with digest) is ringing: the agent leg is cancelled.</summary>
public sealed class BridgeAbandonTests(LongRingBridgeHost host) : IClassFixture<LongRingBridgeHost>, IDisposable
{
    private const string Platinum = "+8613800000001";
    private readonly ScenarioFolder _scenarios = new();

    [Fact]
    public async Task Caller_HangsUpWhilePhoneRings_AgentLegCancelledAndNothingRelayed()
    {
        await using var agent1 = await host.AvailableAgentAsync("agent1");
        var phonePort = ScenarioFolder.FreePort();
        var registered = await Sipp.RunAsync(_scenarios.Write("register.xml", BridgeScenarios.Register("agent1")), host.Udp, ["-p", phonePort, "-m", "1"]);
        Assert.True(registered.ExitCode == 0, registered.Describe());
        var phone = Sipp.RunAsync(_scenarios.Write("phone.xml", BridgeScenarios.RingingPhone()), host.Udp, ["-p", phonePort, "-m", "1", "-timeout", "25s"]);

        // The phone starts ringing about 4 s after the IVR answers (greeting, queue) and rings for 30 s: hanging up at
        // 9.5 s lands inside that window with more than 5 s to spare on either side, however busy the machine.
        var caller = await Sipp.RunAsync(_scenarios.Write("caller.xml", BridgeScenarios.Caller(rtpAfterMs: 9_000, hangUpAfterMs: 500)),
            host.Udp, ["-s", "10000", "-key", "caller", Platinum, "-m", "1", "-timeout", "25s"]);
        var phoneRun = await phone;
        var callId = TelephonyFixture.CallIdOf(caller);
        var pop = await agent1.NextAsync("ScreenPop", p => p.GetProperty("callId").GetString() == callId);

        Assert.True(caller.ExitCode == 0, caller.Describe());
        Assert.True(phoneRun.ExitCode == 0 && phoneRun.Successful == 1, phoneRun.Describe());
        Assert.Contains($"X-Call-Id: {callId}", phoneRun.Messages, StringComparison.Ordinal);
        Assert.True(CancelledAfterCallerBye(caller.Messages, phoneRun.Messages), phoneRun.Describe());
        Assert.Equal("Platinum", pop.GetProperty("customer").GetProperty("tier").GetString());
        Assert.Equal(0, host.Bridge.RelayedToAgent + host.Bridge.RelayedToCaller);
    }

    public void Dispose() => _scenarios.Dispose();

    /// <summary>
    /// The phone's CANCEL came with the caller's BYE (so it is the abandonment, not the ring timeout 30 s into the
    /// ring). sipp stamps a message it sends after writing it, so a CANCEL sent at once in reply can carry a receive
    /// stamp a little earlier than the BYE's: 100 ms of slack before the BYE, far from any ring timeout.
    /// </summary>
    private bool CancelledAfterCallerBye(string callerLog, string phoneLog) =>
        Stamp(callerLog, "BYE sip:") is { } bye && Stamp(phoneLog, "CANCEL sip:") is { } cancel
        && cancel >= bye - TimeSpan.FromMilliseconds(100) && cancel - bye < host.RingTimeout;

    /// <summary>sipp's message log puts a "---- yyyy-MM-dd HH:mm:ss.ffffff" line before each message.</summary>
    private static DateTime? Stamp(string log, string startLine)
    {
        var at = log.IndexOf("\n" + startLine, StringComparison.Ordinal);
        if (at < 0)
        {
            return null;
        }

        var header = log.LastIndexOf("----- ", at, StringComparison.Ordinal);
        var text = log.Substring(header + 6, 26);
        return DateTime.ParseExact(text, "yyyy-MM-dd HH:mm:ss.ffffff", System.Globalization.CultureInfo.InvariantCulture);
    }
}
