using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace TelecomContactCenter.Server.Data;

internal static class DatabaseSetup
{
    public static WebApplicationBuilder AddDatabase(this WebApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<DatabaseOptions>(DatabaseOptions.Section, o => o.Validate());
        builder.Services.AddSingleton<DatabaseSchema>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddHostedService<DatabaseInitializer>();

        // The one writer of interaction rows, registered with the database: hosted services stop in reverse order,
        // so it drains after every service that records a call has stopped.
        builder.Services.AddSingleton<Interactions.InteractionWriter>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<Interactions.InteractionWriter>());
        builder.Services.AddDataProtection()
            .SetApplicationName("TelecomContactCenter")
            .PersistKeysToFileSystem(new DirectoryInfo(KeysDirectory(builder.Configuration, builder.Environment.ContentRootPath)));
        builder.Services.AddDbContextPool<ContactCenterDbContext>((sp, options) =>
        {
            var db = sp.GetRequiredService<IOptions<DatabaseOptions>>().Value;
            var env = sp.GetRequiredService<IHostEnvironment>();
            Configure(options, db, env.ContentRootPath);
        });
        return builder;
    }

    /// <summary>
    /// Where the keys that protect sign-in tokens and cookies live: <c>DataProtection:KeysPath</c>, else beside the
    /// SQLite file, so agents stay signed in across a restart. Several PostgreSQL-backed nodes must share the path.
    /// </summary>
    private static string KeysDirectory(ConfigurationManager configuration, string contentRoot)
    {
        var configured = configuration["DataProtection:KeysPath"];
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return Path.GetFullPath(configured, contentRoot);
        }

        var db = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        var dataFile = Path.GetFullPath(string.IsNullOrWhiteSpace(db.SqlitePath) ? "data/contactcenter.db" : db.SqlitePath, contentRoot);
        return Path.Combine(Path.GetDirectoryName(dataFile)!, "keys");
    }

    public static void Configure(DbContextOptionsBuilder options, DatabaseOptions db, string contentRoot)
    {
        if (db.Provider == DatabaseProvider.Postgres)
        {
            options.UseNpgsql(db.PostgresConnectionString);
            return;
        }

        if (db.Provider == DatabaseProvider.SqlServer)
        {
            options.UseSqlServer(db.SqlServerConnectionString);
            return;
        }

        options.UseSqlite(SqliteConnectionString(db, contentRoot))
            .AddInterceptors(db.SqliteSynchronous == SqliteSynchronous.Full ? FullSync : NormalSync);
    }

    private static readonly SqliteConnectionPragmas NormalSync = new(SqliteSynchronous.Normal);
    private static readonly SqliteConnectionPragmas FullSync = new(SqliteSynchronous.Full);

    public static string SqliteConnectionString(DatabaseOptions db, string contentRoot)
    {
        var path = Path.GetFullPath(db.SqlitePath, contentRoot);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return new SqliteConnectionStringBuilder { DataSource = path, Pooling = true }.ToString();
    }
}
