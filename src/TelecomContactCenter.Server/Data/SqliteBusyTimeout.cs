using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace TelecomContactCenter.Server.Data;

/// <summary>
/// Sets SQLite's own busy timeout on every connection EF opens. Without it, a write that finds another writer
/// holding the lock is retried by Microsoft.Data.Sqlite after a 150 ms sleep, so two calls saving at the same
/// moment cost one of them 150 ms (the screen-pop bench showed 150 ms steps in its tail); SQLite's native handler
/// retries within a millisecond or two. Stateless.
/// </summary>
internal sealed class SqliteBusyTimeout : DbConnectionInterceptor
{
    internal const string Pragma = "PRAGMA busy_timeout = 5000;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var command = connection.CreateCommand();
        command.CommandText = Pragma;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using var command = connection.CreateCommand();
        command.CommandText = Pragma;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
