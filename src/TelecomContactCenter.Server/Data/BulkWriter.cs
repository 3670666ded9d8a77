using System.Data;
using System.Data.Common;
using Microsoft.Data.SqlClient;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;

namespace TelecomContactCenter.Server.Data;

/// <summary>
/// Inserts many rows without the change tracker: a prepared statement in one transaction on SQLite, binary COPY on
/// PostgreSQL, SqlBulkCopy on SQL Server (each provider's own bulk path; a row-by-row INSERT over the network costs a
/// round trip per row). Demo data (up to a million customers) and profile snapshots go through here. Values are the CLR
/// types of the entities; the writer applies the same storage conventions as <see cref="ContactCenterDbContext"/>.
/// </summary>
internal abstract class BulkWriter
{
    public static BulkWriter For(ContactCenterDbContext db) => DatabaseProviders.Of(db.Database) switch
    {
        DatabaseProvider.Postgres => new PostgresBulkWriter(),
        DatabaseProvider.SqlServer => new SqlServerBulkWriter(),
        _ => new SqliteBulkWriter(),
    };

    /// <summary>Writes rows on the context's connection, which must be open.</summary>
    public abstract Task WriteAsync(
        ContactCenterDbContext db, string table, IReadOnlyList<string> columns, IEnumerable<object?[]> rows,
        CancellationToken cancellationToken);

    /// <summary>After explicit ids were inserted, moves the identity sequence past them (PostgreSQL only).</summary>
    public virtual Task ResetIdentityAsync(ContactCenterDbContext db, string table, CancellationToken cancellationToken) =>
        Task.CompletedTask;

    private sealed class SqliteBulkWriter : BulkWriter
    {
        public override async Task WriteAsync(
            ContactCenterDbContext db, string table, IReadOnlyList<string> columns, IEnumerable<object?[]> rows,
            CancellationToken cancellationToken)
        {
            var connection = db.Database.GetDbConnection();
            // Join the caller's transaction when there is one (profile snapshots replace a range atomically).
            var ambient = db.Database.CurrentTransaction?.GetDbTransaction();
            await using var owned = ambient is null ? await connection.BeginTransactionAsync(cancellationToken) : null;
            await using var command = connection.CreateCommand();
            command.Transaction = ambient ?? owned;
            command.CommandText =
                $"INSERT INTO \"{table}\" ({string.Join(", ", columns.Select(c => $"\"{c}\""))}) " +
                $"VALUES ({string.Join(", ", columns.Select((_, i) => $"$p{i}"))});";
            var parameters = new DbParameter[columns.Count];
            for (var i = 0; i < columns.Count; i++)
            {
                parameters[i] = command.CreateParameter();
                parameters[i].ParameterName = $"$p{i}";
                command.Parameters.Add(parameters[i]);
            }

            await command.PrepareAsync(cancellationToken);
            foreach (var row in rows)
            {
                cancellationToken.ThrowIfCancellationRequested();
                for (var i = 0; i < row.Length; i++)
                {
                    parameters[i].Value = ToSqlite(row[i]);
                }

                // Synchronous: SQLite does no asynchronous I/O, and a task per row halves the insert rate.
                command.ExecuteNonQuery();
            }

            if (owned is not null)
            {
                await owned.CommitAsync(cancellationToken);
            }
        }

        private static object ToSqlite(object? value) => value switch
        {
            null => DBNull.Value,
            DateTimeOffset instant => instant.UtcTicks,
            decimal money => (long)decimal.Round(money * 100m),
            DateOnly day => day.ToString("yyyy-MM-dd"),
            Enum e => e.ToString(),
            _ => value,
        };
    }

    private sealed class PostgresBulkWriter : BulkWriter
    {
        public override async Task WriteAsync(
            ContactCenterDbContext db, string table, IReadOnlyList<string> columns, IEnumerable<object?[]> rows,
            CancellationToken cancellationToken)
        {
            var connection = (NpgsqlConnection)db.Database.GetDbConnection();
            var copy = $"COPY \"{table}\" ({string.Join(", ", columns.Select(c => $"\"{c}\""))}) FROM STDIN (FORMAT BINARY)";
            await using var importer = await connection.BeginBinaryImportAsync(copy, cancellationToken);
            foreach (var row in rows)
            {
                await importer.StartRowAsync(cancellationToken);
                foreach (var value in row)
                {
                    await WriteValueAsync(importer, value, cancellationToken);
                }
            }

            await importer.CompleteAsync(cancellationToken);
        }

        public override async Task ResetIdentityAsync(
            ContactCenterDbContext db, string table, CancellationToken cancellationToken)
        {
            var connection = db.Database.GetDbConnection();
            await using var command = connection.CreateCommand();
            command.CommandText =
                $"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'Id'), COALESCE((SELECT MAX(\"Id\") FROM \"{table}\"), 0) + 1, false);";
            await command.ExecuteScalarAsync(cancellationToken);
        }

        private static Task WriteValueAsync(NpgsqlBinaryImporter importer, object? value, CancellationToken cancellationToken) =>
            value switch
            {
                null => importer.WriteNullAsync(cancellationToken),
                long v => importer.WriteAsync(v, NpgsqlDbType.Bigint, cancellationToken),
                int v => importer.WriteAsync(v, NpgsqlDbType.Integer, cancellationToken),
                bool v => importer.WriteAsync(v, NpgsqlDbType.Boolean, cancellationToken),
                decimal v => importer.WriteAsync(v, NpgsqlDbType.Numeric, cancellationToken),
                DateTimeOffset v => importer.WriteAsync(v.ToUniversalTime(), NpgsqlDbType.TimestampTz, cancellationToken),
                DateOnly v => importer.WriteAsync(v, NpgsqlDbType.Date, cancellationToken),
                Enum v => importer.WriteAsync(v.ToString(), NpgsqlDbType.Text, cancellationToken),
                string v => importer.WriteAsync(v, NpgsqlDbType.Text, cancellationToken),
                _ => throw new NotSupportedException($"Bulk writer cannot write {value.GetType()}."),
            };
    }

    private sealed class SqlServerBulkWriter : BulkWriter
    {
        private const int RowsPerCopy = 10_000;

        public override async Task WriteAsync(
            ContactCenterDbContext db, string table, IReadOnlyList<string> columns, IEnumerable<object?[]> rows,
            CancellationToken cancellationToken)
        {
            var connection = (SqlConnection)db.Database.GetDbConnection();
            var transaction = (SqlTransaction?)db.Database.CurrentTransaction?.GetDbTransaction();
            // Explicit ids are kept (demo data links rows by them); constraints are checked as on any insert.
            using var copy = new SqlBulkCopy(connection, SqlBulkCopyOptions.KeepIdentity | SqlBulkCopyOptions.CheckConstraints, transaction)
            {
                DestinationTableName = $"[{table}]",
                BulkCopyTimeout = 0,
            };
            foreach (var column in columns)
            {
                copy.ColumnMappings.Add(column, column);
            }

            using var buffer = new DataTable();
            foreach (var row in rows)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (buffer.Columns.Count == 0)
                {
                    for (var i = 0; i < columns.Count; i++)
                    {
                        buffer.Columns.Add(columns[i], ColumnType(row[i]));
                    }
                }

                buffer.Rows.Add(Array.ConvertAll(row, ToSqlServer));
                if (buffer.Rows.Count == RowsPerCopy)
                {
                    await copy.WriteToServerAsync(buffer, cancellationToken);
                    buffer.Clear();
                }
            }

            if (buffer.Rows.Count > 0)
            {
                await copy.WriteToServerAsync(buffer, cancellationToken);
            }
        }

        public override async Task ResetIdentityAsync(ContactCenterDbContext db, string table, CancellationToken cancellationToken)
        {
            // RESEED without a value moves the identity to the column's maximum when that is higher.
            var connection = db.Database.GetDbConnection();
            await using var command = connection.CreateCommand();
            command.CommandText = $"DBCC CHECKIDENT ('[{table}]', RESEED);";
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        // A column whose first value is null takes object: SqlBulkCopy converts each value to the column's type.
        private static Type ColumnType(object? value) => value is null ? typeof(object) : ToSqlServer(value).GetType();

        private static object ToSqlServer(object? value) => value switch
        {
            null => DBNull.Value,
            DateOnly day => day.ToDateTime(TimeOnly.MinValue),
            Enum e => e.ToString(),
            _ => value,
        };
    }
}
