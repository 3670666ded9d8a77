using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;

namespace TelecomContactCenter.Server.Data;

/// <summary>
/// Inserts many rows without the change tracker: a prepared statement in one transaction on SQLite, binary COPY on
/// PostgreSQL. Demo data (up to a million customers) and profile snapshots go through here. Values are the CLR
/// types of the entities; the writer applies the same storage conventions as <see cref="ContactCenterDbContext"/>.
/// </summary>
internal abstract class BulkWriter
{
    public static BulkWriter For(ContactCenterDbContext db) =>
        db.Database.IsNpgsql() ? new PostgresBulkWriter() : new SqliteBulkWriter();

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
}
