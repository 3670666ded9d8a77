using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TelecomContactCenter.Core.Routing;
using TelecomContactCenter.Server.Contact;
using TelecomContactCenter.Server.Data;
using TelecomContactCenter.Server.Tests.Hubs;

namespace TelecomContactCenter.Server.Tests.Contact;

/// <summary>The interaction rows the distributor writes while many calls change at once (saves are group-committed).</summary>
public sealed class InteractionRecordTests(HubServerFixture fixture) : IClassFixture<HubServerFixture>
{
    private const int Callers = 60;

    [Fact]
    public async Task EnqueueThenAbandon_ManyCallsAtOnce_EveryRowEndsWithItsLatestState()
    {
        var ids = Enumerable.Range(0, Callers).Select(_ => new CallId($"{Guid.NewGuid():N}@burst")).ToList();

        await Task.WhenAll(ids.Select(id => Task.Run(() => fixture.Calls.EnqueueAsync(Handoff(id), default))));
        await Task.WhenAll(ids.Select(id => Task.Run(() => fixture.Calls.AbandonAsync(id, default))));

        await using var scope = fixture.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ContactCenterDbContext>();
        var names = ids.Select(i => i.Value).ToList();
        var rows = await db.Interactions.AsNoTracking().Where(i => names.Contains(i.CallId!)).ToListAsync();
        Assert.Equal(Callers, rows.Count);
        Assert.All(rows, row =>
        {
            Assert.Equal("Abandoned", row.Disposition);
            Assert.NotNull(row.EndedAt);
            Assert.Contains("\"decision\":\"Enqueue\"", row.Routing);
            Assert.Contains("\"decision\":\"Abandon\"", row.Routing);
        });
    }

    private static CallHandoff Handoff(CallId id) => new()
    {
        CallId = id,
        Caller = new CallerIdentityInfo("+8613800000004", "+8613800000004", "UserProvided"),
        CustomerPhone = "+8613800000004",
        Queue = "general",
    };
}
