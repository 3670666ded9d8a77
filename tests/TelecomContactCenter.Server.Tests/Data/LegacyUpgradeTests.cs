using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Logging.Abstractions;
using TelecomContactCenter.Core.Complaints;
using TelecomContactCenter.Server.Data;
using TelecomContactCenter.Server.Discounts;
using TelecomContactCenter.Server.Ivr.Callbacks;
using TelecomContactCenter.Server.Profiles;
using TelecomContactCenter.Server.Tests.Infrastructure;
using TelecomContactCenter.Server.Web;

namespace TelecomContactCenter.Server.Tests.Data;

/// <summary>
/// A database as each released schema version left it (built by the frozen scripts, filled with what that version
/// could hold) is upgraded by the start-up migration (<see cref="DatabaseSchema"/>) and keeps its data; the
/// legacy scripts' final schema is the EF baseline's, table by table, column by column, index by index.
/// </summary>
public abstract class LegacyUpgradeTests : IAsyncLifetime
{
    public static TheoryData<int> ReleasedVersions() => [.. LegacySchema.ReleasedVersions];

    public abstract Task InitializeAsync();

    public abstract Task DisposeAsync();

    [Theory]
    [MemberData(nameof(ReleasedVersions))]
    public async Task Start_OnADatabaseOfAReleasedVersion_UpgradesItKeepingItsRows(int version)
    {
        await using (var old = NewContext())
        {
            Assert.Equal(version, await LegacySchema.MigrateAsync(old, version, CancellationToken.None));
            await old.Database.ExecuteSqlRawAsync(string.Concat(RowsOfVersion(version)));
        }

        await MigrateAsync();

        await using var db = NewContext();
        var customer = await db.Customers.AsNoTracking().Include(c => c.AccountManager).SingleAsync();
        Assert.Equal(("+8613800000001", "Zhang Wei", "Guo Fang"), (customer.Phone, customer.Name, customer.AccountManager!.Name));
        Assert.Equal(Instant(0), customer.ActivatedAt);
        Assert.Equal(version >= 10 ? "Male" : null, customer.Gender);
        Assert.Equal(version >= 11 ? "agent2" : null, customer.AccountManager.UserName);
        Assert.Equal(123.45m, (await db.MonthlyBills.AsNoTracking().SingleAsync()).Amount);
        var interaction = await db.Interactions.AsNoTracking().SingleAsync();
        Assert.Equal(("+8613800000001", "agent1", Instant(60)), (interaction.Caller, interaction.Agent, interaction.StartedAt));
        Assert.Equal(version >= 15 ? "called back on Monday" : null, interaction.Notes);
        Assert.Equal(Since(5, version, "complaint.reassign"), await db.Set<AuditEntry>().Select(a => a.Action).ToListAsync());
        Assert.Equal(Since(6, version, 15m), await db.Set<DiscountRequest>().Select(d => d.Percent).ToListAsync());
        Assert.Equal(Since(7, version, ("cb-1", 0)), (await db.Set<CallbackRequest>().AsNoTracking().ToListAsync()).Select(c => (c.CallId, c.Attempts)));
        Assert.Equal(Since(12, version, "port_out"), await db.Set<CustomerReason>().Select(r => r.Code).ToListAsync());

        // The upgraded database takes new rows (identity sequences and the new columns work).
        db.Interactions.Add(new() { Caller = "+8613800000001", Channel = "Voice", StartedAt = Instant(120), CallId = "after-upgrade", CustomerId = customer.Id });
        db.Set<AuditEntry>().Add(new() { At = Instant(120), Actor = "admin", Action = "tier.override", Target = "1", Detail = "{}" });
        await db.SaveChangesAsync();
        Assert.Equal(2, await db.Interactions.CountAsync());
    }

    [Fact]
    public async Task Start_Twice_OnAnAdoptedDatabase_ChangesNothing()
    {
        await using (var old = NewContext())
        {
            await LegacySchema.MigrateAsync(old, 3, CancellationToken.None);
            await old.Database.ExecuteSqlRawAsync(string.Concat(RowsOfVersion(3)));
        }

        await MigrateAsync();
        await MigrateAsync();

        await using var db = NewContext();
        await using var schema = SchemaContexts.Create(Provider, Configure);
        Assert.Equal(schema.Database.GetMigrations(), await schema.Database.GetAppliedMigrationsAsync());
        Assert.Equal(1, await db.Customers.CountAsync());
    }

    [Fact]
    public async Task Start_OnADatabaseOfVersion5WithTwoRowsPerCall_FoldsThemIntoOneKeepingTheInviteTime()
    {
        await using (var old = NewContext())
        {
            await LegacySchema.MigrateAsync(old, 5, CancellationToken.None);
            // Call c1 reached the ACD (its row, queued 5 s after the INVITE) and telephony recorded it as well; c2
            // was a redirect that only telephony recorded.
            var rowsOfVersion5 =
                $"INSERT INTO interactions (\"Id\", \"Caller\", \"Channel\", \"StartedAt\", \"CallId\", \"Agent\") VALUES (1, '+8613800000001', 'Voice', {InstantSql(5)}, 'c1', 'agent1');" +
                $"INSERT INTO interactions (\"Id\", \"Caller\", \"Channel\", \"StartedAt\") VALUES (2, '+8613800000001', 'sip', {InstantSql(0)});" +
                $"INSERT INTO interactions (\"Id\", \"Caller\", \"Channel\", \"StartedAt\") VALUES (3, '+8613800000002', 'sip', {InstantSql(9)});" +
                CallRow(2, "c1", "10000", 200) + CallRow(3, "c2", "10001", 302);
            await old.Database.ExecuteSqlRawAsync(rowsOfVersion5);
        }

        await MigrateAsync();

        await using var db = NewContext();
        var rows = await db.Interactions.AsNoTracking().OrderBy(i => i.Id).ToListAsync();
        Assert.Equal([("c1", "agent1"), ("c2", null)], rows.Select(r => (r.CallId, r.Agent)));
        Assert.Equal(rows[0].StartedAt, rows[1].StartedAt.AddSeconds(-9));
        // Each call's SIP facts are on its one row.
        Assert.Equal([("c1", "10000", (int?)200), ("c2", "10001", (int?)302)], rows.Select(r => (r.CallId, r.AccessNumber, r.StatusCode)));
    }

    [Fact]
    public async Task LegacyFinalSchema_IsTheBaselineSchema()
    {
        await using (var old = NewContext())
        {
            await LegacySchema.MigrateAsync(old, LegacySchema.FinalVersion, CancellationToken.None);
        }

        var legacy = await DescribeSchemaAsync();
        await ResetAsync();
        await using (var schema = SchemaContexts.Create(Provider, Configure))
        {
            // The baseline alone: the scripts end where it starts; later migrations move on from there.
            await schema.GetService<IMigrator>().MigrateAsync(schema.Database.GetMigrations().First());
        }

        var migrated = await DescribeSchemaAsync();

        // The legacy database also has schema_version; the migrated one EF's history and lock tables.
        static bool Ours(string line) => !line.Contains("schema_version", StringComparison.Ordinal) && !line.Contains("__EF", StringComparison.Ordinal);
        Assert.Equal(legacy.Where(Ours), migrated.Where(Ours));
        Assert.Contains(migrated, l => l.StartsWith("column demo_data_clock.GeneratedAtTicks", StringComparison.Ordinal));
    }

    /// <summary>The rows a server of <paramref name="version"/> could have written, one INSERT per table it had.</summary>
    private IEnumerable<string> RowsOfVersion(int version)
    {
        yield return "INSERT INTO account_managers (\"Name\", \"Phone\", \"Email\") VALUES ('Guo Fang', '+861060000001', 'am1@operator.example');";
        yield return "INSERT INTO customers (\"Phone\", \"Name\", \"Status\", \"IsPrepaid\", \"ActivatedAt\", \"ArrearsDays\", \"LastChargeableEventAt\", " +
            $"\"CommitmentRenewed\", \"AccountManagerId\") VALUES ('+8613800000001', 'Zhang Wei', 'Active', {FalseSql}, {InstantSql(0)}, 0, {InstantSql(30)}, {FalseSql}, 1);";
        yield return $"INSERT INTO monthly_bills (\"CustomerId\", \"Month\", \"Amount\", \"CostToServe\") VALUES (1, {MonthSql}, {Money(123.45m)}, {Money(20m)});";
        yield return "INSERT INTO interactions (\"CustomerId\", \"Caller\", \"Channel\", \"StartedAt\", \"Agent\") " +
            $"VALUES (1, '+8613800000001', 'Voice', {InstantSql(60)}, 'agent1');";
        if (version >= 5)
        {
            yield return $"INSERT INTO audit_log (\"At\", \"Actor\", \"Action\", \"Target\", \"Detail\") VALUES ({InstantSql(90)}, 'sup1', 'complaint.reassign', 'C-1', 'to agent2');";
        }

        if (version >= 6)
        {
            yield return "INSERT INTO discount_requests (\"CustomerId\", \"Percent\", \"Months\", \"Reason\", \"RequestedBy\", \"RequestedAt\", \"AuthorityPercent\", \"Status\") " +
                $"VALUES (1, {Money(15m)}, 3, 'retention', 'agent1', {InstantSql(90)}, {Money(10m)}, 'Pending');";
        }

        if (version >= 7)
        {
            yield return "INSERT INTO callbacks (\"CallId\", \"CallerNumber\", \"Tier\", \"Priority\", \"Queue\", \"Flow\", \"RequestedAt\", \"DueAt\", \"Status\") " +
                $"VALUES ('cb-1', '+8613800000001', 'Standard', 0, 'general', 'main', {InstantSql(90)}, {InstantSql(3600)}, 'Pending');";
        }

        if (version >= 10)
        {
            yield return "UPDATE customers SET \"Gender\" = 'Male';";
            yield return "INSERT INTO demo_data_clock (\"Id\", \"GeneratedAtTicks\") VALUES (1, 0);";
        }

        if (version >= 11)
        {
            yield return "UPDATE account_managers SET \"UserName\" = 'agent2';";
        }

        if (version >= 15)
        {
            yield return "UPDATE interactions SET \"Notes\" = 'called back on Monday';";
        }

        if (version >= 12)
        {
            yield return "INSERT INTO customer_reasons (\"CustomerId\", \"Kind\", \"Code\", \"CapturedBy\", \"CapturedAt\") " +
                $"VALUES (1, '{ReasonKind.ContactReason}', 'port_out', 'agent1', {InstantSql(90)});";
        }
    }

    /// <summary>The row a version from <paramref name="since"/> on holds, none before.</summary>
    private static T[] Since<T>(int since, int version, T row) => version >= since ? [row] : [];

    private static string CallRow(int interactionId, string callId, string accessNumber, int status) =>
        "INSERT INTO interaction_calls (\"InteractionId\", \"CallId\", \"AccessNumber\", \"Mode\", \"IdentityConfidence\", " +
        $"\"IdentitySource\", \"StatusCode\", \"Reason\") VALUES ({interactionId}, '{callId}', '{accessNumber}', 'ivr', 'NetworkAsserted', " +
        $"'PAssertedIdentity', {status}, 'test');";

    /// <summary>A fixed instant plus <paramref name="seconds"/>.</summary>
    protected static DateTimeOffset Instant(int seconds) => new DateTimeOffset(2026, 11, 2, 6, 0, 0, TimeSpan.Zero).AddSeconds(seconds);

    /// <summary><see cref="Instant"/> as the provider stores it, as a SQL literal.</summary>
    protected abstract string InstantSql(int seconds);

    protected abstract string FalseSql { get; }

    protected abstract string MonthSql { get; }

    protected abstract string Money(decimal amount);

    private protected abstract DatabaseProvider Provider { get; }

    /// <summary>Points a context at the test's database.</summary>
    private protected abstract void Configure(DbContextOptionsBuilder builder);

    private ContactCenterDbContext NewContext()
    {
        var builder = new DbContextOptionsBuilder<ContactCenterDbContext>();
        Configure(builder);
        return new ContactCenterDbContext(builder.Options);
    }

    /// <summary>Runs the start-up migration on the test's database.</summary>
    private Task MigrateAsync() =>
        DatabaseSchema.MigrateAsync(Provider, Configure, TimeProvider.System, NullLogger.Instance, CancellationToken.None);

    /// <summary>Drops the test's database and starts an empty one.</summary>
    protected abstract Task ResetAsync();

    /// <summary>One line per table column (type, nullability) and per index (uniqueness, columns), sorted.</summary>
    protected abstract Task<List<string>> DescribeSchemaAsync();

    private protected async Task<List<string>> QueryLinesAsync(string sql)
    {
        await using var db = NewContext();
        var lines = await db.Database.SqlQueryRaw<string>(sql).ToListAsync();
        return [.. lines.Order(StringComparer.Ordinal)];
    }
}

public sealed class SqliteLegacyUpgradeTests : LegacyUpgradeTests
{
    private string _path = NewPath();

    protected override string FalseSql => "0";

    protected override string MonthSql => "'2026-10-01'";

    protected override string InstantSql(int seconds) => Instant(seconds).UtcTicks.ToString(CultureInfo.InvariantCulture);

    protected override string Money(decimal amount) => ((long)(amount * 100)).ToString(CultureInfo.InvariantCulture);

    public override Task InitializeAsync() => Task.CompletedTask;

    public override Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        File.Delete(_path);
        return Task.CompletedTask;
    }

    private protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    private protected override void Configure(DbContextOptionsBuilder builder) => builder.UseSqlite($"Data Source={_path}");

    protected override async Task ResetAsync()
    {
        await DisposeAsync();
        _path = NewPath();
    }

    protected override Task<List<string>> DescribeSchemaAsync() => QueryLinesAsync(
        "SELECT 'column ' || m.name || '.' || c.name || ' ' || c.type || CASE WHEN c.\"notnull\" THEN ' not null' ELSE '' END || " +
        "CASE WHEN c.pk > 0 THEN ' key' ELSE '' END AS \"Value\" " +
        "FROM sqlite_master m JOIN pragma_table_info(m.name) c WHERE m.type = 'table' " +
        "UNION ALL SELECT 'index ' || m.name || ' ' || i.name || CASE WHEN i.\"unique\" THEN ' unique' ELSE '' END || ' (' || " +
        "(SELECT group_concat(x.name, ',') FROM pragma_index_info(i.name) x) || ')' " +
        "FROM sqlite_master m JOIN pragma_index_list(m.name) i WHERE m.type = 'table' AND i.origin = 'c'");

    private static string NewPath() => Path.Combine(Path.GetTempPath(), $"tcc-legacy-{Guid.NewGuid():N}.db");
}

public sealed class PostgresLegacyUpgradeTests(PostgresCluster cluster) : LegacyUpgradeTests, IClassFixture<PostgresCluster>
{
    private string _connectionString = "";

    protected override string FalseSql => "false";

    protected override string MonthSql => "DATE '2026-10-01'";

    protected override string InstantSql(int seconds) => $"TIMESTAMPTZ '2026-11-02 06:00:00+00' + INTERVAL '{seconds} seconds'";

    protected override string Money(decimal amount) => amount.ToString(CultureInfo.InvariantCulture);

    public override async Task InitializeAsync() => _connectionString = await cluster.CreateDatabaseAsync($"legacy_{Guid.NewGuid():N}");

    public override Task DisposeAsync() => Task.CompletedTask;

    private protected override DatabaseProvider Provider => DatabaseProvider.Postgres;

    private protected override void Configure(DbContextOptionsBuilder builder) => builder.UseNpgsql(_connectionString);

    protected override Task ResetAsync() => InitializeAsync();

    protected override Task<List<string>> DescribeSchemaAsync() => QueryLinesAsync(
        "SELECT 'column ' || table_name || '.' || column_name || ' ' || data_type || COALESCE('(' || character_maximum_length || ')', '') || " +
        "COALESCE('(' || numeric_precision || ',' || numeric_scale || ')', '') || CASE WHEN is_nullable = 'NO' THEN ' not null' ELSE '' END || " +
        "CASE WHEN is_identity = 'YES' THEN ' identity' ELSE '' END AS \"Value\" " +
        "FROM information_schema.columns WHERE table_schema = current_schema() " +
        "UNION ALL SELECT 'index ' || tablename || ' ' || indexname || ' ' || replace(indexdef, 'public.', '') FROM pg_indexes WHERE schemaname = current_schema() " +
        "UNION ALL SELECT 'constraint ' || conrelid::regclass::text || ' ' || conname || ' ' || contype::text || ' ' || pg_get_constraintdef(oid) " +
        "FROM pg_constraint WHERE connamespace = current_schema()::regnamespace");
}
