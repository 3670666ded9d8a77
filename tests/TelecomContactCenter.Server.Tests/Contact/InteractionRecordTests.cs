using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TelecomContactCenter.Core.Routing;
using TelecomContactCenter.Server.Contact;
using TelecomContactCenter.Server.Data;
using TelecomContactCenter.Server.Tests.Infrastructure;

namespace TelecomContactCenter.Server.Tests.Contact;

/// <summary>
/// The interaction rows the distributor writes while many calls change at once (group-committed raw upserts), read
/// back through EF on each provider.
/// </summary>
public abstract class InteractionRecordTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : ServerFixture
{
    private const int Callers = 60;

    [Fact]
    public async Task EnqueueThenAbandon_ManyCallsAtOnce_EveryRowEndsWithItsLatestState()
    {
        var calls = fixture.Factory.Services.GetRequiredService<ICallEntry>();
        var ids = Enumerable.Range(0, Callers).Select(_ => new CallId($"{Guid.NewGuid():N}@burst")).ToList();
        var now = fixture.Clock.GetUtcNow();

        await Task.WhenAll(ids.Select(id => Task.Run(() => calls.EnqueueAsync(Handoff(id), default))));
        await Task.WhenAll(ids.Select(id => Task.Run(() => calls.AbandonAsync(id, default))));

        await using var scope = fixture.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ContactCenterDbContext>();
        var names = ids.Select(i => i.Value).ToList();
        var rows = await db.Interactions.AsNoTracking().Where(i => names.Contains(i.CallId!)).ToListAsync();
        Assert.Equal(Callers, rows.Count);
        Assert.All(rows, row =>
        {
            Assert.Equal(("Abandoned", "general", "Voice", "+8613800000004"), (row.Disposition, row.Queue, row.Channel, row.Caller));
            Assert.Equal((now, now, now), (row.StartedAt, row.QueuedAt, row.EndedAt));
            Assert.NotNull(row.CustomerId);
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

public sealed class SqliteInteractionRecordTests(SqliteServerFixture fixture) : InteractionRecordTests<SqliteServerFixture>(fixture);

public sealed class PostgresInteractionRecordTests(PostgresServerFixture fixture) : InteractionRecordTests<PostgresServerFixture>(fixture);
