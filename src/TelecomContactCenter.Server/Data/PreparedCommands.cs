using System.Data.Common;
using System.Globalization;

namespace TelecomContactCenter.Server.Data;

/// <summary>
/// Prepared statements for the hot write paths that bypass the change tracker (call records, interaction rows):
/// positional parameters @p0…, values set per row, instants in the context's storage conventions.
/// </summary>
internal static class PreparedCommands
{
    public static DbCommand Prepare(DbConnection connection, DbTransaction transaction, string sql, int parameterCount)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        for (var i = 0; i < parameterCount; i++)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@p" + i.ToString(CultureInfo.InvariantCulture);
            command.Parameters.Add(parameter);
        }

        return command;
    }

    public static void Set(DbCommand command, params object?[] values)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(values);
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i] ?? DBNull.Value;
        }
    }

    /// <summary>UTC ticks on SQLite (the context's converter), a UTC instant for PostgreSQL's timestamptz.</summary>
    public static object? Instant(DateTimeOffset? value, bool sqlite) =>
        value is { } instant ? (sqlite ? instant.UtcTicks : instant.ToUniversalTime()) : null;
}
