using System.Threading.Channels;
using Microsoft.Extensions.Options;
using TelecomContactCenter.Server.Data;
using TelecomContactCenter.Server.Interactions;

namespace TelecomContactCenter.Server.Telephony;

/// <summary>
/// Hands call records from SIP workers to <see cref="CallRecordWriter"/> without waiting for the database: a
/// redirect must not cost a write round-trip. Thread-safe: a bounded multi-writer channel; when it is full the
/// record is counted as dropped rather than blocking the call.
/// </summary>
internal sealed class CallRecorder
{
    private readonly Channel<CallRecord> _queue;
    private long _dropped;

    public CallRecorder(IOptions<TelephonyOptions> options)
    {
        _queue = Channel.CreateBounded<CallRecord>(new BoundedChannelOptions(options.Value.RecordQueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    public long Dropped => Interlocked.Read(ref _dropped);

    public ChannelReader<CallRecord> Reader => _queue.Reader;

    public bool TryRecord(CallRecord record)
    {
        if (_queue.Writer.TryWrite(record))
        {
            return true;
        }

        Interlocked.Increment(ref _dropped);
        return false;
    }

    public void Complete() => _queue.Writer.TryComplete();
}

/// <summary>
/// Writes queued call records in batches, one transaction per batch on the writer's own open connection: after the first record of a
/// batch it waits <see cref="TelephonyOptions.RecordFlushDelay"/> for more, so the commit rate stays low while the
/// call rate climbs. On shutdown it drains what is queued without waiting.
/// </summary>
internal sealed partial class CallRecordWriter(
    CallRecorder recorder,
    IServiceScopeFactory scopes,
    IOptions<TelephonyOptions> options,
    TimeProvider time,
    ILogger<CallRecordWriter> logger) : BackgroundService
{
    private const int MaxBatch = 500;
    private readonly TimeSpan _flushDelay = options.Value.RecordFlushDelay;
    private readonly WriterConnection _connection = new(scopes);

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        recorder.Complete();
        await base.StopAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<CallRecord>(MaxBatch);
        var reader = recorder.Reader;
        try
        {
            while (await reader.WaitToReadAsync(CancellationToken.None))
            {
                if (_flushDelay > TimeSpan.Zero && !stoppingToken.IsCancellationRequested)
                {
                    await Task.Delay(_flushDelay, time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                }

                while (reader.TryRead(out var record))
                {
                    batch.Add(record);
                    if (batch.Count == MaxBatch)
                    {
                        await WriteAsync(batch);
                        batch.Clear();
                    }
                }

                if (batch.Count > 0)
                {
                    await WriteAsync(batch);
                    batch.Clear();
                }
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogWriterStopped(logger, ex);
        }
        finally
        {
            await _connection.DisposeAsync();
        }
    }

    private async Task WriteAsync(List<CallRecord> batch)
    {
        try
        {
            // Records outlive shutdown's token: a drained batch is still written.
            await _connection.RunAsync(b => CallRecordStore.WriteAsync(b, batch, CancellationToken.None), CancellationToken.None);
        }
        catch (Exception ex)
        {
            // Boundary: a failed batch is logged and lost; calls and later batches go on.
            LogBatchFailed(logger, batch.Count, ex);
        }
    }

    [LoggerMessage(EventId = 3010, Level = LogLevel.Error, Message = "Writing {Count} call records failed")]
    private static partial void LogBatchFailed(ILogger logger, int count, Exception exception);

    [LoggerMessage(EventId = 3011, Level = LogLevel.Critical, Message = "The call record writer stopped")]
    private static partial void LogWriterStopped(ILogger logger, Exception exception);
}

/// <summary>Builds the interaction and its call record for one SIP call.</summary>
internal static class CallRecords
{
    /// <summary>The channel of every call, as the ACD and the demo history write it.</summary>
    public const string Channel = "Voice";

    public static CallRecord Create(CallFacts facts, DateTimeOffset now) => new()
    {
        Interaction = new Interaction
        {
            Caller = facts.Identity.DisplayNumber,
            Channel = Channel,
            StartedAt = facts.StartedAt,
            EndedAt = now,
            CustomerId = facts.Decision?.CustomerId,
            Disposition = facts.Disposition,
            CallId = Truncate(facts.CallId, 128),
            CallerE164 = facts.Identity.E164,
            IdentityConfidence = facts.Identity.Confidence,
            Tier = facts.Decision?.Tier,
        },
        CallId = Truncate(facts.CallId, 128)!,
        AccessNumber = Truncate(facts.AccessNumber, 32)!,
        Mode = facts.Mode,
        CallerRaw = Truncate(facts.Identity.Raw, 64),
        CallerE164 = facts.Identity.E164,
        IdentityConfidence = facts.Identity.Confidence,
        IdentitySource = facts.Identity.Source,
        StatusCode = facts.StatusCode,
        TargetQueue = facts.Decision?.TargetQueue,
        TargetAgent = facts.Decision?.TargetAgent,
        Tier = facts.Decision?.Tier,
        LifecycleStage = facts.Decision?.LifecycleStage,
        Priority = facts.Decision?.Priority,
        Reason = Truncate(facts.Reason, 400)!,
        DecisionMicroseconds = facts.DecisionMicroseconds,
    };

    private static string? Truncate(string? text, int length) =>
        text is null || text.Length <= length ? text : text[..length];
}
