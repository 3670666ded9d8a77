using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using TelecomContactCenter.Server.Data;
using TelecomContactCenter.Server.Tests.Infrastructure;

namespace TelecomContactCenter.Server.Tests.Data;

/// <summary>Hand-written migrations: upgrade keeps data, and the final schema has every column the model maps.</summary>
public abstract class SchemaMigratorTests : IAsyncLifetime
{
    private readonly SchemaMigrator _migrator = new(new FakeTimeProvider(), NullLogger<SchemaMigrator>.Instance);

    public abstract Task InitializeAsync();

    public abstract Task DisposeAsync();

    [Fact]
    public async Task Migrate_FromVersion1WithData_KeepsRowsAndAddsIvrPath()
    {
        await using var db = NewContext();
        await _migrator.MigrateAsync(db, targetVersion: 1, CancellationToken.None);
        await db.Database.ExecuteSqlRawAsync(InsertVersion1Interaction);

        var version = await _migrator.MigrateAsync(db, CancellationToken.None);

        Assert.Equal(SchemaMigrator.LatestVersion, version);
        var interaction = await db.Interactions.SingleAsync();
        Assert.Equal("+8613800000001", interaction.Caller);
        interaction.IvrPath = "[\"welcome\",\"vip\"]";
        await db.SaveChangesAsync();
        Assert.Equal("[\"welcome\",\"vip\"]", await db.Interactions.Select(i => i.IvrPath).SingleAsync());
    }

    [Fact]
    public async Task Migrate_FromVersion5WithTwoRowsPerCall_FoldsThemIntoOneKeepingTheInviteTime()
    {
        await using var db = NewContext();
        await _migrator.MigrateAsync(db, targetVersion: 5, CancellationToken.None);
        // Call c1 reached the ACD (its row, queued 5 s after the INVITE) and telephony recorded it as well; c2 was
        // a redirect that only telephony recorded.
        var rowsOfVersion5 =
            $"INSERT INTO interactions (\"Id\", \"Caller\", \"Channel\", \"StartedAt\", \"CallId\", \"Agent\") VALUES (1, '+8613800000001', 'Voice', {Instant(5)}, 'c1', 'agent1');" +
            $"INSERT INTO interactions (\"Id\", \"Caller\", \"Channel\", \"StartedAt\") VALUES (2, '+8613800000001', 'sip', {Instant(0)});" +
            $"INSERT INTO interactions (\"Id\", \"Caller\", \"Channel\", \"StartedAt\") VALUES (3, '+8613800000002', 'sip', {Instant(9)});" +
            CallRow(2, "c1", "10000", 200) + CallRow(3, "c2", "10001", 302);
        await db.Database.ExecuteSqlRawAsync(rowsOfVersion5);

        await _migrator.MigrateAsync(db, CancellationToken.None);

        var rows = await db.Interactions.AsNoTracking().OrderBy(i => i.Id).ToListAsync();
        Assert.Equal([("c1", "agent1"), ("c2", null)], rows.Select(r => (r.CallId, r.Agent)));
        Assert.Equal(rows[0].StartedAt, rows[1].StartedAt.AddSeconds(-9));
        var calls = await db.Set<TelecomContactCenter.Server.Telephony.CallRecord>().AsNoTracking().OrderBy(c => c.CallId).ToListAsync();
        Assert.Equal([(1L, "c1"), (3L, "c2")], calls.Select(c => (c.InteractionId, c.CallId)));
    }

    [Fact]
    public async Task Migrate_Twice_IsANoOp()
    {
        await using var db = NewContext();
        await _migrator.MigrateAsync(db, CancellationToken.None);

        var version = await _migrator.MigrateAsync(db, CancellationToken.None);

        Assert.Equal(SchemaMigrator.LatestVersion, version);
    }

    [Fact]
    public async Task Migrate_FromVersion9WithAnAccountManager_KeepsThemWithoutASignInUntilLinked()
    {
        await using var db = NewContext();
        await _migrator.MigrateAsync(db, targetVersion: 9, CancellationToken.None);
        await db.Database.ExecuteSqlRawAsync(
            "INSERT INTO account_managers (\"Name\", \"Phone\", \"Email\") VALUES ('Guo Fang', '+861060000001', 'am1@operator.example');");

        await _migrator.MigrateAsync(db, CancellationToken.None);

        var manager = await db.AccountManagers.SingleAsync();
        Assert.Equal(("Guo Fang", null), (manager.Name, manager.UserName));
        manager.UserName = "agent2";
        await db.SaveChangesAsync();
        Assert.Equal("agent2", await db.AccountManagers.Select(a => a.UserName).SingleAsync());
    }

    [Fact]
    public async Task Migrate_ToLatest_EveryMappedEntityIsQueryable()
    {
        await using var db = NewContext();

        await _migrator.MigrateAsync(db, CancellationToken.None);

        // Selecting every mapped column of every entity fails on any column a migration forgot.
        foreach (var entityType in db.Model.GetEntityTypes().Where(e => !e.IsOwned()))
        {
            var query = (IQueryable<object>)typeof(DbContext).GetMethod(nameof(DbContext.Set), Type.EmptyTypes)!
                .MakeGenericMethod(entityType.ClrType).Invoke(db, null)!;
            await query.Take(1).ToListAsync();
        }
    }

    /// <summary>A row written by a version-1 server, before interactions had an IVR path.</summary>
    protected abstract string InsertVersion1Interaction { get; }

    /// <summary>An instant <paramref name="seconds"/> after a fixed start, as the provider stores it.</summary>
    protected abstract string Instant(int seconds);

    private static string CallRow(int interactionId, string callId, string accessNumber, int status) =>
        "INSERT INTO interaction_calls (\"InteractionId\", \"CallId\", \"AccessNumber\", \"Mode\", \"IdentityConfidence\", " +
        $"\"IdentitySource\", \"StatusCode\", \"Reason\") VALUES ({interactionId}, '{callId}', '{accessNumber}', 'ivr', 'NetworkAsserted', " +
        $"'PAssertedIdentity', {status}, 'test');";

    private protected abstract ContactCenterDbContext NewContext();
}

public sealed class SqliteSchemaMigratorTests : SchemaMigratorTests
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"tcc-migrate-{Guid.NewGuid():N}.db");

    protected override string InsertVersion1Interaction =>
        "INSERT INTO interactions (\"Caller\", \"Channel\", \"StartedAt\") VALUES ('+8613800000001', 'Voice', 0);";

    protected override string Instant(int seconds) =>
        new DateTimeOffset(2026, 11, 2, 6, 0, 0, TimeSpan.Zero).AddSeconds(seconds).UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public override Task InitializeAsync() => Task.CompletedTask;

    public override Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        File.Delete(_path);
        return Task.CompletedTask;
    }

    private protected override ContactCenterDbContext NewContext() =>
        new(new DbContextOptionsBuilder<ContactCenterDbContext>().UseSqlite($"Data Source={_path}").Options);
}

public sealed class PostgresSchemaMigratorTests(PostgresCluster cluster) : SchemaMigratorTests, IClassFixture<PostgresCluster>
{
    private string _connectionString = "";

    protected override string InsertVersion1Interaction =>
        "INSERT INTO interactions (\"Caller\", \"Channel\", \"StartedAt\") VALUES ('+8613800000001', 'Voice', now());";

    protected override string Instant(int seconds) => $"TIMESTAMPTZ '2026-11-02 06:00:00+00' + INTERVAL '{seconds} seconds'";

    public override async Task InitializeAsync()
    {
        _connectionString = await cluster.CreateDatabaseAsync($"migrate_{Guid.NewGuid():N}");
    }

    public override Task DisposeAsync() => Task.CompletedTask;

    private protected override ContactCenterDbContext NewContext() =>
        new(new DbContextOptionsBuilder<ContactCenterDbContext>().UseNpgsql(_connectionString).Options);
}
