using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using TelecomContactCenter.Server.Data;

namespace TelecomContactCenter.Server.Tests.Data;

/// <summary>
/// The generated migrations of every provider against the model, the SQL Server script a DBA would run, the frozen
/// legacy scripts, and the compose file; none needs a database server.
/// </summary>
public sealed partial class MigrationsTests
{
    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    [InlineData("SqlServer")]
    public void Migrations_OfEveryProvider_DescribeTheWholeModel(string provider)
    {
        using var db = Offline(Enum.Parse<DatabaseProvider>(provider));

        // A model change without `dotnet ef migrations add … --context <Provider>SchemaContext` fails here.
        Assert.False(db.Database.HasPendingModelChanges(), $"The {provider} migrations lag the model: add a migration for it.");
        Assert.EndsWith(DatabaseSchema.BaselineName, db.Database.GetMigrations().First(), StringComparison.Ordinal);
    }

    [Fact]
    public void SqlServerIdempotentScript_CreatesEveryTableOnceUnderTheHistoryGuard()
    {
        using var db = Offline(DatabaseProvider.SqlServer);

        var script = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent).ReplaceLineEndings("\n");

        var tables = db.Model.GetEntityTypes().Select(e => e.GetTableName()!).Distinct().Order(StringComparer.Ordinal).ToList();
        // A table a later migration drops (interaction_calls, folded into interactions) is created once and dropped once.
        var dropped = DropTable().Matches(script).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(["interaction_calls"], dropped);
        Assert.Equal(tables.Append("__EFMigrationsHistory").Concat(dropped).Order(StringComparer.Ordinal), CreateTable().Matches(script).Select(m => m.Groups[1].Value).Order(StringComparer.Ordinal));
        // The fold's data statements compile only once their columns exist: each runs in EXEC under the guard.
        Assert.Contains("BEGIN\n    EXEC(N'UPDATE i SET [AccessNumber] = c.[AccessNumber]", script, StringComparison.Ordinal);
        // Every statement runs only when its migration is not in the history: the script can be run again.
        foreach (var migration in db.Database.GetMigrations())
        {
            Assert.Contains($"[MigrationId] = N'{migration}'", script, StringComparison.Ordinal);
        }

        var creates = Create().Count(script);
        Assert.Equal(creates - 1, GuardedCreate().Count(script)); // all but the history table's own
        Assert.Contains("[StartedAt] datetimeoffset NOT NULL", script, StringComparison.Ordinal);
        Assert.Contains("[Amount] decimal(12,2) NOT NULL", script, StringComparison.Ordinal);
        Assert.Contains("[Id] bigint NOT NULL IDENTITY", script, StringComparison.Ordinal);
        // A unique index on a nullable column ignores nulls, as on SQLite and PostgreSQL (calls without a Call-ID).
        Assert.Contains("CREATE UNIQUE INDEX [IX_interactions_CallId] ON [interactions] ([CallId]) WHERE [CallId] IS NOT NULL')", script, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public void LegacyScripts_AreTheReleasedOnesUpToTheFinalVersion(string provider)
    {
        // Each script is checked against its pinned SHA-256 as it is read.
        var versions = LegacySchema.Scripts(Enum.Parse<DatabaseProvider>(provider)).Select(s => s.Version).ToList();

        Assert.Equal(LegacySchema.ReleasedVersions, versions);
        Assert.Equal([.. Enumerable.Range(1, 13), 15], versions);
        Assert.Equal(LegacySchema.FinalVersion, versions[^1]);
    }

    private static ContactCenterDbContext Offline(DatabaseProvider provider) => SchemaContexts.Create(provider, b => _ = provider switch
    {
        DatabaseProvider.Postgres => b.UseNpgsql("Host=unused"),
        DatabaseProvider.SqlServer => b.UseSqlServer("Server=unused"),
        _ => b.UseSqlite("Data Source=:memory:"),
    });

    [GeneratedRegex(@"CREATE TABLE \[([^\]]+)\]")]
    private static partial Regex CreateTable();

    [GeneratedRegex(@"DROP TABLE \[([^\]]+)\]")]
    private static partial Regex DropTable();

    [GeneratedRegex(@"CREATE (?:TABLE|INDEX|UNIQUE INDEX) ")]
    private static partial Regex Create();

    [GeneratedRegex(@"IF NOT EXISTS \(\s*SELECT \* FROM \[__EFMigrationsHistory\]\s*WHERE \[MigrationId\] = N'[^']+'\s*\)\s*BEGIN\s*(?:EXEC\(N')?CREATE ")]
    private static partial Regex GuardedCreate();
}
