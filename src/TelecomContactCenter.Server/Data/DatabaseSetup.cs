using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace TelecomContactCenter.Server.Data;

internal static class DatabaseSetup
{
    public static WebApplicationBuilder AddDatabase(this WebApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<DatabaseOptions>(DatabaseOptions.Section, o => o.Validate());
        builder.Services.AddSingleton<SchemaMigrator>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddHostedService<DatabaseInitializer>();
        builder.Services.AddDbContextPool<ContactCenterDbContext>((sp, options) =>
        {
            var db = sp.GetRequiredService<IOptions<DatabaseOptions>>().Value;
            var env = sp.GetRequiredService<IHostEnvironment>();
            Configure(options, db, env.ContentRootPath);
        });
        return builder;
    }

    public static void Configure(DbContextOptionsBuilder options, DatabaseOptions db, string contentRoot)
    {
        if (db.Provider == DatabaseProvider.Postgres)
        {
            options.UseNpgsql(db.PostgresConnectionString);
            return;
        }

        options.UseSqlite(SqliteConnectionString(db, contentRoot));
    }

    public static string SqliteConnectionString(DatabaseOptions db, string contentRoot)
    {
        var path = Path.GetFullPath(db.SqlitePath, contentRoot);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return new SqliteConnectionStringBuilder { DataSource = path, Pooling = true }.ToString();
    }
}
