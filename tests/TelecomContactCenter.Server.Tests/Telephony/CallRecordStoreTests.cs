using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TelecomContactCenter.Server.Data;
using TelecomContactCenter.Server.Interactions;
using TelecomContactCenter.Server.Telephony;
using TelecomContactCenter.Server.Tests.Infrastructure;

namespace TelecomContactCenter.Server.Tests.Telephony;

/// <summary>The batch writer's raw SQL against the migrated schema of each provider, read back through EF.</summary>
public abstract class CallRecordStoreTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : ServerFixture
{
    [Fact]
    public async Task WriteAsync_Batch_StoresInteractionsWithTheirCallRecords()
    {
        var callIds = Enumerable.Range(0, 3).Select(_ => Guid.NewGuid().ToString("N")).ToArray();
        var startedAt = new DateTimeOffset(2026, 11, 2, 6, 0, 0, TimeSpan.Zero);
        await using var scope = fixture.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ContactCenterDbContext>();

        await CallRecordStore.WriteAsync(db, [.. callIds.Select((id, i) => Record(id, startedAt, i))], CancellationToken.None);

        var stored = await db.Set<CallRecord>().AsNoTracking().Include(c => c.Interaction)
            .Where(c => callIds.Contains(c.CallId)).OrderBy(c => c.CallId).ToListAsync();
        Assert.Equal(3, stored.Count);
        var first = stored.Single(c => c.CallId == callIds[0]);
        Assert.Equal(("+8613800000001", "NetworkAsserted", "vip-desk", 50, 120), (first.CallerE164, first.IdentityConfidence, first.TargetQueue, first.Priority, first.DecisionMicroseconds));
        Assert.Equal((startedAt, "sip", "redirected"), (first.Interaction!.StartedAt, first.Interaction.Channel, first.Interaction.Disposition));
        Assert.Null(stored.Single(c => c.CallId == callIds[1]).TargetQueue);
    }

    private static CallRecord Record(string callId, DateTimeOffset startedAt, int index) => new()
    {
        Interaction = new Interaction
        {
            Caller = "+8613800000001",
            Channel = "sip",
            StartedAt = startedAt,
            EndedAt = startedAt.AddMilliseconds(2),
            Disposition = index == 1 ? "forbidden" : "redirected",
        },
        CallId = callId,
        AccessNumber = "10001",
        Mode = "routing-only",
        CallerRaw = "+8613800000001",
        CallerE164 = "+8613800000001",
        IdentityConfidence = "NetworkAsserted",
        IdentitySource = "PAssertedIdentity",
        StatusCode = index == 1 ? 403 : 302,
        TargetQueue = index == 1 ? null : "vip-desk",
        Tier = index == 1 ? null : "Platinum",
        LifecycleStage = index == 1 ? null : "Maturity",
        Priority = index == 1 ? null : 50,
        Reason = "Platinum: top 1% by 12-month revenue; +50 priority",
        DecisionMicroseconds = index == 1 ? null : 120,
    };
}

public sealed class SqliteCallRecordStoreTests(SqliteServerFixture fixture) : CallRecordStoreTests<SqliteServerFixture>(fixture);

public sealed class PostgresCallRecordStoreTests(PostgresServerFixture fixture) : CallRecordStoreTests<PostgresServerFixture>(fixture);
