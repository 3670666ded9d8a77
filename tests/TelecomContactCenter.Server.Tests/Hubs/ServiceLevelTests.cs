using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using TelecomContactCenter.Core.Routing;
using TelecomContactCenter.Server.AgentDesk;
using TelecomContactCenter.Server.Contact;
using TelecomContactCenter.Server.Hubs;
using TelecomContactCenter.Server.Wallboard;

namespace TelecomContactCenter.Server.Tests.Hubs;

/// <summary>The hub host on a <see cref="FakeTimeProvider"/>, so waits are exact seconds the test chooses.</summary>
public sealed class FakeClockHubFixture : HubServerFixture
{
    public FakeTimeProvider FakeClock { get; } = new(new DateTimeOffset(2026, 11, 2, 6, 0, 0, TimeSpan.Zero));

    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings() =>
        [KeyValuePair.Create<string, string?>("Routing:RingTimeout", "00:05:00")];

    protected override void ConfigureServices(IServiceCollection services)
    {
        services.RemoveAll<TimeProvider>();
        services.AddSingleton<TimeProvider>(FakeClock);
    }
}

/// <summary>
/// The wallboard's service level (docs/server.md, queue statistics): answered within the 20 s target ÷ (answered +
/// abandoned after the target + still waiting past the target). An abandon inside the target does not count; a call
/// waiting past the target with nobody available lowers it at once, before it ends.
/// </summary>
public sealed class ServiceLevelTests(FakeClockHubFixture fixture) : IClassFixture<FakeClockHubFixture>
{
    private const string Gold = "+8613800000002";
    private const string Queue = "service-level-check";

    [Fact]
    public async Task ServiceLevel_AnsweredInTimeThenOneWaitingPastTargetWithNobodyFreeThenAbandons_FollowsTheFormula()
    {
        await using var agent1 = await fixture.AgentAsync("agent1");
        var before = Statistics();
        await fixture.Calls.EnqueueAsync(Handoff("answered"), default);
        await agent1.InvokeAsync("SetStatus", NewRequestId(), "Available", null);
        await agent1.NextAsync("ScreenPop", p => p.GetProperty("callId").GetString() == CallId("answered"));
        fixture.FakeClock.Advance(TimeSpan.FromSeconds(5));
        await agent1.InvokeAsync("AcceptCall", NewRequestId(), CallId("answered"));
        var answeredInTime = Statistics();

        // agent1 is on the call: the next caller waits 30 s, past the target, with nobody available.
        await fixture.Calls.EnqueueAsync(Handoff("waiting"), default);
        fixture.FakeClock.Advance(TimeSpan.FromSeconds(30));
        var vipWaitingPastTarget = Statistics();

        // A caller who gives up after 5 s (inside the target) does not count; one who gave up after 35 s does.
        await fixture.Calls.EnqueueAsync(Handoff("quick-abandon"), default);
        fixture.FakeClock.Advance(TimeSpan.FromSeconds(5));
        await fixture.Calls.AbandonAsync(new CallId(CallId("quick-abandon")), default);
        var afterQuickAbandon = Statistics();
        await fixture.Calls.AbandonAsync(new CallId(CallId("waiting")), default);
        var afterLateAbandon = Statistics();
        await fixture.Calls.AbandonAsync(new CallId(CallId("answered")), default);
        await agent1.InvokeAsync("SetStatus", NewRequestId(), "LoggedOut", null);

        Assert.Null(before);
        Assert.Equal((1, 1, 100.0), (answeredInTime!.Answered, answeredInTime.AnsweredWithinTarget, answeredInTime.ServiceLevelPercent));
        Assert.Equal(5, answeredInTime.AverageSpeedOfAnswerSeconds);
        Assert.Equal((1, 1, 0, 50.0), (vipWaitingPastTarget!.Waiting, vipWaitingPastTarget.WaitingPastTarget, vipWaitingPastTarget.AgentsAvailable,
            vipWaitingPastTarget.ServiceLevelPercent));
        Assert.Equal((1, 50.0), (afterQuickAbandon!.Abandoned, afterQuickAbandon.ServiceLevelPercent));
        Assert.Equal((2, 0, 0, 50.0), (afterLateAbandon!.Abandoned, afterLateAbandon.Waiting, afterLateAbandon.WaitingPastTarget,
            afterLateAbandon.ServiceLevelPercent));
    }

    [Fact]
    public async Task QueueStatistics_FlowQueuesWithNoCallYet_OneRowEachForAllTiersWithTheAgentsFreeForIt()
    {
        // agent2 (agent1 may still be wrapping up the other test's call) has vip, general and complaints: free for
        // the VIP desk and General, not for Retention.
        // agent3 (retention) is Available with no desktop connected: no call can be offered there, so not free.
        await using var agent2 = await fixture.AgentAsync("agent2");
        await agent2.InvokeAsync("SetStatus", NewRequestId(), "Available", null);
        var desk = fixture.Services.GetRequiredService<IAgentDesk>();
        await desk.SetStatusAsync("agent3", AgentStatus.Available, null, default);
        var rows = fixture.Services.GetRequiredService<WallboardReadModel>().QueueStatistics();
        await agent2.InvokeAsync("SetStatus", NewRequestId(), "LoggedOut", null);
        await desk.SetStatusAsync("agent3", AgentStatus.LoggedOut, null, default);

        var quiet = rows.Where(r => r.Tier is null).ToDictionary(r => r.Queue, r => (r.Waiting, r.Answered, r.AgentsAvailable));
        Assert.Equal((0, 0, 1), quiet["vip-desk"]);
        Assert.Equal((0, 0, 1), quiet["general"]);
        Assert.Equal((0, 0, 0), quiet["retention"]);
        Assert.DoesNotContain(rows, r => r.Tier is null && rows.Any(other => other.Queue == r.Queue && other.Tier is not null));
    }

    private QueueStatisticsView? Statistics() =>
        fixture.Services.GetRequiredService<WallboardReadModel>().QueueStatistics().SingleOrDefault(q => q.Queue == Queue && q.Tier == "Gold");

    private static CallHandoff Handoff(string name) => new()
    {
        CallId = new CallId(CallId(name)),
        Caller = new CallerIdentityInfo(Gold, Gold, "NetworkAsserted"),
        CustomerPhone = Gold,
        Queue = Queue,
    };

    private static string CallId(string name) => $"{name}@service-level";

    private static string NewRequestId() => Guid.NewGuid().ToString("N");
}
