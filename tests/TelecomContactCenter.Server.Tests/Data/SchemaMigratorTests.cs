using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using TelecomContactCenter.Server.Data;
using TelecomContactCenter.Server.Tests.Infrastructure;
using TelecomContactCenter.Testing;

namespace TelecomContactCenter.Server.Tests.Data;

/// <summary>Hand-written migrations: upgrade keeps data, and the final schema has every column the model maps.</summary>
public abstract class SchemaMigratorTests : IAsyncLifetime
{
    private readonly SchemaMigrator _migrator = new(new ManualTimeProvider(), NullLogger<SchemaMigrator>.Instance);

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
    public async Task Migrate_Twice_IsANoOp()
    {
        await using var db = NewContext();
        await _migrator.MigrateAsync(db, CancellationToken.None);

        var version = await _migrator.MigrateAsync(db, CancellationToken.None);

        Assert.Equal(SchemaMigrator.LatestVersion, version);
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

    private protected abstract ContactCenterDbContext NewContext();
}

public sealed class SqliteSchemaMigratorTests : SchemaMigratorTests
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"tcc-migrate-{Guid.NewGuid():N}.db");

    protected override string InsertVersion1Interaction =>
        "INSERT INTO interactions (\"Caller\", \"Channel\", \"StartedAt\") VALUES ('+8613800000001', 'Voice', 0);";

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

    public override async Task InitializeAsync()
    {
        _connectionString = await cluster.CreateDatabaseAsync($"migrate_{Guid.NewGuid():N}");
    }

    public override Task DisposeAsync() => Task.CompletedTask;

    private protected override ContactCenterDbContext NewContext() =>
        new(new DbContextOptionsBuilder<ContactCenterDbContext>().UseNpgsql(_connectionString).Options);
}
