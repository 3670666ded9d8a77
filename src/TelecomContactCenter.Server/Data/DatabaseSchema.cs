using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Options;

namespace TelecomContactCenter.Server.Data;

/// <summary>
/// Brings the database to the model at start-up with EF Core migrations (the provider's schema context, see
/// <see cref="SchemaContexts"/>). A database created by a release before EF migrations (it has schema_version and
/// no EF history) is first adopted: the frozen <see cref="LegacySchema"/> scripts finish its upgrade to their final
/// version, whose schema is the baseline migration, and the baseline is recorded as applied; later migrations then
/// run as on any database.
/// </summary>
internal sealed partial class DatabaseSchema(
    IOptions<DatabaseOptions> options, IHostEnvironment environment, TimeProvider timeProvider, ILogger<DatabaseSchema> logger)
{
    /// <summary>The name every provider's first migration ends with: the schema the legacy scripts reach.</summary>
    public const string BaselineName = "_Baseline";

    public Task MigrateAsync(CancellationToken cancellationToken)
    {
        var db = options.Value;
        return MigrateAsync(db.Provider, builder => DatabaseSetup.Configure(builder, db, environment.ContentRootPath), timeProvider, logger, cancellationToken);
    }

    /// <summary>Migrates the database <paramref name="configure"/> connects to (tests call this on their own databases).</summary>
    public static async Task MigrateAsync(
        DatabaseProvider provider, Action<DbContextOptionsBuilder> configure, TimeProvider timeProvider, ILogger logger,
        CancellationToken cancellationToken)
    {
        await using var db = SchemaContexts.Create(provider, configure);
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            var connection = db.Database.GetDbConnection();
            if (provider == DatabaseProvider.Sqlite)
            {
                // WAL lets the profile evaluator write while lookups read; it stays set in the file.
                await using var wal = connection.CreateCommand();
                wal.CommandText = "PRAGMA journal_mode=WAL;";
                await wal.ExecuteNonQueryAsync(cancellationToken);
            }

            var history = db.GetService<IHistoryRepository>();
            var baseline = db.Database.GetMigrations().Single(m => m.EndsWith(BaselineName, StringComparison.Ordinal));
            var applied = await history.ExistsAsync(cancellationToken)
                ? (await history.GetAppliedMigrationsAsync(cancellationToken)).Select(r => r.MigrationId).ToHashSet(StringComparer.Ordinal)
                : [];
            if (!applied.Contains(baseline) && await LegacySchema.IsLegacyAsync(connection, provider, cancellationToken))
            {
                var from = await LegacySchema.CurrentVersionAsync(connection, cancellationToken);
                var reached = await LegacySchema.MigrateAsync(connection, provider, LegacySchema.FinalVersion, timeProvider, cancellationToken);
                if (reached != LegacySchema.FinalVersion)
                {
                    throw new InvalidOperationException(
                        $"The database's schema_version is {reached}, not {LegacySchema.FinalVersion}: it was not created by a release of this service.");
                }

                await db.Database.ExecuteSqlRawAsync(history.GetCreateIfNotExistsScript(), cancellationToken);
                await db.Database.ExecuteSqlRawAsync(
                    history.GetInsertScript(new HistoryRow(baseline, ProductInfo.GetVersion())), cancellationToken);
                LogAdopted(logger, from, baseline);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        await db.Database.MigrateAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Database at legacy schema version {Version} upgraded by the frozen scripts and adopted as EF migration {Baseline}")]
    private static partial void LogAdopted(ILogger logger, int version, string baseline);
}
