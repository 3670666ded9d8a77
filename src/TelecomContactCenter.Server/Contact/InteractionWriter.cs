using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using TelecomContactCenter.Server.Data;
using TelecomContactCenter.Server.Offers;

namespace TelecomContactCenter.Server.Contact;

/// <summary>
/// Persists each call's interaction row as the call moves on (queued, answered, ended, outcomes, wrap-up), so a
/// restart loses no record. Saves are group-committed: a save joins the next batch and completes when that batch is
/// in the database; one flush runs at a time and takes everything saved while the previous one ran (the latest
/// snapshot of each call), so under load one transaction carries many calls' changes, and when idle
/// a save is written at once. Thread-safe: one lock guards the pending batch; the snapshot is taken under it so a
/// later change of a call can never be overwritten by an earlier one.
/// </summary>
internal sealed partial class InteractionWriter(
    IServiceScopeFactory scopes, TimeProvider time, ILogger<InteractionWriter> logger) : IAsyncDisposable
{
    private const string InsertOutcome =
        "INSERT INTO \"offer_outcomes\" (\"CustomerId\", \"OfferId\", \"ScriptVersion\", \"Outcome\", \"Agent\", \"RecordedAt\") " +
        "VALUES (@p0, @p1, @p2, @p3, @p4, @p5);";

    private const string Upsert =
        "INSERT INTO \"interactions\" (\"CallId\", \"Caller\", \"Channel\", \"StartedAt\", \"CustomerId\", \"CallerE164\", \"IdentityConfidence\", \"IvrPath\", \"IvrDigits\", \"Queue\", \"Tier\", " +
        "\"QueuedAt\", \"RingStartedAt\", \"AnsweredAt\", \"EndedAt\", \"WrapUpCompletedAt\", \"Agent\", \"Disposition\", \"ComplaintId\", \"Offers\", \"Routing\", \"Notes\") " +
        "VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6, @p7, @p8, @p9, @p10, @p11, @p12, @p13, @p14, @p15, @p16, @p17, @p18, @p19, @p20, @p21) " +
        "ON CONFLICT (\"CallId\") DO UPDATE SET " +
        "\"CustomerId\" = excluded.\"CustomerId\", \"CallerE164\" = excluded.\"CallerE164\", \"IdentityConfidence\" = excluded.\"IdentityConfidence\", \"IvrPath\" = COALESCE(\"interactions\".\"IvrPath\", excluded.\"IvrPath\"), " +
        "\"IvrDigits\" = excluded.\"IvrDigits\", \"Queue\" = excluded.\"Queue\", \"Tier\" = excluded.\"Tier\", \"QueuedAt\" = excluded.\"QueuedAt\", " +
        "\"RingStartedAt\" = excluded.\"RingStartedAt\", \"AnsweredAt\" = excluded.\"AnsweredAt\", \"EndedAt\" = excluded.\"EndedAt\", \"WrapUpCompletedAt\" = excluded.\"WrapUpCompletedAt\", " +
        "\"Agent\" = excluded.\"Agent\", \"Disposition\" = excluded.\"Disposition\", \"ComplaintId\" = excluded.\"ComplaintId\", \"Offers\" = excluded.\"Offers\", " +
        "\"Routing\" = excluded.\"Routing\", \"Notes\" = excluded.\"Notes\";";

    // SQL Server has no INSERT … ON CONFLICT: the same upsert as one MERGE, the key range held (HOLDLOCK) from the
    // match to the insert as the unique index on CallId does for ON CONFLICT.
    private const string UpsertSqlServer =
        "MERGE \"interactions\" WITH (HOLDLOCK) AS t USING (VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6, @p7, @p8, @p9, @p10, @p11, @p12, @p13, @p14, @p15, @p16, @p17, @p18, @p19, @p20, @p21)) " +
        "AS s (\"CallId\", \"Caller\", \"Channel\", \"StartedAt\", \"CustomerId\", \"CallerE164\", \"IdentityConfidence\", \"IvrPath\", \"IvrDigits\", \"Queue\", \"Tier\", \"QueuedAt\", \"RingStartedAt\", \"AnsweredAt\", \"EndedAt\", \"WrapUpCompletedAt\", \"Agent\", \"Disposition\", \"ComplaintId\", \"Offers\", \"Routing\", \"Notes\") ON t.\"CallId\" = s.\"CallId\" " +
        "WHEN MATCHED THEN UPDATE SET \"CustomerId\" = s.\"CustomerId\", \"CallerE164\" = s.\"CallerE164\", \"IdentityConfidence\" = s.\"IdentityConfidence\", \"IvrPath\" = COALESCE(t.\"IvrPath\", s.\"IvrPath\"), \"IvrDigits\" = s.\"IvrDigits\", \"Queue\" = s.\"Queue\", \"Tier\" = s.\"Tier\", \"QueuedAt\" = s.\"QueuedAt\", \"RingStartedAt\" = s.\"RingStartedAt\", \"AnsweredAt\" = s.\"AnsweredAt\", \"EndedAt\" = s.\"EndedAt\", \"WrapUpCompletedAt\" = s.\"WrapUpCompletedAt\", \"Agent\" = s.\"Agent\", \"Disposition\" = s.\"Disposition\", \"ComplaintId\" = s.\"ComplaintId\", \"Offers\" = s.\"Offers\", \"Routing\" = s.\"Routing\", \"Notes\" = s.\"Notes\" " +
        "WHEN NOT MATCHED THEN INSERT (\"CallId\", \"Caller\", \"Channel\", \"StartedAt\", \"CustomerId\", \"CallerE164\", \"IdentityConfidence\", \"IvrPath\", \"IvrDigits\", \"Queue\", \"Tier\", \"QueuedAt\", \"RingStartedAt\", \"AnsweredAt\", \"EndedAt\", \"WrapUpCompletedAt\", \"Agent\", \"Disposition\", \"ComplaintId\", \"Offers\", \"Routing\", \"Notes\") VALUES (s.\"CallId\", s.\"Caller\", s.\"Channel\", s.\"StartedAt\", s.\"CustomerId\", s.\"CallerE164\", s.\"IdentityConfidence\", s.\"IvrPath\", s.\"IvrDigits\", s.\"Queue\", s.\"Tier\", s.\"QueuedAt\", s.\"RingStartedAt\", s.\"AnsweredAt\", s.\"EndedAt\", s.\"WrapUpCompletedAt\", s.\"Agent\", s.\"Disposition\", s.\"ComplaintId\", s.\"Offers\", s.\"Routing\", s.\"Notes\");";

    private readonly Lock _gate = new();
    private readonly WriterConnection _connection = new(scopes);
    private Dictionary<string, PendingCall> _pending = new(StringComparer.Ordinal);
    private TaskCompletionSource _batch = NewBatch();
    private bool _flushing;

    /// <summary>Completes once the call's state as of now is committed; faults when that batch could not be written.</summary>
    public Task SaveAsync(CallRecord record, Func<CallRecord, CallSnapshot> snapshot, CancellationToken cancellationToken) =>
        Enqueue(record, snapshot, null, cancellationToken);

    /// <summary>
    /// Saves the record and adds the outcome to take-up reporting (offer_outcomes) in the same batch, so a recorded
    /// outcome and the call's row are committed together (and a call without a known customer records no row).
    /// </summary>
    public Task SaveOfferOutcomeAsync(
        CallRecord record, Func<CallRecord, CallSnapshot> snapshot, string offerId, string agent, CancellationToken cancellationToken) =>
        Enqueue(record, snapshot, (offerId, agent), cancellationToken);

    private Task Enqueue(CallRecord record, Func<CallRecord, CallSnapshot> snapshot, (string OfferId, string Agent)? outcome,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(snapshot);
        Task committed;
        bool lead;
        lock (_gate)
        {
            var call = snapshot(record);
            var outcomes = _pending.TryGetValue(call.CallId, out var earlier) ? earlier.Outcomes : null;
            if (outcome is { } recorded && OutcomeRow(call, recorded.OfferId, recorded.Agent) is { } row)
            {
                (outcomes ??= []).Add(row);
            }

            _pending[call.CallId] = new PendingCall(call, outcomes);
            committed = _batch.Task;
            lead = !_flushing;
            _flushing = true;
        }

        if (lead)
        {
            // Off the caller's stack: the flush loop keeps going while saves keep arriving.
            _ = Task.Run(FlushAsync, CancellationToken.None);
        }

        return committed.WaitAsync(cancellationToken);
    }

    private OfferOutcomeRow? OutcomeRow(CallSnapshot call, string offerId, string agent)
    {
        var offer = call.Offers.First(o => o.OfferId == offerId);
        return call.CustomerId is { } customerId && Enum.TryParse<OfferOutcomeKind>(offer.Outcome, out var kind)
            ? new OfferOutcomeRow(customerId, offerId, offer.ScriptVersion, kind.ToString(), agent, time.GetUtcNow())
            : null;
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();

    private static TaskCompletionSource NewBatch() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private async Task FlushAsync()
    {
        while (true)
        {
            Dictionary<string, PendingCall> calls;
            TaskCompletionSource batch;
            lock (_gate)
            {
                if (_pending.Count == 0)
                {
                    _flushing = false;
                    return;
                }

                (calls, _pending) = (_pending, new Dictionary<string, PendingCall>(StringComparer.Ordinal));
                (batch, _batch) = (_batch, NewBatch());
            }

            try
            {
                await WriteAsync(calls.Values);
                batch.SetResult();
            }
            catch (Exception batchError) when (calls.Count > 1)
            {
                // One bad row (say, a value the database refuses) must not fail the others:
                // write each on its own and report the first that still fails.
                LogBatchRetried(logger, batchError, calls.Count);
                Exception? failed = null;
                foreach (var call in calls.Values)
                {
                    try
                    {
                        await WriteAsync([call]);
                    }
                    catch (Exception error)
                    {
                        LogWriteFailed(logger, error, call.Call.CallId);
                        failed ??= error;
                    }
                }

                Complete(batch, failed);
            }
            catch (Exception error)
            {
                LogWriteFailed(logger, error, calls.Keys.First());
                batch.SetException(error);
            }
        }
    }

    private static void Complete(TaskCompletionSource batch, Exception? failed)
    {
        if (failed is null)
        {
            batch.SetResult();
        }
        else
        {
            batch.SetException(failed);
        }
    }

    /// <summary>
    /// One prepared upsert per call in one transaction, on the writer's open connection: the change tracker's query and
    /// save cost more than the rest of a call's path (profiled at 100 calls/s). The ACD owns the columns it sets;
    /// the caller, channel and start are only written with a new row (telephony moves the start back to the
    /// INVITE), and the IVR's own path record, richer than the hand-over's list of states, is never overwritten.
    /// </summary>
    private Task WriteAsync(IReadOnlyCollection<PendingCall> calls) => _connection.RunAsync(
        async batch =>
        {
            var sqlite = batch.Sqlite;
            var upsert = batch.Command(batch.SqlServer ? UpsertSqlServer : Upsert, 22);
            foreach (var (call, outcomes) in calls)
            {
                PreparedCommands.Set(upsert,
                    call.CallId, Caller(call), call.Handoff.Callback is null ? "Voice" : "Callback", PreparedCommands.Instant(call.QueuedAt, sqlite),
                    call.CustomerId, call.Handoff.Caller.E164, call.Handoff.Caller.Confidence,
                    call.Handoff.IvrPath.Count > 0 ? JsonSerializer.Serialize(call.Handoff.IvrPath, CallRecordJson.Default.IReadOnlyListString) : null,
                    call.Handoff.IvrDigits, call.Handoff.Queue, call.Tier?.ToString(), PreparedCommands.Instant(call.QueuedAt, sqlite),
                    PreparedCommands.Instant(call.RingStartedAt, sqlite), PreparedCommands.Instant(call.AnsweredAt, sqlite),
                    PreparedCommands.Instant(call.EndedAt, sqlite), PreparedCommands.Instant(call.WrapUpCompletedAt, sqlite),
                    call.Agent, call.Disposition, call.ComplaintId,
                    call.SavedOffers.Json,
                    call.SavedRouting.Json,
                    call.Notes);
                await upsert.ExecuteNonQueryAsync(CancellationToken.None);
                foreach (var outcome in outcomes ?? [])
                {
                    var insert = batch.Command(InsertOutcome, 6);
                    PreparedCommands.Set(insert, outcome.CustomerId, outcome.OfferId, outcome.ScriptVersion, outcome.Outcome, outcome.Agent,
                        PreparedCommands.Instant(outcome.RecordedAt, sqlite));
                    await insert.ExecuteNonQueryAsync(CancellationToken.None);
                }
            }
        },
        CancellationToken.None);

    private static string Caller(CallSnapshot call) =>
        call.Handoff.Caller.E164 ?? call.Handoff.Caller.Raw ?? (call.Handoff.Caller.IsWithheld ? "withheld" : "unknown");

    [LoggerMessage(Level = LogLevel.Warning, Message = "Writing {Count} interaction records in one transaction failed; writing them one by one")]
    private static partial void LogBatchRetried(ILogger logger, Exception exception, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "The interaction record of call {CallId} could not be written")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception, string callId);
}

/// <summary>A call's latest state waiting for the next batch, with the offer outcomes recorded since the last one.</summary>
internal sealed record PendingCall(CallSnapshot Call, List<OfferOutcomeRow>? Outcomes);

/// <summary>One offer_outcomes row, as the writer inserts it.</summary>
internal sealed record OfferOutcomeRow(long CustomerId, string OfferId, string ScriptVersion, string Outcome, string Agent, DateTimeOffset RecordedAt);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(IReadOnlyList<string>))]
[JsonSerializable(typeof(IReadOnlyList<OfferRecord>))]
[JsonSerializable(typeof(IReadOnlyList<RoutingStep>))]
internal sealed partial class CallRecordJson : JsonSerializerContext;
