using System.Text.Json;
using System.Threading.Channels;
using TelecomContactCenter.Server.Data;

namespace TelecomContactCenter.Server.Ivr;

/// <summary>
/// Puts each IVR call's path on the call's interaction row (found by Call-ID), group-committed like the interaction
/// and call-record writers: the loop takes everything submitted since its last batch and writes it in one
/// transaction with one prepared UPDATE on its own open connection (a DI scope, EF context, connection and commit
/// per path was 5 % of the server's CPU at 200 calls/s). Telephony and the ACD write that row in their own batches,
/// so the path usually comes first: a path that updated no row waits, backing off from
/// <see cref="FirstRetryDelay"/> to <see cref="MaxRetryDelay"/>, joins a later batch, and is given up rather than
/// tried past <see cref="GiveUpAfter"/>. A new path is written at once, never held back by those waits.
/// Thread-safe: <see cref="Submit"/> writes to an unbounded channel; only the loop touches the waiting paths and
/// the connection.
/// </summary>
internal sealed partial class IvrPathWriter(IServiceScopeFactory scopes, TimeProvider time, ILogger<IvrPathWriter> logger) : BackgroundService
{
    public static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(100);
    public static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan GiveUpAfter = TimeSpan.FromSeconds(10);

    private const string Update = "UPDATE \"interactions\" SET \"IvrPath\" = @p0 WHERE \"CallId\" = @p1;";

    // Bounds one transaction's length (and the lock it holds on SQLite) when a burst has piled up.
    private const int MaxBatch = 500;

    // A retry due this soon rides along with the batch being written: in it, the retry costs one statement; on its
    // own, a commit. Under load that is nearly every retry, as batches follow each other closely.
    private static readonly TimeSpan RideAlong = FirstRetryDelay / 2;

    private readonly Channel<Submitted> _submitted = Channel.CreateUnbounded<Submitted>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Dictionary<string, PendingPath> _waiting = new(StringComparer.Ordinal);
    private readonly WriterConnection _connection = new(scopes);

    /// <summary>Queues the path for the next batch without waiting for it.</summary>
    public void Submit(IvrPathRecord path) => Enqueue(path, null);

    /// <summary>
    /// Queues the path; completes with true once it is committed on its row, false when it was given up (no row within
    /// <see cref="GiveUpAfter"/>, or the host stopped first).
    /// </summary>
    public Task<bool> SubmitAsync(IvrPathRecord path, CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        Enqueue(path, done);
        return done.Task.WaitAsync(cancellationToken);
    }

    private void Enqueue(IvrPathRecord path, TaskCompletionSource<bool>? done)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!_submitted.Writer.TryWrite(new Submitted(path, done)))
        {
            // The writer has stopped with the host: nothing would ever take the path.
            LogGaveUp(logger, path.CallId);
            done?.TrySetResult(false);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var batch = Take(everything: false);
                if (batch.Count > 0)
                {
                    await WriteAsync(batch);
                }
                else
                {
                    await WaitAsync(stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping; what is held gets its last try below.
        }
        finally
        {
            // One last batch of everything held, so calls that ended as the host stopped keep their path when their
            // row is already there; the rest are given up, as are paths submitted after this.
            _submitted.Writer.TryComplete();
            for (var batch = Take(everything: true); batch.Count > 0; batch = Take(everything: true))
            {
                await WriteAsync(batch);
                foreach (var path in _waiting.Values)
                {
                    GiveUp(path);
                }

                _waiting.Clear();
            }

            await _connection.DisposeAsync();
        }
    }

    /// <summary>The next batch: new paths first (a newer path of a call replaces one still waiting), then those due.</summary>
    private List<PendingPath> Take(bool everything)
    {
        var now = time.GetUtcNow();
        var batch = new List<PendingPath>();
        while (batch.Count < MaxBatch && _submitted.Reader.TryRead(out var submitted))
        {
            if (_waiting.Remove(submitted.Path.CallId, out var older))
            {
                older.Done?.TrySetResult(false);
            }

            var json = JsonSerializer.Serialize(submitted.Path, IvrJsonContext.Default.IvrPathRecord);
            batch.Add(new PendingPath(submitted.Path.CallId, json, submitted.Done, now, FirstRetryDelay, now));
        }

        foreach (var path in _waiting.Values)
        {
            if (batch.Count == MaxBatch)
            {
                break;
            }

            if (everything || path.DueAt <= now + RideAlong)
            {
                batch.Add(path);
            }
        }

        foreach (var path in batch)
        {
            _waiting.Remove(path.CallId);
        }

        return batch;
    }

    /// <summary>Sleeps until a path is submitted or the earliest waiting path is due.</summary>
    private async Task WaitAsync(CancellationToken stoppingToken)
    {
        if (_waiting.Count == 0)
        {
            await _submitted.Reader.WaitToReadAsync(stoppingToken);
            return;
        }

        var delay = _waiting.Values.Min(p => p.DueAt) - time.GetUtcNow();
        if (delay <= TimeSpan.Zero)
        {
            return;
        }

        using var due = new CancellationTokenSource(delay, time);
        using var wake = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, due.Token);
        try
        {
            await _submitted.Reader.WaitToReadAsync(wake.Token);
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            // The earliest waiting path is due.
        }
    }

    /// <summary>
    /// Writes the batch; paths that found no row wait for the next try. A failed transaction puts the whole batch
    /// back to wait rather than writing the paths one by one: the only value is JSON text on a text column, so a
    /// failure is the database's (down, restarting, locked), which a moment later and a fresh connection may cure.
    /// </summary>
    private async Task WriteAsync(List<PendingPath> batch)
    {
        List<PendingPath> missing;
        try
        {
            missing = await UpdateAsync(batch);
        }
        catch (Exception error)
        {
            // Boundary: the paths are kept; the calls and later batches go on.
            LogBatchFailed(logger, error, batch.Count);
            missing = batch;
        }

        var now = time.GetUtcNow();
        foreach (var path in missing)
        {
            var due = now + path.Backoff;
            if (due - path.Since > GiveUpAfter)
            {
                GiveUp(path);
                continue;
            }

            var backoff = TimeSpan.FromTicks(Math.Min(path.Backoff.Ticks * 2, MaxRetryDelay.Ticks));
            _waiting[path.CallId] = path with { DueAt = due, Backoff = backoff };
        }
    }

    /// <summary>One UPDATE per path in one transaction; the paths whose row is not there yet.</summary>
    private async Task<List<PendingPath>> UpdateAsync(List<PendingPath> batch)
    {
        var missing = new List<PendingPath>();
        var written = new List<PendingPath>(batch.Count);
        // Paths outlive shutdown's token: the last batch is still written.
        await _connection.RunAsync(
            async writer =>
            {
                missing.Clear();
                written.Clear();
                var update = writer.Command(Update, 2);
                foreach (var path in batch)
                {
                    PreparedCommands.Set(update, path.Json, path.CallId);
                    (await update.ExecuteNonQueryAsync(CancellationToken.None) > 0 ? written : missing).Add(path);
                }
            },
            CancellationToken.None);
        foreach (var path in written)
        {
            path.Done?.TrySetResult(true);
        }

        return missing;
    }

    private void GiveUp(PendingPath path)
    {
        LogGaveUp(logger, path.CallId);
        path.Done?.TrySetResult(false);
    }

    private sealed record Submitted(IvrPathRecord Path, TaskCompletionSource<bool>? Done);

    /// <summary>A path on its way: first tried at <paramref name="Since"/>, next due at <paramref name="DueAt"/>.</summary>
    private sealed record PendingPath(
        string CallId, string Json, TaskCompletionSource<bool>? Done, DateTimeOffset Since, TimeSpan Backoff, DateTimeOffset DueAt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Writing {Count} IVR paths failed; they are tried again shortly")]
    private static partial void LogBatchFailed(ILogger logger, Exception exception, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The IVR path of call {CallId} was dropped: its interaction record did not appear in time, or the host stopped")]
    private static partial void LogGaveUp(ILogger logger, string callId);
}
