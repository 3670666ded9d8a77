using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using TelecomContactCenter.Server.Cluster;
using TelecomContactCenter.Server.Contact;
using TelecomContactCenter.Server.Data;
using TelecomContactCenter.Server.Ivr;
using TelecomContactCenter.Server.Offers;
using TelecomContactCenter.Server.Telephony;

namespace TelecomContactCenter.Server.Interactions;

/// <summary>
/// The one writer of the <c>interactions</c> table: every milestone of a call (telephony's SIP outcome, the IVR's
/// path, each ACD snapshot from queue to wrap-up, offer outcomes) goes through one bounded channel to one loop that
/// writes them group-committed, one transaction per batch with prepared upserts keyed by Call-ID on its own open
/// connection. Each kind of milestone owns its columns, so milestones merge into one row in whatever order they
/// arrive and none waits for another to create the row.
/// <para>
/// A batch is everything queued when the loop wakes (at most <see cref="MaxBatch"/>). When the batch holds only
/// fire-and-forget milestones (SIP outcomes, IVR paths) the loop first gathers for
/// <see cref="TelephonyOptions.RecordFlushDelay"/>, so the commit rate stays low while the call rate climbs; an ACD
/// save is awaited by its call, so it ends the gathering and is written at once.
/// </para>
/// <para>
/// A full channel (<see cref="TelephonyOptions.RecordQueueCapacity"/>): a SIP outcome is not waited for (a redirect
/// must not cost the database's pace); it is counted in <see cref="Dropped"/> and refused, and the call goes on. IVR
/// paths and ACD saves wait for room. On shutdown the channel is closed and everything in it is written before the
/// loop ends; a milestone offered after that is refused (SIP, IVR: logged and dropped; ACD: its save faults).
/// A failed batch is written again one milestone per transaction, so one bad row fails only its own call.
/// </para>
/// Thread-safe: producers only write to the channel; an ACD snapshot is taken and queued under one lock so a later
/// change of a call can never be queued behind an earlier one; only the loop touches the connection.
/// </summary>
internal sealed partial class InteractionWriter : IHostedService, IDisposable
{
    /// <summary>Bounds one transaction's length (and the lock it holds on SQLite) when a burst has piled up.</summary>
    public const int MaxBatch = 500;

    /// <summary>The disposition of a call that ended because the node holding its media failed.</summary>
    public const string NodeFailureDisposition = "NodeFailure";

    private readonly Channel<Milestone> _channel;
    private readonly Lock _snapshotGate = new();
    private readonly WriterConnection _connection;
    private readonly TimeProvider _time;
    private readonly TimeSpan _flushDelay;
    private readonly ILogger<InteractionWriter> _logger;
    private readonly string _node;
    private readonly List<Milestone> _batch = new(MaxBatch);
    private readonly Dictionary<string, int> _lastSnapshot = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _stopping = NewSignal();
    private Task _loop = Task.CompletedTask;
    private volatile TaskCompletionSource _wake = NewSignal();
    private long _dropped;

    public InteractionWriter(
        IServiceScopeFactory scopes, IOptions<TelephonyOptions> options, IOptions<ClusterOptions> cluster, TimeProvider time, ILogger<InteractionWriter> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(cluster);
        _node = cluster.Value.NodeNameOrDefault;
        _channel = Channel.CreateBounded<Milestone>(new BoundedChannelOptions(options.Value.RecordQueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _connection = new WriterConnection(scopes);
        _time = time;
        _flushDelay = options.Value.RecordFlushDelay;
        _logger = logger;
    }

    /// <summary>SIP outcomes refused because the channel was full or closed.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Queues telephony's outcome of a call without waiting; false (counted) when the channel is full or closed.</summary>
    public bool TryRecord(SipOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        if (_channel.Writer.TryWrite(new Milestone(outcome, null, null, null, null)))
        {
            return true;
        }

        Interlocked.Increment(ref _dropped);
        return false;
    }

    /// <summary>
    /// Queues the IVR's path of a call, waiting for room in the channel (not for the database): from there the writer
    /// owns it and writes it with the next batch, at stop included. False (logged) when the writer has stopped.
    /// </summary>
    public Task<bool> QueueAsync(IvrPathRecord path, CancellationToken cancellationToken) => QueueAsync(path, null, cancellationToken);

    /// <summary>Queues the path; completes with true once it is committed, false when the writer had stopped.</summary>
    public async Task<bool> SubmitAsync(IvrPathRecord path, CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!await QueueAsync(path, done, cancellationToken))
        {
            return false;
        }

        try
        {
            await done.Task.WaitAsync(cancellationToken);
            return true;
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            return false;
        }
    }

    private async Task<bool> QueueAsync(IvrPathRecord path, TaskCompletionSource? done, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
        var milestone = new Milestone(null, new PathMilestone(path, _time.GetUtcNow()), null, null, done);
        if (_channel.Writer.TryWrite(milestone))
        {
            return true;
        }

        try
        {
            await _channel.Writer.WriteAsync(milestone, cancellationToken);
            return true;
        }
        catch (ChannelClosedException)
        {
            LogRefused(_logger, path.CallId);
            return false;
        }
    }

    /// <summary>Completes once the call's state as of now is committed; faults when it could not be written.</summary>
    public Task SaveAsync(CallRecord record, Func<CallRecord, CallSnapshot> snapshot, CancellationToken cancellationToken) =>
        EnqueueAsync(record, snapshot, null, cancellationToken);

    /// <summary>
    /// Saves the record and adds the outcome to take-up reporting (offer_outcomes) in the same transaction, so a
    /// recorded outcome and the call's row are committed together (and a call without a known customer records no row).
    /// </summary>
    public Task SaveOfferOutcomeAsync(
        CallRecord record, Func<CallRecord, CallSnapshot> snapshot, string offerId, string agent, CancellationToken cancellationToken) =>
        EnqueueAsync(record, snapshot, (offerId, agent), cancellationToken);

    private async Task EnqueueAsync(CallRecord record, Func<CallRecord, CallSnapshot> snapshot, (string OfferId, string Agent)? outcome,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(snapshot);
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        while (true)
        {
            lock (_snapshotGate)
            {
                var call = snapshot(record);
                var row = outcome is { } recorded ? OutcomeRow(call, recorded.OfferId, recorded.Agent) : null;
                if (_channel.Writer.TryWrite(new Milestone(null, null, new SnapshotMilestone(call, row), null, done)))
                {
                    break;
                }
            }

            // Full: wait for room outside the lock, then take a fresh snapshot (never queue an older one).
            if (!await _channel.Writer.WaitToWriteAsync(cancellationToken))
            {
                throw new InvalidOperationException($"The interaction writer has stopped; call {record.Id.Value} was not saved.");
            }
        }

        _wake.TrySetResult();
        await done.Task.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Records the calls of <paramref name="node"/> that are still open and began before <paramref name="startedBefore"/>
    /// as ended now by the node's failure (disposition <see cref="NodeFailureDisposition"/> unless the agent had
    /// recorded one): their media died with the node. Written in turn with every other milestone, so a call's own
    /// later milestone (none comes from a dead node) is never overtaken. Completes with how many were closed.
    /// </summary>
    public async Task<int> CloseOpenCallsAsync(string node, DateTimeOffset startedBefore, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(node);
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var closing = new ClosingMilestone(node, _time.GetUtcNow(), startedBefore, NodeFailureDisposition);
        await _channel.Writer.WriteAsync(new Milestone(null, null, null, closing, done), cancellationToken);
        _wake.TrySetResult();
        await done.Task.WaitAsync(cancellationToken);
        return closing.Closed;
    }

    private OfferOutcomeRow? OutcomeRow(CallSnapshot call, string offerId, string agent)
    {
        var offer = call.Offers.First(o => o.OfferId == offerId);
        return call.CustomerId is { } customerId && Enum.TryParse<OfferOutcomeKind>(offer.Outcome, out var kind)
            ? new OfferOutcomeRow(customerId, offerId, offer.ScriptVersion, kind.ToString(), agent, _time.GetUtcNow())
            : null;
    }

    /// <summary>Starts the loop on its own task, so a stop that comes at once still finds it there to drain the channel.</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _loop = Task.Run(RunAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <summary>Closes the channel, ends any gathering and waits until everything queued is written.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _channel.Writer.TryComplete();
        _stopping.TrySetResult();
        await _loop.WaitAsync(cancellationToken);
    }

    /// <summary>Refuses further milestones and ends any gathering; what is queued is still written by the loop.</summary>
    public void Dispose()
    {
        _channel.Writer.TryComplete();
        _stopping.TrySetResult();
    }

    private async Task RunAsync()
    {
        var reader = _channel.Reader;
        try
        {
            // Milestones outlive shutdown's token: what was queued before the channel closed is still written.
            while (await reader.WaitToReadAsync(CancellationToken.None))
            {
                _wake = NewSignal();
                if (!Take(reader) && _batch.Count < MaxBatch && _flushDelay > TimeSpan.Zero && !_stopping.Task.IsCompleted)
                {
                    using var gathering = new CancellationTokenSource();
                    await Task.WhenAny(Task.Delay(_flushDelay, _time, gathering.Token), _wake.Task, _stopping.Task);
                    await gathering.CancelAsync();
                }

                // Everything queued by now, in batches of at most MaxBatch.
                do
                {
                    Take(reader);
                    await WriteAsync();
                }
                while (reader.TryPeek(out _));
            }
        }
        catch (Exception ex)
        {
            LogWriterStopped(_logger, ex);
        }
        finally
        {
            await _connection.DisposeAsync();
        }
    }

    /// <summary>Moves queued milestones into the batch, up to <see cref="MaxBatch"/>; true when one of them is awaited by an ACD save.</summary>
    private bool Take(ChannelReader<Milestone> reader)
    {
        var awaited = false;
        while (_batch.Count < MaxBatch && reader.TryRead(out var milestone))
        {
            _batch.Add(milestone);
            awaited |= milestone.Snapshot is not null || milestone.Closing is not null;
        }

        return awaited;
    }

    private async Task WriteAsync()
    {
        if (_batch.Count == 0)
        {
            return;
        }

        try
        {
            await WriteAsync(_batch);
            foreach (var milestone in _batch)
            {
                milestone.Done?.TrySetResult();
            }
        }
        catch (Exception batchError) when (_batch.Count > 1)
        {
            // One bad row (say, a value the database refuses) must not fail the others: write each on its own.
            LogBatchRetried(_logger, batchError, _batch.Count);
            foreach (var milestone in _batch)
            {
                try
                {
                    await WriteAsync([milestone]);
                    milestone.Done?.TrySetResult();
                }
                catch (Exception error)
                {
                    LogWriteFailed(_logger, error, milestone.CallId);
                    milestone.Done?.TrySetException(error);
                }
            }
        }
        catch (Exception error)
        {
            LogWriteFailed(_logger, error, _batch[0].CallId);
            _batch[0].Done?.TrySetException(error);
        }
        finally
        {
            _batch.Clear();
        }
    }

    /// <summary>
    /// One prepared upsert per milestone in one transaction, on the writer's open connection: the change tracker's
    /// query and save cost more than the rest of a call's path (profiled at 100 calls/s). Of several ACD snapshots
    /// of one call in the batch only the latest is written (their offer outcomes all are).
    /// </summary>
    private Task WriteAsync(List<Milestone> milestones)
    {
        _lastSnapshot.Clear();
        for (var i = 0; i < milestones.Count; i++)
        {
            if (milestones[i].Snapshot is { } snapshot)
            {
                _lastSnapshot[snapshot.Call.CallId] = i;
            }
        }

        return _connection.RunAsync(
            async batch =>
            {
                for (var i = 0; i < milestones.Count; i++)
                {
                    var milestone = milestones[i];
                    if (milestone.Sip is { } sip)
                    {
                        await InteractionStatements.WriteAsync(batch, sip, _node);
                    }
                    else if (milestone.Path is { } path)
                    {
                        await InteractionStatements.WriteAsync(batch, path, _node);
                    }
                    else if (milestone.Snapshot is { } snapshot)
                    {
                        await InteractionStatements.WriteAsync(batch, snapshot, latest: _lastSnapshot[snapshot.Call.CallId] == i, snapshot.Call.OwnerNode ?? _node);
                    }
                    else if (milestone.Closing is { } closing)
                    {
                        closing.Closed = await InteractionStatements.WriteAsync(batch, closing);
                    }
                }
            },
            CancellationToken.None);
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    [LoggerMessage(EventId = 3010, Level = LogLevel.Warning, Message = "Writing {Count} interaction milestones in one transaction failed; writing them one by one")]
    private static partial void LogBatchRetried(ILogger logger, Exception exception, int count);

    [LoggerMessage(EventId = 3012, Level = LogLevel.Error, Message = "The interaction record of call {CallId} could not be written")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception, string callId);

    [LoggerMessage(EventId = 3013, Level = LogLevel.Warning, Message = "The IVR path of call {CallId} was dropped: the interaction writer had stopped")]
    private static partial void LogRefused(ILogger logger, string callId);

    [LoggerMessage(EventId = 3011, Level = LogLevel.Critical, Message = "The interaction writer stopped")]
    private static partial void LogWriterStopped(ILogger logger, Exception exception);

    /// <summary>One queued milestone: exactly one of the four is set; <paramref name="Done"/> completes at its commit.</summary>
    private readonly record struct Milestone(
        SipOutcome? Sip, PathMilestone? Path, SnapshotMilestone? Snapshot, ClosingMilestone? Closing, TaskCompletionSource? Done)
    {
        public string CallId => Sip?.CallId ?? Path?.Path.CallId ?? Snapshot?.Call.CallId ?? $"(open calls of node {Closing!.Node})";
    }
}
