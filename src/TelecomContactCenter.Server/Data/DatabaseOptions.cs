namespace TelecomContactCenter.Server.Data;

internal enum DatabaseProvider
{
    Sqlite,
    Postgres,
    SqlServer,
}

internal sealed class DatabaseOptions
{
    public const string Section = "Database";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>SQLite file, relative to the content root unless absolute.</summary>
    public string SqlitePath { get; set; } = "data/contactcenter.db";

    /// <summary>
    /// SQLite commit durability: Normal (default) survives a crash or restart of the service without an fsync per
    /// commit; Full also survives a power cut at the cost of one fsync per commit.
    /// </summary>
    public SqliteSynchronous SqliteSynchronous { get; set; } = SqliteSynchronous.Normal;

    /// <summary>Npgsql connection string; required when <see cref="Provider"/> is Postgres.</summary>
    public string? PostgresConnectionString { get; set; }

    /// <summary>Microsoft.Data.SqlClient connection string; required when <see cref="Provider"/> is SqlServer.</summary>
    public string? SqlServerConnectionString { get; set; }

    public IEnumerable<string> Validate()
    {
        if (Provider == DatabaseProvider.Sqlite && string.IsNullOrWhiteSpace(SqlitePath))
        {
            yield return $"{Section}:{nameof(SqlitePath)} must name a file when {Section}:{nameof(Provider)} is Sqlite.";
        }

        if (Provider == DatabaseProvider.Postgres && string.IsNullOrWhiteSpace(PostgresConnectionString))
        {
            yield return $"{Section}:{nameof(PostgresConnectionString)} is required when {Section}:{nameof(Provider)} is Postgres.";
        }

        if (Provider == DatabaseProvider.SqlServer && string.IsNullOrWhiteSpace(SqlServerConnectionString))
        {
            yield return $"{Section}:{nameof(SqlServerConnectionString)} is required when {Section}:{nameof(Provider)} is SqlServer.";
        }
    }
}

internal static class DatabaseProviders
{
    /// <summary>The provider a context runs on.</summary>
    public static DatabaseProvider Of(Microsoft.EntityFrameworkCore.Infrastructure.DatabaseFacade database) =>
        Microsoft.EntityFrameworkCore.NpgsqlDatabaseFacadeExtensions.IsNpgsql(database) ? DatabaseProvider.Postgres
        : Microsoft.EntityFrameworkCore.SqlServerDatabaseFacadeExtensions.IsSqlServer(database) ? DatabaseProvider.SqlServer
        : DatabaseProvider.Sqlite;
}

/// <summary>SQLite's <c>synchronous</c> setting for the service's connections (WAL journal).</summary>
internal enum SqliteSynchronous
{
    Normal,
    Full,
}
