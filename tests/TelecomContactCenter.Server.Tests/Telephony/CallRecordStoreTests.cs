using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TelecomContactCenter.Server.Data;
using TelecomContactCenter.Server.Interactions;
using TelecomContactCenter.Server.Telephony;
using TelecomContactCenter.Server.Tests.Infrastructure;
using TelecomContactCenter.Testing;

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

        await WriteAsync([.. callIds.Select((id, i) => Record(id, startedAt, i))]);

        var stored = await db.Set<CallRecord>().AsNoTracking().Include(c => c.Interaction)
            .Where(c => callIds.Contains(c.CallId)).OrderBy(c => c.CallId).ToListAsync();
        Assert.Equal(3, stored.Count);
        var first = stored.Single(c => c.CallId == callIds[0]);
        Assert.Equal(("+8613800000001", "NetworkAsserted", "vip-desk", 50, 120), (first.CallerE164, first.IdentityConfidence, first.TargetQueue, first.Priority, first.DecisionMicroseconds));
        Assert.Equal((startedAt, "sip", "redirected"), (first.Interaction!.StartedAt, first.Interaction.Channel, first.Interaction.Disposition));
        Assert.Null(stored.Single(c => c.CallId == callIds[1]).TargetQueue);
    }

    [Fact]
    public async Task WriteAsync_CallTheAcdAlreadyRecorded_JoinsItsInteractionAndMovesTheStartToTheInvite()
    {
        var callId = Guid.NewGuid().ToString("N");
        var invitedAt = new DateTimeOffset(2026, 11, 2, 6, 0, 0, TimeSpan.Zero);
        await using var scope = fixture.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ContactCenterDbContext>();
        db.Interactions.Add(new Interaction
        {
            CallId = callId,
            Caller = "+8613800000001",
            Channel = "Voice",
            StartedAt = invitedAt.AddSeconds(6),
            Agent = "agent1",
            Disposition = "Resolved",
        });
        await db.SaveChangesAsync();
        db.ChangeTracker.Clear();

        await WriteAsync([Record(callId, invitedAt, 0)]);

        var rows = await db.Interactions.AsNoTracking().Where(i => i.CallId == callId).ToListAsync();
        var row = Assert.Single(rows);
        Assert.Equal(("agent1", "Resolved", invitedAt), (row.Agent, row.Disposition, row.StartedAt));
        var call = await db.Set<CallRecord>().AsNoTracking().SingleAsync(c => c.CallId == callId);
        Assert.Equal(row.Id, call.InteractionId);
    }

    [Fact]
    public async Task WriterConnection_FailedBatch_IsRolledBackAndTheNextBatchIsWritten()
    {
        var lost = Guid.NewGuid().ToString("N");
        var kept = Guid.NewGuid().ToString("N");
        var startedAt = new DateTimeOffset(2026, 11, 2, 6, 30, 0, TimeSpan.Zero);
        await using var connection = new WriterConnection(fixture.Factory.Services.GetRequiredService<IServiceScopeFactory>());

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => connection.RunAsync(async batch =>
        {
            await CallRecordStore.WriteAsync(batch, [Record(lost, startedAt, 0)], CancellationToken.None);
            throw new InvalidOperationException("the batch fails after its first row");
        }, CancellationToken.None));
        await connection.RunAsync(batch => CallRecordStore.WriteAsync(batch, [Record(kept, startedAt, 0)], CancellationToken.None), CancellationToken.None);
        await connection.RunAsync(batch => CallRecordStore.WriteAsync(batch, [Record(kept, startedAt, 0)], CancellationToken.None), CancellationToken.None);

        Assert.Equal("the batch fails after its first row", failure.Message);
        Assert.Equal(0, await CountAsync([lost]));
        Assert.Equal(1, await CountAsync([kept]));
    }

    [Fact]
    public async Task Writer_RecordsArriving_GathersThemForTheFlushDelayThenWritesThemTogether()
    {
        var clock = new WatchedTimeProvider(new DateTimeOffset(2026, 11, 2, 6, 0, 0, TimeSpan.Zero));
        var options = Microsoft.Extensions.Options.Options.Create(new TelephonyOptions { RecordFlushDelay = TimeSpan.FromMilliseconds(100) });
        var recorder = new CallRecorder(options);
        using var writer = new CallRecordWriter(recorder, fixture.Factory.Services.GetRequiredService<IServiceScopeFactory>(), options, clock,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<CallRecordWriter>.Instance);
        await writer.StartAsync(CancellationToken.None);
        var callIds = Enumerable.Range(0, 3).Select(_ => Guid.NewGuid().ToString("N")).ToArray();
        var startedAt = clock.GetUtcNow();

        foreach (var (id, i) in callIds.Select((id, i) => (id, i)))
        {
            Assert.True(recorder.TryRecord(Record(id, startedAt, i)));
        }

        await clock.UntilTimerArmedAsync();
        var beforeDelay = await CountAsync(callIds);
        clock.Advance(TimeSpan.FromMilliseconds(100));
        var afterDelay = await WaitForCountAsync(callIds, 3);
        await writer.StopAsync(CancellationToken.None);

        Assert.Equal(0, beforeDelay);
        Assert.Equal(3, afterDelay);
    }

    [Fact]
    public async Task Writer_StoppedWhileGathering_WritesWhatItHoldsBeforeTheHostStops()
    {
        var clock = new WatchedTimeProvider(new DateTimeOffset(2026, 11, 2, 6, 0, 0, TimeSpan.Zero));
        var options = Microsoft.Extensions.Options.Options.Create(new TelephonyOptions { RecordFlushDelay = TimeSpan.FromSeconds(10) });
        var recorder = new CallRecorder(options);
        using var writer = new CallRecordWriter(recorder, fixture.Factory.Services.GetRequiredService<IServiceScopeFactory>(), options, clock,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<CallRecordWriter>.Instance);
        await writer.StartAsync(CancellationToken.None);
        var callIds = Enumerable.Range(0, 2).Select(_ => Guid.NewGuid().ToString("N")).ToArray();
        foreach (var (id, i) in callIds.Select((id, i) => (id, i)))
        {
            recorder.TryRecord(Record(id, clock.GetUtcNow(), i));
        }

        await clock.UntilTimerArmedAsync();

        await writer.StopAsync(CancellationToken.None);

        Assert.Equal(2, await CountAsync(callIds));
    }

    private async Task<int> CountAsync(string[] callIds)
    {
        await using var scope = fixture.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ContactCenterDbContext>();
        return await db.Set<CallRecord>().CountAsync(c => callIds.Contains(c.CallId));
    }

    private async Task<int> WaitForCountAsync(string[] callIds, int expected)
    {
        // Waits for the writer's background write to land, not for time to pass: bounded so a failure ends.
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var count = await CountAsync(callIds);
        while (count < expected && !deadline.IsCancellationRequested)
        {
            await Task.Delay(20, CancellationToken.None);
            count = await CountAsync(callIds);
        }

        return count;
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

    private async Task WriteAsync(IReadOnlyList<CallRecord> records)
    {
        await using var connection = new WriterConnection(fixture.Factory.Services.GetRequiredService<IServiceScopeFactory>());
        await connection.RunAsync(batch => CallRecordStore.WriteAsync(batch, records, CancellationToken.None), CancellationToken.None);
    }
}

public sealed class SqliteCallRecordStoreTests(SqliteServerFixture fixture) : CallRecordStoreTests<SqliteServerFixture>(fixture);

public sealed class PostgresCallRecordStoreTests(PostgresServerFixture fixture) : CallRecordStoreTests<PostgresServerFixture>(fixture);
