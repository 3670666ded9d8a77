using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using TelecomContactCenter.Server.Cluster;
using TelecomContactCenter.Server.Data;
using TelecomContactCenter.Sip.Registrar;

namespace TelecomContactCenter.Server.Telephony;

/// <summary>
/// Keeps the registrar's bindings in <c>sip_registrations</c>. A REGISTER answered 200 is a promise that the phone
/// can be rung until its expiry, so the node writes each change behind the registrar (coalesced per contact, never
/// on the REGISTER's thread) and puts its own live bindings back when it starts again. In a cluster (PostgreSQL
/// with <c>Cluster:Redis</c>) every node also reads the others' bindings, on a PostgreSQL notification after each
/// write and every <c>Cluster:RegistrationRefresh</c>, so any node rings a phone registered through any node; a
/// dead node's bindings stay ringable until they expire, as the phones behind them are still there.
/// Thread-safety: the registrar's events only mark contacts dirty in a concurrent set and wake the one writer loop;
/// the reader loop is the only caller of <see cref="RegistrationStore.SetRemote"/>.
/// </summary>
internal sealed partial class RegistrationPersistence(
    RegistrationStore store,
    IServiceScopeFactory scopes,
    IOptions<ClusterOptions> cluster,
    IOptions<DatabaseOptions> database,
    TimeProvider time,
    ILogger<RegistrationPersistence> logger) : IHostedService, IDisposable
{
    /// <summary>The PostgreSQL notification channel nodes announce their registration writes on.</summary>
    public const string NotifyChannel = "tcc_registrations";

    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan SweepEvery = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<(string Aor, string Contact), byte> _dirty = new();
    private readonly SemaphoreSlim _written = new(0);
    private readonly SemaphoreSlim _changedElsewhere = new(0);
    private readonly CancellationTokenSource _stopping = new();
    private readonly string _node = cluster.Value.NodeNameOrDefault;
    private readonly bool _shared = cluster.Value.Enabled && database.Value.Provider == DatabaseProvider.Postgres;
    private bool _disposed;
    private DateTimeOffset _lastSweep = DateTimeOffset.MinValue;
    private Task _writer = Task.CompletedTask;
    private Task _reader = Task.CompletedTask;
    private Task _listener = Task.CompletedTask;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var restored = await RestoreAsync(cancellationToken);
        if (restored > 0)
        {
            LogRestored(logger, restored, _node);
        }

        store.BindingChanged += OnBindingChanged;
        _writer = Task.Run(() => WriteLoopAsync(_stopping.Token), CancellationToken.None);
        if (_shared)
        {
            await RefreshRemoteAsync(cancellationToken);
            _reader = Task.Run(() => ReadLoopAsync(_stopping.Token), CancellationToken.None);
            _listener = Task.Run(() => ListenAsync(_stopping.Token), CancellationToken.None);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        store.BindingChanged -= OnBindingChanged;
        try
        {
            if (_disposed)
            {
                return;
            }

            await _stopping.CancelAsync();
        }
        catch (ObjectDisposedException)
        {
            // Disposed by the container while this stop ran (a host's stop and its disposal can overlap): Dispose
            // has ended the loops.
            return;
        }

        await Task.WhenAll(_writer, _reader, _listener).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);

        // What the registrar accepted up to now is written before the node goes. A write that fails here is
        // reported, not thrown: the other services' stop must go on, and the phones concerned re-register within
        // their expiry wherever they land.
        try
        {
            await FlushAsync(cancellationToken);
        }
        catch (Exception ex)
        {
            LogFinalWriteFailed(logger, _dirty.Count, ex);
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        // The container may dispose this before the host stops it: the loops end here then.
        _disposed = true;
        _stopping.Cancel();
        _stopping.Dispose();
        _written.Dispose();
        _changedElsewhere.Dispose();
    }

    private void OnBindingChanged(object? sender, RegistrationChangedEventArgs e)
    {
        if (e.IsRemote)
        {
            return;
        }

        _dirty[(e.Binding.AddressOfRecord, SavedRegistration.KeyOf(e.Binding.Contact))] = 0;
        Wake(_written);
    }

    private async Task<int> RestoreAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ContactCenterDbContext>();
        var rows = await db.Set<SavedRegistration>().AsNoTracking()
            .Where(r => r.Node == _node && r.ExpiresAt > now)
            .ToListAsync(cancellationToken);
        return store.Restore(rows.Select(r => r.ToBinding()).OfType<RegistrationBinding>());
    }

    private async Task WriteLoopAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await _written.WaitAsync(stopping);
                while (_written.Wait(0, CancellationToken.None))
                {
                    // One flush writes every contact marked so far.
                }

                await FlushAsync(stopping);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The contacts stay dirty (FlushAsync puts them back): the next attempt writes them.
                LogWriteFailed(logger, ex);
                await DelayAsync(RetryDelay, stopping);
                Wake(_written);
            }
        }
    }

    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (_dirty.IsEmpty)
        {
            return;
        }

        var keys = _dirty.Keys.ToList();
        foreach (var key in keys)
        {
            _dirty.TryRemove(key, out _);
        }

        try
        {
            var current = store.LocalBindings().ToDictionary(b => (b.AddressOfRecord, SavedRegistration.KeyOf(b.Contact)));
            var now = time.GetUtcNow();
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ContactCenterDbContext>();
            var rows = db.Set<SavedRegistration>();

            // One read for the whole flush: every saved contact of the addresses-of-record marked dirty.
            var aors = keys.Select(k => k.Aor).Distinct(StringComparer.Ordinal).ToList();
            var savedRows = (await rows.Where(r => aors.Contains(r.AddressOfRecord)).ToListAsync(cancellationToken))
                .ToDictionary(r => (r.AddressOfRecord, r.ContactUri));
            foreach (var key in keys)
            {
                var saved = savedRows.GetValueOrDefault(key);
                if (current.TryGetValue(key, out var binding))
                {
                    var row = SavedRegistration.From(binding, _node);
                    if (saved is null)
                    {
                        rows.Add(row);
                    }
                    else
                    {
                        saved.CopyFrom(row);
                    }
                }
                else if (saved is not null && saved.Node == _node)
                {
                    // Gone here; a row another node has written since belongs to that node's registrar now.
                    rows.Remove(saved);
                }
            }

            await db.SaveChangesAsync(cancellationToken);
            if (now - _lastSweep >= SweepEvery)
            {
                // Expired rows (any node's) are never read; clearing them is housekeeping, not per write.
                await rows.Where(r => r.ExpiresAt <= now).ExecuteDeleteAsync(cancellationToken);
                _lastSweep = now;
            }

            if (_shared)
            {
                await db.Database.ExecuteSqlAsync($"SELECT pg_notify({NotifyChannel}, {_node})", cancellationToken);
            }
        }
        catch
        {
            foreach (var key in keys)
            {
                _dirty.TryAdd(key, 0);
            }

            throw;
        }
    }

    private async Task ReadLoopAsync(CancellationToken stopping)
    {
        var every = cluster.Value.RegistrationRefresh;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                using var period = new CancellationTokenSource(every, time);
                using var tick = CancellationTokenSource.CreateLinkedTokenSource(stopping, period.Token);
                try
                {
                    await _changedElsewhere.WaitAsync(tick.Token);
                }
                catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
                {
                    // The periodic read: catches what a lost notification did not say, and expiries.
                }

                await RefreshRemoteAsync(stopping);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogReadFailed(logger, ex);
                await DelayAsync(RetryDelay, stopping);
            }
        }
    }

    private async Task RefreshRemoteAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ContactCenterDbContext>();
        var rows = await db.Set<SavedRegistration>().AsNoTracking()
            .Where(r => r.Node != _node && r.ExpiresAt > now)
            .ToListAsync(cancellationToken);
        store.SetRemote([.. rows.Select(r => r.ToBinding()).OfType<RegistrationBinding>()]);
    }

    /// <summary>LISTEN on a connection of its own; reconnects after a failure.</summary>
    private async Task ListenAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(database.Value.PostgresConnectionString);
                connection.Notification += (_, e) =>
                {
                    if (e.Payload != _node)
                    {
                        Wake(_changedElsewhere);
                    }
                };
                await connection.OpenAsync(stopping);
                await using (var listen = new NpgsqlCommand($"LISTEN {NotifyChannel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stopping);
                }

                // Anything written while this node was not listening is picked up by a read now.
                Wake(_changedElsewhere);
                while (!stopping.IsCancellationRequested)
                {
                    await connection.WaitAsync(stopping);
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogListenFailed(logger, ex);
                await DelayAsync(RetryDelay, stopping);
            }
        }
    }

    private void Wake(SemaphoreSlim signal)
    {
        try
        {
            signal.Release();
        }
        catch (ObjectDisposedException) when (_disposed)
        {
            // Stopped: the last flush has run or the process is going.
        }
    }

    private Task DelayAsync(TimeSpan delay, CancellationToken stopping) => QuietDelay.DelayAsync(time, delay, stopping);

    [LoggerMessage(Level = LogLevel.Information, Message = "Restored {Count} phone registrations this node ({Node}) held before it stopped")]
    private static partial void LogRestored(ILogger logger, int count, string node);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Saving phone registrations failed; retrying")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Saving {Count} phone registrations as the node stopped failed: they are not restored at the next start; the phones re-register within their expiry")]
    private static partial void LogFinalWriteFailed(ILogger logger, int count, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading other nodes' phone registrations failed; retrying")]
    private static partial void LogReadFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Listening for other nodes' registration changes failed; reconnecting")]
    private static partial void LogListenFailed(ILogger logger, Exception exception);
}
