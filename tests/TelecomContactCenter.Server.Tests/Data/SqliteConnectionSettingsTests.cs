using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TelecomContactCenter.Server.Data;
using TelecomContactCenter.Server.Tests.Infrastructure;

namespace TelecomContactCenter.Server.Tests.Data;

/// <summary>What every SQLite connection the service opens is set to: native busy waiting, WAL without an fsync per commit.</summary>
public sealed class SqliteConnectionSettingsTests(SqliteServerFixture fixture) : IClassFixture<SqliteServerFixture>
{
    [Fact]
    public async Task ContextConnection_Opened_WaitsNativelyAndCommitsWithoutFsyncInWal()
    {
        await using var scope = fixture.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ContactCenterDbContext>();
        await db.Database.OpenConnectionAsync();
        try
        {
            var connection = db.Database.GetDbConnection();

            async Task<string> PragmaAsync(string name)
            {
                await using var command = connection.CreateCommand();
                command.CommandText = "PRAGMA " + name + ";";
                return Convert.ToString(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture)!;
            }

            // synchronous: 1 = NORMAL, 2 = FULL.
            Assert.Equal(("5000", "1", "wal"), (await PragmaAsync("busy_timeout"), await PragmaAsync("synchronous"), await PragmaAsync("journal_mode")));
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
