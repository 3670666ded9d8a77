using System.Text.Json;
using TelecomContactCenter.Core.Routing;
using TelecomContactCenter.Server.Contact;

namespace TelecomContactCenter.Server.Tests.Hubs;

/// <summary>
/// A desktop that drops mid-call and comes back: the server keeps the call, and what changed meanwhile (the caller
/// hanging up) is what the reconnected desktop reads from GetState; the board shows the desktop offline, then online.
/// </summary>
public sealed class AgentReconnectTests(HubServerFixture fixture) : IClassFixture<HubServerFixture>
{
    private const string Platinum = "+8613800000001";

    [Fact]
    public async Task Reconnect_CallerHungUpWhileDesktopWasDown_GetStateShowsWrapUpWithThePopAndBoardShowsOnlineAgain()
    {
        await using var supervisor = await fixture.SupervisorAsync();
        var dropped = await fixture.AgentAsync("agent1");
        await dropped.InvokeAsync("SetStatus", NewRequestId(), "Available", null);
        var callId = $"{Guid.NewGuid():N}@test";
        await fixture.Calls.EnqueueAsync(new CallHandoff
        {
            CallId = new CallId(callId),
            Caller = new CallerIdentityInfo(Platinum, Platinum, "NetworkAsserted"),
            CustomerPhone = Platinum,
            Queue = "vip-desk",
        }, default);
        await dropped.NextAsync("ScreenPop", p => p.GetProperty("callId").GetString() == callId);
        await dropped.InvokeAsync("AcceptCall", NewRequestId(), callId);
        supervisor.Drain("AgentStates");

        await dropped.AbortAsync();
        var offline = await supervisor.NextAsync("AgentStates", rows => Row(rows, "agent1") is { } row && !row.GetProperty("desktopConnected").GetBoolean());
        await fixture.Calls.CallEndedAsync(new CallId(callId), default);
        await using var back = await fixture.AgentAsync("agent1");
        var state = await back.InvokeAsync("GetState");
        var online = await supervisor.NextAsync("AgentStates", rows => Row(rows, "agent1") is { } row && row.GetProperty("desktopConnected").GetBoolean());
        await back.InvokeAsync("SetDisposition", NewRequestId(), callId, "Resolved");
        foreach (var offer in state.GetProperty("pop").GetProperty("offers").EnumerateArray())
        {
            await back.InvokeAsync("RecordOfferOutcome", NewRequestId(), callId, offer.GetProperty("offerId").GetString(), "NotPresented",
                offer.GetProperty("scriptVersion").GetString());
        }

        await back.InvokeAsync("CompleteWrapUp", NewRequestId(), callId);
        await back.InvokeAsync("SetStatus", NewRequestId(), "LoggedOut", null);
        await dropped.DisposeAsync();

        Assert.Equal("InCall", Row(offline, "agent1")!.Value.GetProperty("state").GetString());
        Assert.Equal("Available", state.GetProperty("status").GetString());
        Assert.Equal("WrapUp", state.GetProperty("state").GetString());
        Assert.Equal(callId, state.GetProperty("callId").GetString());
        Assert.Equal("WrapUp", state.GetProperty("callPhase").GetString());
        Assert.Equal("Platinum", state.GetProperty("pop").GetProperty("customer").GetProperty("tier").GetString());
        Assert.Equal("WrapUp", Row(online, "agent1")!.Value.GetProperty("state").GetString());
    }

    private static JsonElement? Row(JsonElement rows, string agent) =>
        rows.EnumerateArray().Where(r => r.GetProperty("agent").GetString() == agent).Select(r => (JsonElement?)r).FirstOrDefault();

    private static string NewRequestId() => Guid.NewGuid().ToString("N");
}
