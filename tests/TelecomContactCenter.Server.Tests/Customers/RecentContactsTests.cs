using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TelecomContactCenter.Server.Customers;
using TelecomContactCenter.Server.Data;
using TelecomContactCenter.Server.Interactions;
using TelecomContactCenter.Server.Tests.Infrastructure;

namespace TelecomContactCenter.Server.Tests.Customers;

/// <summary>The pop's "last three interactions", read by the snapshot reader on each provider.</summary>
public abstract class RecentContactsTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : ServerFixture
{
    [Fact]
    public async Task RecentAsync_CustomerWithFourContacts_ReturnsTheNewestThreeNewestFirstWithTheirFacts()
    {
        await using var scope = fixture.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ContactCenterDbContext>();
        var customerId = await db.Customers.OrderBy(c => c.Id).Select(c => c.Id).Skip(7).FirstAsync();

        // Later than anything the demo history holds, so these four are the customer's newest.
        var newest = new DateTimeOffset(2031, 3, 4, 10, 0, 0, TimeSpan.Zero);
        foreach (var (hoursBack, agent, disposition) in new[] { (0, "agent1", "Resolved"), (5, null, "Abandoned"), (2, "agent2", null), (9, "agent3", "Resolved") })
        {
            db.Interactions.Add(new Interaction
            {
                CallId = $"{Guid.NewGuid():N}@recent",
                CustomerId = customerId,
                Caller = "+8613800000999",
                Channel = "Voice",
                StartedAt = newest.AddHours(-hoursBack),
                Agent = agent,
                Disposition = disposition,
                ReasonCode = hoursBack == 2 ? "port-out" : null,
            });
        }

        await db.SaveChangesAsync();

        var recent = await scope.ServiceProvider.GetRequiredService<SnapshotReader>().RecentAsync(db, customerId, CancellationToken.None);

        Assert.Equal([newest, newest.AddHours(-2), newest.AddHours(-5)], recent.Select(r => r.StartedAt.ToUniversalTime()));
        Assert.Equal(("agent1", "Resolved", null), (recent[0].Agent, recent[0].Disposition, recent[0].ReasonCode));
        Assert.Equal(("agent2", null, "port-out"), (recent[1].Agent, recent[1].Disposition, recent[1].ReasonCode));
        Assert.Equal((null, "Abandoned", "Voice"), (recent[2].Agent, recent[2].Disposition, recent[2].Channel));
    }

    [Fact]
    public async Task RecentAsync_CustomerWithoutContacts_ReturnsNone()
    {
        await using var scope = fixture.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ContactCenterDbContext>();

        var recent = await scope.ServiceProvider.GetRequiredService<SnapshotReader>().RecentAsync(db, -42, CancellationToken.None);

        Assert.Empty(recent);
    }
}

public sealed class SqliteRecentContactsTests(SqliteServerFixture fixture) : RecentContactsTests<SqliteServerFixture>(fixture);

public sealed class PostgresRecentContactsTests(PostgresServerFixture fixture) : RecentContactsTests<PostgresServerFixture>(fixture);
