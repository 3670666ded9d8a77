using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using TelecomContactCenter.Core.Routing;
using TelecomContactCenter.Server.Calls;
using TelecomContactCenter.Server.Contact;
using TelecomContactCenter.Server.Tests.Hubs;

namespace TelecomContactCenter.Server.Tests.Calls;

/// <summary>
/// The ACD moves the call owner's one phase: a call queued through the ACD's entry point (no SIP leg) is a
/// <see cref="Call"/> in the <see cref="CallBook"/> from queued to its end, and leaves the book only then. Agents on
/// the SignalR .NET client over real WebSockets, as in the hub tests.
/// </summary>
public sealed class CallOwnerPhaseTests(HubServerFixture fixture) : IClassFixture<HubServerFixture>
{
    private const string Platinum = "+8613800000001";

    private CallBook Book => fixture.Services.GetRequiredService<CallBook>();

    [Fact]
    public async Task QueuedWithoutASipLeg_RungAnsweredEndedAndWrappedUp_OneOwnerGoesToCompletedAndStaysInTheBookUntilThen()
    {
        await using var agent1 = await fixture.AgentAsync("agent1");
        var callId = NewCallId();

        await fixture.Calls.EnqueueAsync(Handoff(callId), default);
        var call = Book.Find(new CallId(callId));
        var queued = call?.State;
        await SetStatusAsync(agent1, "Available");
        var pop = await agent1.NextAsync("ScreenPop", ById(callId));
        var ringing = call?.State;
        await agent1.InvokeAsync("AcceptCall", NewRequestId(), callId);
        var connected = call?.State;
        await agent1.InvokeAsync("HangUp", NewRequestId(), callId);
        var wrapUp = call?.State;
        var inBookDuringWrapUp = Book.Find(new CallId(callId)) is not null;
        await agent1.InvokeAsync("SetDisposition", NewRequestId(), callId, "Resolved");
        foreach (var offer in pop.GetProperty("offers").EnumerateArray())
        {
            await agent1.InvokeAsync("RecordOfferOutcome", NewRequestId(), callId, offer.GetProperty("offerId").GetString(), "Declined",
                offer.GetProperty("scriptVersion").GetString());
        }

        await agent1.InvokeAsync("CompleteWrapUp", NewRequestId(), callId);
        await SetStatusAsync(agent1, "LoggedOut");

        Assert.NotNull(call);
        Assert.Null(call.CallerLeg);
        Assert.Equal(
            [CallState.Queued, CallState.Ringing, CallState.Connected, CallState.WrapUp, CallState.Completed],
            [queued, ringing, connected, wrapUp, call.State]);
        Assert.True(inBookDuringWrapUp);
        Assert.Null(Book.Find(new CallId(callId)));
    }

    [Fact]
    public async Task QueuedCall_CallerLeavesBeforeAnAgent_IsAbandonedAndLeavesTheBook()
    {
        var callId = NewCallId();
        await fixture.Calls.EnqueueAsync(Handoff(callId), default);
        var call = Book.Find(new CallId(callId));

        await fixture.Calls.AbandonAsync(new CallId(callId), default);

        Assert.Equal(CallState.Abandoned, call?.State);
        Assert.Null(Book.Find(new CallId(callId)));
    }

    [Fact]
    public async Task CallStillQueued_EnqueuedAgain_IsRefusedAndKeepsItsPhase()
    {
        var callId = NewCallId();
        await fixture.Calls.EnqueueAsync(Handoff(callId), default);

        await Assert.ThrowsAsync<InvalidOperationException>(() => fixture.Calls.EnqueueAsync(Handoff(callId), default));
        var phase = Book.Find(new CallId(callId))?.State;
        await fixture.Calls.AbandonAsync(new CallId(callId), default);

        Assert.Equal(CallState.Queued, phase);
    }

    private static Task<JsonElement> SetStatusAsync(HubTestClient agent, string status) =>
        agent.InvokeAsync("SetStatus", NewRequestId(), status, null);

    private static CallHandoff Handoff(string callId) => new()
    {
        CallId = new CallId(callId),
        Caller = new CallerIdentityInfo(Platinum, Platinum, "NetworkAsserted"),
        CustomerPhone = Platinum,
        Queue = "vip-desk",
    };

    private static Func<JsonElement, bool> ById(string callId) => e => e.GetProperty("callId").GetString() == callId;

    private static string NewCallId() => $"{Guid.NewGuid():N}@test";

    private static string NewRequestId() => Guid.NewGuid().ToString("N");
}
