using TelecomContactCenter.Core.Routing;
using TelecomContactCenter.Server.Tests.Infrastructure;
using TelecomContactCenter.Testing;

namespace TelecomContactCenter.Server.Tests.Bridge;

/// <summary>
/// baresip 1.0 (Debian's softphone) as agent1's phone on the README's defaults: it registers with digest (the one MD5
/// challenge it can answer), rings on a Platinum call placed with sipp and answers at once; the tone it sends
/// reaches the caller, whose echo of it reaches baresip again (sndfile writes what it decoded); baresip puts the
/// caller on hold and takes them off it, and the caller's UA receives both re-INVITEs through the service.
/// </summary>
public sealed class BridgeBaresipTests(BridgeHost host) : IClassFixture<BridgeHost>, IDisposable
{
    private const string Platinum = "+8613800000001";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly ScenarioFolder _scenarios = new();

    [Fact]
    public async Task PlatinumCall_BaresipAsAgentPhone_RegistersRingsAnswersRelaysBothWaysAndHolds()
    {
        await using var agent1 = await host.AvailableAgentAsync("agent1");
        await using var phone = BaresipPhone.Start(host.Udp, "agent1", ServerFixture.Password);
        await phone.WaitForAsync(@"200 OK.*\[1 binding\]", Patience);

        var caller = Sipp.RunAsync(_scenarios.Write("caller.xml", HeldCaller()), host.Udp,
            ["-s", "10000", "-key", "caller", Platinum, "-m", "1", "-timeout", "60s", "-rtp_echo"], deadline: TimeSpan.FromSeconds(90));
        var pop = await agent1.NextAsync("ScreenPop", wait: Patience);
        await phone.WaitForAsync("Call established", Patience);
        await phone.WaitForAsync("incoming rtp for 'audio' established", Patience);
        var callId = new CallId(pop.GetProperty("callId").GetString()!);
        await UntilAsync(() => host.Bridge.Find(callId)?.Relay is { ForwardedToAgent: > 100, ForwardedToCaller: > 100 },
            () => $"relayed to agent {host.Bridge.Find(callId)?.Relay?.ForwardedToAgent}, to caller {host.Bridge.Find(callId)?.Relay?.ForwardedToCaller}\n{phone.Tail()}");
        await phone.PressAsync('x');
        await phone.WaitForAsync("call: hold", Patience);
        await phone.PressAsync('X');
        var run = await caller;
        await phone.WaitForAsync("terminated", Patience);

        Assert.True(run.ExitCode == 0 && run.Successful == 1, run.Describe() + "\n" + phone.Tail());
        Assert.Equal("Platinum", pop.GetProperty("customer").GetProperty("tier").GetString());
        Assert.Contains("a=sendonly", run.Messages, StringComparison.Ordinal);
        Assert.True(phone.LoudestHeardSample() > 1000, $"baresip heard at most {phone.LoudestHeardSample()}");
        Assert.True(host.Bridge.RelayedToCaller > 100, $"agent → caller: {host.Bridge.RelayedToCaller} packets");
    }

    /// <summary>
    /// A Platinum caller who is put on hold and taken off it by the agent, then hangs up; run with -rtp_echo, it sends
    /// back whatever audio reaches it, so baresip hears its own tone only if audio went through the relay both ways.
    /// </summary>
    internal static string HeldCaller(int hangUpAfterResumeMs = 300) => $$"""
        <?xml version="1.0" encoding="ISO-8859-1" ?>
        <scenario name="caller held by baresip">
          {{BridgeScenarios.CallerUntilAnswered()}}
          <recv request="INVITE">
            <action><ereg regexp="a=sendonly" search_in="body" check_it="true" assign_to="held" /></action>
          </recv>
          {{BridgeScenarios.UasResponse("200 OK", BridgeScenarios.PcmaSdp("sipp", 2, "recvonly"))}}
          <recv request="ACK" />
          <recv request="INVITE">
            <action><ereg regexp="a=sendrecv" search_in="body" check_it="true" assign_to="resumed" /></action>
          </recv>
          {{BridgeScenarios.UasResponse("200 OK", BridgeScenarios.PcmaSdp("sipp", 3, "sendrecv"))}}
          <recv request="ACK" />
          <pause milliseconds="{{hangUpAfterResumeMs}}" />
          {{BridgeScenarios.CallerRequest("BYE", 2)}}
          <recv response="200" crlf="true" />
          <Reference variables="held,resumed" />
        </scenario>
        """;

    /// <summary>Polls the relay's counters until <paramref name="condition"/> holds; fails after <see cref="Patience"/>.</summary>
    private static async Task UntilAsync(Func<bool> condition, Func<string> describe)
    {
        var giveUp = DateTimeOffset.UtcNow + Patience;
        while (!condition())
        {
            Assert.True(DateTimeOffset.UtcNow < giveUp, describe());
            await Task.Delay(50);
        }
    }

    public void Dispose() => _scenarios.Dispose();
}
