#if TCC_SQLSERVER
// Compiled only when the build sees TCC_TEST_SQLSERVER (a connection string to a SQL Server the tests may create
// databases on): without it these cases do not exist, so nothing reports them as passed. No SQL Server engine
// installs on the project's build machines; docker-compose.yml's sqlserver profile starts one.
using Microsoft.Data.SqlClient;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using TelecomContactCenter.Server.Data;

namespace TelecomContactCenter.Server.Tests.Infrastructure
{
    /// <summary>A database of its own on the SQL Server TCC_TEST_SQLSERVER names, dropped on dispose.</summary>
    internal static class SqlServerDatabases
    {
        public static async Task<string> CreateAsync(string name)
        {
            await ExecuteAsync($"CREATE DATABASE [{name}];");
            return new SqlConnectionStringBuilder(Server()) { InitialCatalog = name }.ToString();
        }

        public static async Task DropAsync(string name)
        {
            SqlConnection.ClearAllPools();
            await ExecuteAsync($"ALTER DATABASE [{name}] SET SINGLE_USER WITH ROLLBACK IMMEDIATE; DROP DATABASE [{name}];");
        }

        private static string Server() =>
            Environment.GetEnvironmentVariable("TCC_TEST_SQLSERVER")
            ?? throw new InvalidOperationException("Built with the SQL Server cases but TCC_TEST_SQLSERVER is not set when they run.");

        private static async Task ExecuteAsync(string sql)
        {
            await using var connection = new SqlConnection(new SqlConnectionStringBuilder(Server()) { InitialCatalog = "master" }.ToString());
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            await command.ExecuteNonQueryAsync();
        }
    }

    public sealed class SqlServerServerFixture : ServerFixture
    {
        private readonly string _database = $"tcc_{Guid.NewGuid():N}";
        private string _connectionString = "";

        public override string Provider => "SqlServer";

        protected override IReadOnlyDictionary<string, string?> Settings() => new Dictionary<string, string?>
        {
            ["Database:Provider"] = "SqlServer",
            ["Database:SqlServerConnectionString"] = _connectionString,
        };

        protected override async Task PrepareDatabaseAsync() => _connectionString = await SqlServerDatabases.CreateAsync(_database);

        protected override Task ReleaseDatabaseAsync() => SqlServerDatabases.DropAsync(_database);
    }
}

namespace TelecomContactCenter.Server.Tests.Api
{
    public sealed class SqlServerComplaintApiTests(Infrastructure.SqlServerServerFixture fixture) : ComplaintApiTests<Infrastructure.SqlServerServerFixture>(fixture);

    public sealed class SqlServerCustomerApiTests(Infrastructure.SqlServerServerFixture fixture) : CustomerApiTests<Infrastructure.SqlServerServerFixture>(fixture);

    public sealed class SqlServerOfferApiTests(Infrastructure.SqlServerServerFixture fixture) : OfferApiTests<Infrastructure.SqlServerServerFixture>(fixture);
}

namespace TelecomContactCenter.Server.Tests.Contact
{
    public sealed class SqlServerInteractionRecordTests(Infrastructure.SqlServerServerFixture fixture) : InteractionRecordTests<Infrastructure.SqlServerServerFixture>(fixture);
}

namespace TelecomContactCenter.Server.Tests.Customers
{
    public sealed class SqlServerRecentContactsTests(Infrastructure.SqlServerServerFixture fixture) : RecentContactsTests<Infrastructure.SqlServerServerFixture>(fixture);
}

namespace TelecomContactCenter.Server.Tests.DemoData
{
    public sealed class SqlServerDemoClockTests(Infrastructure.SqlServerServerFixture fixture) : DemoClockTests<Infrastructure.SqlServerServerFixture>(fixture);
}

namespace TelecomContactCenter.Server.Tests.Interactions
{
    public sealed class SqlServerInteractionWriterTests(Infrastructure.SqlServerServerFixture fixture) : InteractionWriterTests<Infrastructure.SqlServerServerFixture>(fixture);
}

namespace TelecomContactCenter.Server.Tests.Data
{
    /// <summary>The SQL Server migrations on an empty database: applied once, again a no-op, every mapped column there.</summary>
    public sealed class SqlServerSchemaTests : IAsyncLifetime
    {
        private readonly string _database = $"tcc_{Guid.NewGuid():N}";
        private string _connectionString = "";

        public async Task InitializeAsync() => _connectionString = await Infrastructure.SqlServerDatabases.CreateAsync(_database);

        public Task DisposeAsync() => Infrastructure.SqlServerDatabases.DropAsync(_database);

        [Fact]
        public async Task Start_OnAnEmptyDatabase_AppliesEveryMigrationOnceAndMapsEveryColumn()
        {
            await MigrateAsync();
            await MigrateAsync();

            await using var schema = SchemaContexts.Create(DatabaseProvider.SqlServer, b => b.UseSqlServer(_connectionString));
            Assert.Equal(schema.Database.GetMigrations(), await schema.Database.GetAppliedMigrationsAsync());
            await using var db = new ContactCenterDbContext(new DbContextOptionsBuilder<ContactCenterDbContext>().UseSqlServer(_connectionString).Options);
            // Selecting every mapped column of every entity fails on any column the migrations lack.
            foreach (var entityType in db.Model.GetEntityTypes().Where(e => !e.IsOwned() && e.ClrType != typeof(Dictionary<string, object>)))
            {
                var query = (IQueryable<object>)typeof(DbContext).GetMethod(nameof(DbContext.Set), Type.EmptyTypes)!
                    .MakeGenericMethod(entityType.ClrType).Invoke(db, null)!;
                await query.Take(1).ToListAsync();
            }
        }

        private Task MigrateAsync() => DatabaseSchema.MigrateAsync(DatabaseProvider.SqlServer, b => b.UseSqlServer(_connectionString),
            TimeProvider.System, NullLogger.Instance, CancellationToken.None);
    }
}
#endif
