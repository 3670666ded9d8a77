using System.Data.Common;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;

namespace TelecomContactCenter.Server.Data;

/// <summary>
/// Applies the versioned SQL scripts under Data/Migrations (embedded resources named
/// <c>NNNN_name.{sqlite|postgres}.sql</c>) that are newer than the database's schema_version, each in its own
/// transaction. EF's migration tooling does not restore here, so the scripts are written by hand; the model is the
/// reference (see <c>--schema-script</c>) and tests check that every mapped column exists after migrating.
/// </summary>
internal sealed partial class SchemaMigrator(TimeProvider timeProvider, ILogger<SchemaMigrator> logger)
{
    public static int LatestVersion => Scripts(DatabaseProvider.Sqlite).Max(s => s.Version);

    public async Task<int> MigrateAsync(ContactCenterDbContext db, CancellationToken cancellationToken) =>
        await MigrateAsync(db, int.MaxValue, cancellationToken);

    /// <summary>Migrates up to <paramref name="targetVersion"/>; tests use it to build an older schema.</summary>
    public async Task<int> MigrateAsync(ContactCenterDbContext db, int targetVersion, CancellationToken cancellationToken)
    {
        var provider = db.Database.IsNpgsql() ? DatabaseProvider.Postgres : DatabaseProvider.Sqlite;
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            if (provider == DatabaseProvider.Sqlite)
            {
                // WAL lets the profile evaluator write while lookups read.
                await ExecuteAsync(connection, null, "PRAGMA journal_mode=WAL;", cancellationToken);
            }

            await ExecuteAsync(connection, null,
                "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL PRIMARY KEY, applied_at VARCHAR(40) NOT NULL);",
                cancellationToken);
            var current = await CurrentVersionAsync(connection, cancellationToken);
            foreach (var script in Scripts(provider).Where(s => s.Version > current && s.Version <= targetVersion).OrderBy(s => s.Version))
            {
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                await ExecuteAsync(connection, transaction, script.Sql, cancellationToken);
                await ExecuteAsync(connection, transaction,
                    $"INSERT INTO schema_version (version, applied_at) VALUES ({script.Version}, '{timeProvider.GetUtcNow():O}');",
                    cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                current = script.Version;
                LogApplied(logger, script.Version, script.Name);
            }

            return current;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static async Task<int> CurrentVersionAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COALESCE(MAX(version), 0) FROM schema_version;";
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken));
    }

    private static async Task ExecuteAsync(
        DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static IEnumerable<MigrationScript> Scripts(DatabaseProvider provider)
    {
        var assembly = typeof(SchemaMigrator).Assembly;
        var suffix = provider == DatabaseProvider.Postgres ? ".postgres.sql" : ".sqlite.sql";
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.EndsWith(suffix, StringComparison.Ordinal)))
        {
            var match = ScriptName().Match(name);
            if (!match.Success)
            {
                throw new InvalidOperationException($"Migration resource {name} is not named NNNN_name{suffix}.");
            }

            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            yield return new MigrationScript(int.Parse(match.Groups[1].Value), match.Groups[2].Value, reader.ReadToEnd());
        }
    }

    [GeneratedRegex(@"Migrations\.(\d{4})_([a-z0-9_]+)\.(sqlite|postgres)\.sql$")]
    private static partial Regex ScriptName();

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied schema version {Version} ({Name})")]
    private static partial void LogApplied(ILogger logger, int version, string name);

    private sealed record MigrationScript(int Version, string Name, string Sql);
}
