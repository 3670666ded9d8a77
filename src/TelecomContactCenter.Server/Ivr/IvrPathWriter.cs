using System.Text.Json;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using TelecomContactCenter.Server.Data;
using TelecomContactCenter.Server.Telephony;

namespace TelecomContactCenter.Server.Ivr;

/// <summary>
/// Puts each IVR call's path on the call's interaction (found by Call-ID). Telephony and the ACD write that row in
/// batches, so a path whose row is not there yet is tried again a little later. Thread-safe: calls submit to an unbounded channel; one loop writes.
/// </summary>
internal sealed partial class IvrPathWriter(IServiceScopeFactory scopes, TimeProvider time, ILogger<IvrPathWriter> logger) : BackgroundService
{
    private const int MaxAttempts = 100;
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(100);
    private readonly Channel<Pending> _pending = Channel.CreateUnbounded<Pending>();

    public void Submit(IvrPathRecord path) => _pending.Writer.TryWrite(new Pending(path, 0));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var item in _pending.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                if (!await TryWriteAsync(item.Path, stoppingToken) && item.Attempts < MaxAttempts)
                {
                    _ = RetryLaterAsync(item with { Attempts = item.Attempts + 1 }, stoppingToken);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Boundary: one failed write is logged; the next calls' paths still go in.
                LogWriteFailed(logger, item.Path.CallId, ex);
            }
        }
    }

    private async Task RetryLaterAsync(Pending item, CancellationToken cancellationToken)
    {
        await Task.Delay(RetryDelay, time, cancellationToken);
        _pending.Writer.TryWrite(item);
    }

    /// <summary>
    /// One UPDATE on the call's interaction row (one per Call-ID, whichever of telephony and the ACD wrote it first);
    /// false while neither has.
    /// </summary>
    private async Task<bool> TryWriteAsync(IvrPathRecord path, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ContactCenterDbContext>();
        var json = JsonSerializer.Serialize(path, IvrJsonContext.Default.IvrPathRecord);
        return await db.Interactions.Where(i => i.CallId == path.CallId)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.IvrPath, json), cancellationToken) > 0;
    }

    private sealed record Pending(IvrPathRecord Path, int Attempts);

    [LoggerMessage(Level = LogLevel.Error, Message = "Writing the IVR path of call {CallId} failed")]
    private static partial void LogWriteFailed(ILogger logger, string callId, Exception exception);
}
