using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TelecomContactCenter.Server.Data;
using TelecomContactCenter.Server.Profiles;
using TelecomContactCenter.Server.Tests.Infrastructure;

namespace TelecomContactCenter.Server.Tests.Profiles;

public sealed class ProfileRefreshServiceTests(SqliteServerFixture fixture) : IClassFixture<SqliteServerFixture>
{
    [Fact]
    public async Task Schedule_ClockPassesInterval_ReevaluatesEveryProfile()
    {
        var status = fixture.Factory.Services.GetRequiredService<ProfileEvaluationStatus>();
        var run = status.NextRunAsync();

        fixture.Clock.Advance(TimeSpan.FromHours(6));
        await run.WaitAsync(TimeSpan.FromSeconds(60));

        using var scope = fixture.Factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ContactCenterDbContext>();
        var now = fixture.Clock.GetUtcNow();
        Assert.Equal(ServerFactory.DemoCustomers + 6, status.LastCount);
        Assert.Equal(0, await db.CustomerProfiles.CountAsync(p => p.EvaluatedAt != now));
    }

    [Fact]
    public async Task DemoPopulation_AfterEvaluation_EveryStageAndTierOccursWithPlausibleShares()
    {
        using var scope = fixture.Factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ContactCenterDbContext>();

        var tiers = await db.CustomerProfiles.GroupBy(p => p.Tier).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count);
        var stages = await db.CustomerProfiles.GroupBy(p => p.Stage).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count);

        var total = (double)tiers.Values.Sum();
        Assert.InRange(tiers["Platinum"] / total, 0.005, 0.03);
        Assert.InRange(tiers["Gold"] / total, 0.02, 0.09);
        Assert.InRange(tiers["Silver"] / total, 0.10, 0.25);
        Assert.InRange(tiers["Standard"] / total, 0.65, 0.85);
        Assert.Equal(["Acquisition", "Churned", "Decline", "Growth", "Maturity"], stages.Keys.Order().ToArray());
        Assert.True(stages["Maturity"] > stages["Growth"] && stages["Growth"] > stages["Churned"]);
    }
}
