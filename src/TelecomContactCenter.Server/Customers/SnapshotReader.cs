using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TelecomContactCenter.Server.Contact;
using TelecomContactCenter.Server.Data;

namespace TelecomContactCenter.Server.Customers;

internal sealed record SnapshotRow(string View, int OpenComplaintCount);

/// <summary>
/// Reads one profile snapshot row by phone, and the pop's last contacts of a customer. On PostgreSQL and SQL Server this is an EF compiled, untracked query (both pool
/// connections; Npgsql also prepares statements itself). On SQLite, opening a connection through EF costs more than the
/// lookup (EF registers its SQL functions on every open), so the reader keeps a few open connections with the
/// statement already prepared (docs/benchmarks.md has the numbers). One instance per host, because EF binds a
/// compiled query to the provider that first ran it. Thread-safe: each lease is used by one caller at a time and
/// parked in a concurrent bag.
/// </summary>
internal sealed class SnapshotReader : IDisposable
{
    private const int MaxIdle = 16;
    private const string Sql = "SELECT \"View\", \"OpenComplaintCount\" FROM customer_profiles WHERE \"Phone\" = $phone";

    /// <summary>How many past contacts the screen pop lists.</summary>
    public const int RecentCount = 3;

    private const string RecentSql =
        "SELECT \"StartedAt\", \"Channel\", \"Agent\", \"Disposition\", \"ReasonCode\", \"Notes\" FROM interactions " +
        "WHERE \"CustomerId\" = $customer ORDER BY \"StartedAt\" DESC LIMIT 3";

    private readonly ConcurrentBag<Lease> _idle = [];
    private readonly string? _sqlite;
    private readonly Func<ContactCenterDbContext, string, CancellationToken, Task<SnapshotRow?>>? _compiled;
    private readonly Func<ContactCenterDbContext, long, IAsyncEnumerable<PopInteraction>>? _recent;

    public SnapshotReader(IOptions<DatabaseOptions> options, IHostEnvironment environment)
    {
        var db = options.Value;
        _sqlite = db.Provider == DatabaseProvider.Sqlite ? DatabaseSetup.SqliteConnectionString(db, environment.ContentRootPath) : null;
        if (_sqlite is null)
        {
            _compiled = EF.CompileAsyncQuery((ContactCenterDbContext context, string phone, CancellationToken _) =>
                context.CustomerProfiles.AsNoTracking()
                    .Where(p => p.Phone == phone)
                    .Select(p => new SnapshotRow(p.View, p.OpenComplaintCount))
                    .FirstOrDefault());
            _recent = EF.CompileAsyncQuery((ContactCenterDbContext context, long customerId) =>
                context.Interactions.AsNoTracking()
                    .Where(i => i.CustomerId == customerId)
                    .OrderByDescending(i => i.StartedAt).Take(RecentCount)
                    .Select(i => new PopInteraction(i.StartedAt, i.Channel, i.Agent, i.Disposition, i.ReasonCode, i.Notes)));
        }
    }

    public Task<SnapshotRow?> FindAsync(ContactCenterDbContext db, string e164, CancellationToken cancellationToken)
    {
        if (_sqlite is null)
        {
            return _compiled!(db, e164, cancellationToken);
        }

        cancellationToken.ThrowIfCancellationRequested();

        // Synchronous on purpose: SQLite has no asynchronous I/O, the async API only adds a task per row.
        return Task.FromResult(WithLease(lease => lease.Read(e164)));
    }

    /// <summary>The customer's last <see cref="RecentCount"/> contacts, newest first (the pop's recent interactions).</summary>
    public async Task<IReadOnlyList<PopInteraction>> RecentAsync(ContactCenterDbContext db, long customerId, CancellationToken cancellationToken)
    {
        if (_sqlite is null)
        {
            var rows = new List<PopInteraction>(RecentCount);
            await foreach (var row in _recent!(db, customerId).WithCancellation(cancellationToken))
            {
                rows.Add(row);
            }

            return rows;
        }

        cancellationToken.ThrowIfCancellationRequested();
        return WithLease<IReadOnlyList<PopInteraction>>(lease => lease.Recent(customerId));
    }

    public void Dispose()
    {
        while (_idle.TryTake(out var lease))
        {
            lease.Dispose();
        }
    }

    /// <summary>Runs <paramref name="read"/> on an idle lease (or a new one), parks it again, drops it on failure.</summary>
    private T WithLease<T>(Func<Lease, T> read)
    {
        var lease = _idle.TryTake(out var idle) ? idle : new Lease(_sqlite!);
        try
        {
            var result = read(lease);
            Return(lease);
            return result;
        }
        catch
        {
            lease.Dispose();
            throw;
        }
    }

    private void Return(Lease lease)
    {
        if (_idle.Count < MaxIdle)
        {
            _idle.Add(lease);
        }
        else
        {
            lease.Dispose();
        }
    }

    private sealed class Lease : IDisposable
    {
        private readonly SqliteConnection _connection;
        private readonly SqliteCommand _command;
        private readonly SqliteParameter _phone;
        private readonly SqliteCommand _recent;
        private readonly SqliteParameter _customer;

        public Lease(string connectionString)
        {
            _connection = new SqliteConnection(connectionString);
            _connection.Open();
            using (var busy = _connection.CreateCommand())
            {
                // As on EF's connections (Data/SqliteConnectionPragmas): SQLite waits natively, not 150 ms per retry.
                busy.CommandText = Data.SqliteConnectionPragmas.BusyTimeoutPragma;
                busy.ExecuteNonQuery();
            }

            _command = _connection.CreateCommand();
            _command.CommandText = Sql;
            _phone = _command.Parameters.Add("$phone", SqliteType.Text);
            _command.Prepare();
            _recent = _connection.CreateCommand();
            _recent.CommandText = RecentSql;
            _customer = _recent.Parameters.Add("$customer", SqliteType.Integer);
            _recent.Prepare();
        }

        public SnapshotRow? Read(string phone)
        {
            _phone.Value = phone;
            using var reader = _command.ExecuteReader();
            return reader.Read() ? new SnapshotRow(reader.GetString(0), reader.GetInt32(1)) : null;
        }

        public List<PopInteraction> Recent(long customerId)
        {
            _customer.Value = customerId;
            using var reader = _recent.ExecuteReader();
            var rows = new List<PopInteraction>(RecentCount);
            while (reader.Read())
            {
                // Instants are UTC ticks on SQLite (the context's converter).
                rows.Add(new PopInteraction(new DateTimeOffset(reader.GetInt64(0), TimeSpan.Zero), reader.GetString(1),
                    reader.IsDBNull(2) ? null : reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3),
                    reader.IsDBNull(4) ? null : reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5)));
            }

            return rows;
        }

        public void Dispose()
        {
            _recent.Dispose();
            _command.Dispose();
            _connection.Dispose();
        }
    }
}
