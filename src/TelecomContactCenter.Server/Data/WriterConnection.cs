using System.Data.Common;
using Microsoft.EntityFrameworkCore;

namespace TelecomContactCenter.Server.Data;

/// <summary>
/// The database connection of one group-commit writer (call records, interaction rows), kept open between batches
/// with its statements created once. Opening a connection through EF per batch, and building the statements again,
/// cost more than writing the rows (the screen-pop profile: 14 % of the server's allocations went to EF's SQLite
/// open and close alone). A failed batch drops the connection, so the next one starts on a fresh connection (a
/// restarted PostgreSQL, a broken socket). Thread-safe: batches run one at a time under a semaphore.
/// </summary>
internal sealed class WriterConnection(IServiceScopeFactory scopes) : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<string, DbCommand> _commands = new(StringComparer.Ordinal);
    private AsyncServiceScope? _scope;
    private DbConnection? _connection;
    private DatabaseProvider _provider;
    private bool _disposed;

    /// <summary>Runs <paramref name="work"/> in one transaction and commits it; rolls back and reconnects on failure.</summary>
    public async Task RunAsync(Func<WriterBatch, Task> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var connection = await OpenAsync(cancellationToken);
            try
            {
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                await work(new WriterBatch(this, transaction, _provider));
                await transaction.CommitAsync(cancellationToken);
            }
            catch
            {
                await DropAsync();
                throw;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync();
        try
        {
            _disposed = true;
            await DropAsync();
        }
        finally
        {
            _gate.Release();
        }

        _gate.Dispose();
    }

    internal DbCommand Command(DbTransaction transaction, string sql, int parameterCount)
    {
        if (!_commands.TryGetValue(sql, out var command))
        {
            command = PreparedCommands.Prepare(_connection!, transaction, sql, parameterCount);
            _commands.Add(sql, command);
        }

        command.Transaction = transaction;
        return command;
    }

    private async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        if (_connection is { } open)
        {
            return open;
        }

        var scope = scopes.CreateAsyncScope();
        try
        {
            // The context opens the connection as every other does (provider, connection string, SQLite's busy
            // timeout) and keeps it open until told otherwise.
            var db = scope.ServiceProvider.GetRequiredService<ContactCenterDbContext>();
            await db.Database.OpenConnectionAsync(cancellationToken);
            _scope = scope;
            _provider = DatabaseProviders.Of(db.Database);
            _connection = db.Database.GetDbConnection();
            return _connection;
        }
        catch
        {
            await scope.DisposeAsync();
            throw;
        }
    }

    private async Task DropAsync()
    {
        foreach (var command in _commands.Values)
        {
            await command.DisposeAsync();
        }

        _commands.Clear();
        _connection = null;
        if (_scope is { } scope)
        {
            _scope = null;
            await scope.DisposeAsync();
        }
    }
}

/// <summary>One transaction of a <see cref="WriterConnection"/>: its statements, and the storage conventions.</summary>
internal readonly struct WriterBatch(WriterConnection owner, DbTransaction transaction, DatabaseProvider provider)
{
    /// <summary>True on SQLite (instants as UTC ticks), false on PostgreSQL and SQL Server.</summary>
    public bool Sqlite => provider == DatabaseProvider.Sqlite;

    /// <summary>True on SQL Server, whose upserts are MERGE statements rather than INSERT … ON CONFLICT.</summary>
    public bool SqlServer => provider == DatabaseProvider.SqlServer;

    /// <summary>The statement for <paramref name="sql"/> on this connection, created on first use, in this transaction.</summary>
    public DbCommand Command(string sql, int parameterCount) => owner.Command(transaction, sql, parameterCount);
}
