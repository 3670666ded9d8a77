using Microsoft.Extensions.DependencyInjection;
using TelecomContactCenter.Server.Cluster;
using TelecomContactCenter.Server.Tests.Hubs;
using TelecomContactCenter.Server.Wallboard;

namespace TelecomContactCenter.Server.Tests.Supervision;

/// <summary>
/// Whether anyone reads the wallboard, which decides whether the board is built and pushed at all: the wallboards
/// open here, and those the other nodes of a cluster report to the leader. A count that arrives late must not undo a
/// newer one, or a supervisor's board would stop moving while it is open.
/// </summary>
public sealed class WallboardWatchersTests(HubServerFixture fixture) : IClassFixture<HubServerFixture>
{
    [Fact]
    public async Task Watchers_LateCountFromANodeLosesToItsNewerOne_DeadNodeForgotten_WallboardHereCounts()
    {
        var feed = fixture.Services.GetRequiredService<SupervisorFeed>();
        var before = feed.AnyoneWatching;

        feed.WatchedElsewhere(new BoardWatchers("node-b", 1, Version: 10));
        var openOnB = feed.AnyoneWatching;
        feed.WatchedElsewhere(new BoardWatchers("node-b", 0, Version: 9));
        var afterLateZero = feed.AnyoneWatching;
        feed.WatchedElsewhere(new BoardWatchers("node-b", 0, Version: 11));
        var closedOnB = feed.AnyoneWatching;
        feed.WatchedElsewhere(new BoardWatchers("node-c", 2, Version: 1));
        feed.ForgetElsewhere("node-c");
        var nodeCDied = feed.AnyoneWatching;
        await using var supervisor = await fixture.SupervisorAsync();
        await supervisor.NextAsync("QueueStatistics");
        var openHere = feed.AnyoneWatching;

        Assert.Equal((false, true, true, false, false, true), (before, openOnB, afterLateZero, closedOnB, nodeCDied, openHere));
    }
}
