using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using TelecomContactCenter.Server.Data;
using TelecomContactCenter.Server.Ivr.Callbacks;
using TelecomContactCenter.Server.Tests.Infrastructure;

namespace TelecomContactCenter.Server.Tests.Ivr;

/// <summary>
/// A database of released schema version 5 with data upgraded at start-up, then the callback book on it; one of
/// version 8 with a booked callback upgraded, then the dialler's claim on it; on both providers.
/// </summary>
public abstract class CallbackMigrationTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 9, 1, 0, 0, TimeSpan.Zero));

    public abstract Task InitializeAsync();

    public abstract Task DisposeAsync();

    [Fact]
    public async Task Migrate_FromVersion5_KeepsInteractionsAndBooksAndCompletesCallbacks()
    {
        await using (var db = NewContext())
        {
            await LegacySchema.MigrateAsync(db, 5, CancellationToken.None);
            await db.Database.ExecuteSqlRawAsync(InsertInteraction);
        }

        await MigrateAsync(_clock);

        using var services = new ServiceCollection().AddScoped(_ => NewContext()).BuildServiceProvider();
        var book = new CallbackBook(services.GetRequiredService<IServiceScopeFactory>(), _clock);
        var later = await book.BookAsync(Request("call-later", dueHour: 9), CancellationToken.None);
        var sooner = await book.BookAsync(Request("call-sooner", dueHour: 8), CancellationToken.None);
        await using var read = NewContext();
        var pending = await CallbackBook.ListAsync(read, CallbackStatus.Pending, 10, CancellationToken.None);
        var first = await book.CompleteAsync(read, sooner.Id, "agent1", CancellationToken.None);
        var second = await book.CompleteAsync(read, sooner.Id, "agent2", CancellationToken.None);

        Assert.Equal(1, await read.Interactions.CountAsync());
        Assert.Equal(["call-sooner", "call-later"], pending.Select(c => c.CallId));
        Assert.Equal(("Done", "agent1", _clock.GetUtcNow()), (first?.Status, first?.CompletedBy, first?.CompletedAt));
        Assert.Null(second);
        Assert.Equal([later.Id], (await CallbackBook.ListAsync(read, CallbackStatus.Pending, 10, CancellationToken.None)).Select(c => c.Id));
    }

    [Fact]
    public async Task Migrate_FromVersion8_KeepsBookedCallbacksPendingWithNoAttemptsAndClaimable()
    {
        await using (var db = NewContext())
        {
            await LegacySchema.MigrateAsync(db, 8, CancellationToken.None);
            await db.Database.ExecuteSqlRawAsync(InsertCallback);
        }

        await MigrateAsync(_clock);

        using var services = new ServiceCollection().AddScoped(_ => NewContext()).BuildServiceProvider();
        var claims = new Server.Callbacks.CallbackClaims(services.GetRequiredService<IServiceScopeFactory>(), _clock,
            Microsoft.Extensions.Options.Options.Create(new Server.Callbacks.CallbackOptions()));
        await using var read = NewContext();
        var before = await CallbackBook.ListAsync(read, CallbackStatus.Pending, 10, CancellationToken.None);
        var claimed = await claims.ClaimDueAsync(CancellationToken.None);
        var retry = await claims.RetryAsync(claimed.Single().Id, CancellationToken.None);

        Assert.Equal([("booked-before-0009", 0)], before.Select(c => (c.CallId, c.Attempts)));
        Assert.Equal(["booked-before-0009"], claimed.Select(c => c.CallId));
        Assert.Equal((CallbackStatus.Pending, 1), (retry?.Status, retry?.Attempts));
    }

    protected abstract string InsertInteraction { get; }

    protected abstract string InsertCallback { get; }

    private protected abstract ContactCenterDbContext NewContext();

    /// <summary>The start-up migration on the test's database.</summary>
    private protected abstract Task MigrateAsync(TimeProvider clock);

    private static CallbackRequest Request(string callId, int dueHour) => new()
    {
        CallId = callId,
        CallerNumber = "+8613800000004",
        CustomerId = null,
        Tier = "Standard",
        Priority = 10,
        Queue = "callbacks",
        Flow = "main",
        RequestedAt = new DateTimeOffset(2026, 11, 8, 15, 0, 0, TimeSpan.Zero),
        DueAt = new DateTimeOffset(2026, 11, 9, dueHour, 0, 0, TimeSpan.FromHours(8)),
        Status = CallbackStatus.Pending,
    };
}

public sealed class SqliteCallbackMigrationTests : CallbackMigrationTests
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"tcc-callbacks-{Guid.NewGuid():N}.db");

    protected override string InsertInteraction =>
        "INSERT INTO interactions (\"Caller\", \"Channel\", \"StartedAt\") VALUES ('+8613800000004', 'Voice', 0);";

    // 2026-11-09 00:00 UTC in ticks: due an hour before the test clock.
    protected override string InsertCallback =>
        "INSERT INTO callbacks (\"CallId\", \"CallerNumber\", \"Tier\", \"Priority\", \"Queue\", \"Flow\", \"RequestedAt\", \"DueAt\", \"Status\") " +
        "VALUES ('booked-before-0009', '+8613800000004', 'Standard', 0, 'general', 'main', 639297792000000000, 639297792000000000, 'Pending');";

    public override Task InitializeAsync() => Task.CompletedTask;

    public override Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        File.Delete(_path);
        return Task.CompletedTask;
    }

    private protected override ContactCenterDbContext NewContext() =>
        new(new DbContextOptionsBuilder<ContactCenterDbContext>().UseSqlite($"Data Source={_path}").Options);

    private protected override Task MigrateAsync(TimeProvider clock) =>
        DatabaseSchema.MigrateAsync(DatabaseProvider.Sqlite, b => b.UseSqlite($"Data Source={_path}"), clock, NullLogger.Instance, CancellationToken.None);
}

public sealed class PostgresCallbackMigrationTests(PostgresCluster cluster) : CallbackMigrationTests, IClassFixture<PostgresCluster>
{
    private string _connectionString = "";

    protected override string InsertInteraction =>
        "INSERT INTO interactions (\"Caller\", \"Channel\", \"StartedAt\") VALUES ('+8613800000004', 'Voice', now());";

    protected override string InsertCallback =>
        "INSERT INTO callbacks (\"CallId\", \"CallerNumber\", \"Tier\", \"Priority\", \"Queue\", \"Flow\", \"RequestedAt\", \"DueAt\", \"Status\") " +
        "VALUES ('booked-before-0009', '+8613800000004', 'Standard', 0, 'general', 'main', '2026-11-09T00:00:00Z', '2026-11-09T00:00:00Z', 'Pending');";

    public override async Task InitializeAsync() => _connectionString = await cluster.CreateDatabaseAsync($"callbacks_{Guid.NewGuid():N}");

    public override Task DisposeAsync() => Task.CompletedTask;

    private protected override ContactCenterDbContext NewContext() =>
        new(new DbContextOptionsBuilder<ContactCenterDbContext>().UseNpgsql(_connectionString).Options);

    private protected override Task MigrateAsync(TimeProvider clock) =>
        DatabaseSchema.MigrateAsync(DatabaseProvider.Postgres, b => b.UseNpgsql(_connectionString), clock, NullLogger.Instance, CancellationToken.None);
}
