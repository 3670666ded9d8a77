using TelecomContactCenter.Core.Routing;
using TelecomContactCenter.Server.Contact;

namespace TelecomContactCenter.Server.Tests.Hubs;

/// <summary>
/// The shipped queue limits (appsettings.json, Routing:Queues): a caller waiting for a desk nobody signed in can
/// serve (here retention, with only a VIP-desk agent free) is not left there: after a minute the call overflows to
/// general enquiries and rings the free agent, with its pop.
/// </summary>
public sealed class QueueOverflowTests(FakeClockHubFixture fixture) : IClassFixture<FakeClockHubFixture>
{
    private const string Gold = "+8613800000002";
    private static readonly string CallName = $"overflow-{Guid.NewGuid():N}@queue-overflow";

    [Fact]
    public async Task RetentionCallWithNoRetentionAgentSignedIn_AfterAMinuteOverflowsToGeneralAndRingsTheFreeAgent()
    {
        // agent2 has vip, general and complaints: not retention.
        await using var agent2 = await fixture.AgentAsync("agent2");
        await agent2.InvokeAsync("SetStatus", Guid.NewGuid().ToString("N"), "Available", null);
        await fixture.Calls.EnqueueAsync(new CallHandoff
        {
            CallId = new CallId(CallName),
            Caller = new CallerIdentityInfo(Gold, Gold, "NetworkAsserted"),
            CustomerPhone = Gold,
            Queue = "retention",
            Skills = new Dictionary<string, int> { ["retention"] = 1 },
        }, default);

        fixture.FakeClock.Advance(TimeSpan.FromSeconds(61));
        var pop = await agent2.NextAsync("ScreenPop", p => p.GetProperty("callId").GetString() == CallName);
        await fixture.Calls.AbandonAsync(new CallId(CallName), default);
        await agent2.InvokeAsync("SetStatus", Guid.NewGuid().ToString("N"), "LoggedOut", null);

        Assert.Equal("王芳", pop.GetProperty("customer").GetProperty("name").GetString());
    }
}
