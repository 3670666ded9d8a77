using System.Net.Http.Json;
using System.Text.Json;
using TelecomContactCenter.Server.Tests.Telephony;
using TelecomContactCenter.Testing;

namespace TelecomContactCenter.Server.Tests.Bridge;

/// <summary>
/// Desktop answer: agent1 has no registered phone and accepts on the desktop. Hang up on the desktop releases the
/// caller (sipp receives BYE); the caller's BYE moves the desktop to wrap-up; the record says answered by agent1 with
/// talk time, not abandoned. The desk says it has no audio path (Device = Desktop), and holds the caller (the queue
/// prompt plays to them) and resumes from the desktop.
/// </summary>
public sealed class BridgeDesktopAnswerTests(BridgeHost host) : IClassFixture<BridgeHost>, IDisposable
{
    private const string Platinum = "+8613800000001";
    private readonly ScenarioFolder _scenarios = new();

    [Fact]
    public async Task DesktopAccept_AgentHangsUpOnDesktop_CallerReceivesByeAndRecordIsAnsweredWithTalkTime()
    {
        await using var agent1 = await host.AvailableAgentAsync("agent1");
        var state = await agent1.InvokeAsync("GetState");
        var caller = Sipp.RunAsync(_scenarios.Write("caller.xml", CallerWaitingForBye()),
            host.Udp, ["-s", "10000", "-key", "caller", Platinum, "-m", "1", "-timeout", "60s"]);

        var pop = await agent1.NextAsync("ScreenPop", wait: TimeSpan.FromSeconds(40));
        var callId = pop.GetProperty("callId").GetString()!;
        await agent1.InvokeAsync("AcceptCall", Guid.NewGuid().ToString("N"), callId);
        var connected = await agent1.InvokeAsync("GetState");
        await agent1.InvokeAsync("Hold", Guid.NewGuid().ToString("N"), callId, true);
        var held = await agent1.InvokeAsync("GetState");
        await agent1.InvokeAsync("Hold", Guid.NewGuid().ToString("N"), callId, false);
        var resumed = await agent1.InvokeAsync("GetState");
        await agent1.InvokeAsync("HangUp", Guid.NewGuid().ToString("N"), callId);
        var run = await caller;
        await BridgeHost.WrapUpAsync(agent1, pop, callId);
        var record = await RecordAsync(callId);
        await agent1.InvokeAsync("SetStatus", Guid.NewGuid().ToString("N"), "LoggedOut", null);

        Assert.Equal("Desktop", state.GetProperty("device").GetString());
        Assert.Equal("Connected", connected.GetProperty("callPhase").GetString());
        Assert.Equal(JsonValueKind.String, connected.GetProperty("answeredAt").ValueKind);
        Assert.True(held.GetProperty("onHold").GetBoolean());
        Assert.False(resumed.GetProperty("onHold").GetBoolean());
        Assert.True(run.ExitCode == 0 && run.Successful == 1, run.Describe());
        Assert.Equal(TelephonyFixture.CallIdOf(run), callId);
        Assert.Contains("BYE sip:", run.Messages, StringComparison.Ordinal);
        Assert.Equal("agent1", record.GetProperty("agent").GetString());
        Assert.Equal("Resolved", record.GetProperty("disposition").GetString());
        Assert.True(record.GetProperty("talkSeconds").GetDouble() >= 0);
        Assert.NotEqual(JsonValueKind.Null, record.GetProperty("answeredAt").ValueKind);
    }

    [Fact]
    public async Task DesktopAccept_CallerHangsUp_DesktopMovesToWrapUpAndRecordHasTalkTime()
    {
        await using var agent1 = await host.AvailableAgentAsync("agent1");
        // Talks for 14 s after the IVR answered: long enough for the pop and the accept on a loaded box.
        var caller = Sipp.RunAsync(_scenarios.Write("caller-bye.xml", BridgeScenarios.Caller(rtpAfterMs: 500, hangUpAfterMs: 14_000)),
            host.Udp, ["-s", "10000", "-key", "caller", Platinum, "-m", "1", "-timeout", "60s"]);

        var pop = await agent1.NextAsync("ScreenPop", wait: TimeSpan.FromSeconds(40));
        var callId = pop.GetProperty("callId").GetString()!;
        await agent1.InvokeAsync("AcceptCall", Guid.NewGuid().ToString("N"), callId);
        var wrapUp = await agent1.NextAsync("CallStateChanged", s => s.GetProperty("state").GetString() == "WrapUp", TimeSpan.FromSeconds(40));
        var run = await caller;
        var state = await agent1.InvokeAsync("GetState");
        await BridgeHost.WrapUpAsync(agent1, pop, callId);
        var record = await RecordAsync(callId);
        await agent1.InvokeAsync("SetStatus", Guid.NewGuid().ToString("N"), "LoggedOut", null);

        Assert.True(run.ExitCode == 0 && run.Successful == 1, run.Describe());
        Assert.Equal(callId, wrapUp.GetProperty("callId").GetString());
        Assert.Equal("WrapUp", state.GetProperty("callPhase").GetString());
        Assert.Equal("agent1", record.GetProperty("agent").GetString());
        Assert.Equal("Resolved", record.GetProperty("disposition").GetString());
        // Talk time counts from the accept to the caller's BYE: positive, and never longer than sipp's 60 s run (a
        // call recorded as abandoned while queued has none; its length depends on how loaded the box is).
        Assert.InRange(record.GetProperty("talkSeconds").GetDouble(), 0.1, 60);
    }

    public void Dispose() => _scenarios.Dispose();

    private async Task<JsonElement> RecordAsync(string callId)
    {
        using var api = await host.ApiAsync("agent1");
        return (await api.GetFromJsonAsync<JsonElement>($"/api/interactions?caller={Uri.EscapeDataString(Platinum)}"))
            .EnumerateArray().Single(r => r.GetProperty("callId").GetString() == callId);
    }

    /// <summary>A caller who stays on the line until the service sends BYE, and answers it.</summary>
    internal static string CallerWaitingForBye() => $$"""
        <?xml version="1.0" encoding="ISO-8859-1" ?>
        <scenario name="caller released by the agent's desktop">
          {{BridgeScenarios.CallerUntilAnswered()}}
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
        </scenario>
        """;
}
