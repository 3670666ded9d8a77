using System.Globalization;
using System.Text.Json;
using TelecomContactCenter.Server.Contact;
using TelecomContactCenter.Server.Data;
using TelecomContactCenter.Server.Ivr;

namespace TelecomContactCenter.Server.Interactions;

/// <summary>
/// The prepared upserts of <see cref="InteractionWriter"/>, one per kind of milestone, each keyed by the unique
/// Call-ID and each owning its columns, so they merge into one row in any order:
/// <list type="bullet">
/// <item>SIP outcome: creates the row or fills what it lacks (the ACD's values win where both know one), moves the
/// start back to the INVITE, and keeps the first SIP facts recorded for the call.</item>
/// <item>IVR path: sets the path (the IVR's path object, the one shape, at admission, hand-over and end).</item>
/// <item>ACD snapshot: sets the queue, agent and wrap-up columns; the caller, channel and start only with a new row;
/// the path (a call queued with states and no IVR here) only where the row has none.</item>
/// </list>
/// <c>INSERT … ON CONFLICT</c> on SQLite and PostgreSQL; SQL Server has no ON CONFLICT, so there each is one
/// <c>MERGE … WITH (HOLDLOCK)</c> (the key range stays locked from the match to the insert, as the unique index does
/// for ON CONFLICT). Instants follow the context's storage conventions (UTC ticks on SQLite).
/// </summary>
internal static class InteractionStatements
{
    private static readonly string[] SipColumns =
    [
        "CallId", "Caller", "Channel", "StartedAt", "EndedAt", "CustomerId", "Disposition", "CallerE164", "IdentityConfidence", "Tier",
        "AccessNumber", "Mode", "CallerRaw", "IdentitySource", "StatusCode", "TargetQueue", "TargetAgent", "LifecycleStage", "Priority",
        "Reason", "DecisionMicroseconds", "Node",
    ];

    private static readonly string[] PathColumns = ["CallId", "Caller", "Channel", "StartedAt", "IvrPath", "Node"];

    private static readonly string[] SnapshotColumns =
    [
        "CallId", "Caller", "Channel", "StartedAt", "CustomerId", "CallerE164", "IdentityConfidence", "IvrPath", "IvrDigits", "Queue", "Tier",
        "QueuedAt", "RingStartedAt", "AnsweredAt", "EndedAt", "WrapUpCompletedAt", "Agent", "Disposition", "ComplaintId", "Offers", "Routing", "Notes", "Node",
    ];

    // SIP: every column but the start keeps what the row has (first writer wins); the start is the earliest.
    private static readonly string SipUpdate = string.Join(", ",
        ["\"StartedAt\" = CASE WHEN {new}.\"StartedAt\" < {old}.\"StartedAt\" THEN {new}.\"StartedAt\" ELSE {old}.\"StartedAt\" END",
            .. SipColumns.Skip(4).Select(c => $"\"{c}\" = COALESCE({{old}}.\"{c}\", {{new}}.\"{c}\")")]);

    private const string PathUpdate = "\"IvrPath\" = {new}.\"IvrPath\", \"Node\" = COALESCE({old}.\"Node\", {new}.\"Node\")";

    // ACD: its columns from the snapshot; the path only where there is none yet.
    private static readonly string SnapshotUpdate = string.Join(", ",
        SnapshotColumns.Skip(4).Select(c => c == "IvrPath"
            ? "\"IvrPath\" = COALESCE({old}.\"IvrPath\", {new}.\"IvrPath\")"
            : $"\"{c}\" = {{new}}.\"{c}\""));

    private static readonly string UpsertSip = Upsert(SipColumns, SipUpdate);
    private static readonly string UpsertSipSqlServer = Merge(SipColumns, SipUpdate);
    private static readonly string UpsertPath = Upsert(PathColumns, PathUpdate);
    private static readonly string UpsertPathSqlServer = Merge(PathColumns, PathUpdate);
    private static readonly string UpsertSnapshot = Upsert(SnapshotColumns, SnapshotUpdate);
    private static readonly string UpsertSnapshotSqlServer = Merge(SnapshotColumns, SnapshotUpdate);

    private const string InsertOutcome =
        "INSERT INTO \"offer_outcomes\" (\"CustomerId\", \"OfferId\", \"ScriptVersion\", \"Outcome\", \"Agent\", \"RecordedAt\") " +
        "VALUES (@p0, @p1, @p2, @p3, @p4, @p5);";

    // A node's calls still open (no end) and begun before a moment: ended then, as the node's failure ended them.
    private const string CloseOpen =
        "UPDATE \"interactions\" SET \"EndedAt\" = @p0, \"Disposition\" = COALESCE(\"Disposition\", @p1) " +
        "WHERE \"Node\" = @p2 AND \"EndedAt\" IS NULL AND \"StartedAt\" < @p3;";

    public static Task WriteAsync(WriterBatch batch, SipOutcome sip, string node)
    {
        var sqlite = batch.Sqlite;
        var upsert = batch.Command(batch.SqlServer ? UpsertSipSqlServer : UpsertSip, SipColumns.Length);
        PreparedCommands.Set(upsert,
            sip.CallId, sip.Caller, sip.Channel, PreparedCommands.Instant(sip.StartedAt, sqlite), PreparedCommands.Instant(sip.EndedAt, sqlite),
            sip.CustomerId, sip.Disposition, sip.CallerE164, sip.IdentityConfidence, sip.Tier,
            sip.AccessNumber, sip.Mode, sip.CallerRaw, sip.IdentitySource, sip.StatusCode, sip.TargetQueue, sip.TargetAgent, sip.LifecycleStage,
            sip.Priority, sip.Reason, sip.DecisionMicroseconds, node);
        return upsert.ExecuteNonQueryAsync(CancellationToken.None);
    }

    public static Task WriteAsync(WriterBatch batch, PathMilestone path, string node)
    {
        var upsert = batch.Command(batch.SqlServer ? UpsertPathSqlServer : UpsertPath, PathColumns.Length);
        PreparedCommands.Set(upsert,
            path.Path.CallId, path.Path.Caller, CallChannels.Voice, PreparedCommands.Instant(path.At, batch.Sqlite),
            JsonSerializer.Serialize(path.Path, IvrJsonContext.Default.IvrPathRecord), node);
        return upsert.ExecuteNonQueryAsync(CancellationToken.None);
    }

    /// <summary>The snapshot's row (only when <paramref name="latest"/>: a later snapshot of the call is in the same batch) and its offer outcome.</summary>
    public static async Task WriteAsync(WriterBatch batch, SnapshotMilestone snapshot, bool latest, string node)
    {
        var sqlite = batch.Sqlite;
        var call = snapshot.Call;
        if (latest)
        {
            var upsert = batch.Command(batch.SqlServer ? UpsertSnapshotSqlServer : UpsertSnapshot, SnapshotColumns.Length);
            PreparedCommands.Set(upsert,
                call.CallId, call.Caller, call.Channel, PreparedCommands.Instant(call.QueuedAt, sqlite),
                call.CustomerId, call.CallerE164, call.IdentityConfidence,
                call.StatesPath is { } states ? JsonSerializer.Serialize(states, IvrJsonContext.Default.IvrPathRecord) : null,
                call.IvrDigits, call.Queue, call.Tier?.ToString(), PreparedCommands.Instant(call.QueuedAt, sqlite),
                PreparedCommands.Instant(call.RingStartedAt, sqlite), PreparedCommands.Instant(call.AnsweredAt, sqlite),
                PreparedCommands.Instant(call.EndedAt, sqlite), PreparedCommands.Instant(call.WrapUpCompletedAt, sqlite),
                call.Agent, call.Disposition, call.ComplaintId, call.SavedOffers.Json, call.SavedRouting.Json, call.Notes, node);
            await upsert.ExecuteNonQueryAsync(CancellationToken.None);
        }

        if (snapshot.Outcome is { } outcome)
        {
            var insert = batch.Command(InsertOutcome, 6);
            PreparedCommands.Set(insert, outcome.CustomerId, outcome.OfferId, outcome.ScriptVersion, outcome.Outcome, outcome.Agent,
                PreparedCommands.Instant(outcome.RecordedAt, sqlite));
            await insert.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    /// <summary>Ends the open calls of a failed node (see <see cref="ClosingMilestone"/>); returns how many.</summary>
    public static Task<int> WriteAsync(WriterBatch batch, ClosingMilestone closing)
    {
        var sqlite = batch.Sqlite;
        var update = batch.Command(CloseOpen, 4);
        PreparedCommands.Set(update, PreparedCommands.Instant(closing.EndedAt, sqlite), closing.Disposition, closing.Node,
            PreparedCommands.Instant(closing.StartedBefore, sqlite));
        return update.ExecuteNonQueryAsync(CancellationToken.None);
    }

    private static string Parameters(int count) =>
        string.Join(", ", Enumerable.Range(0, count).Select(i => "@p" + i.ToString(CultureInfo.InvariantCulture)));

    private static string Quoted(IEnumerable<string> columns, string prefix = "") => string.Join(", ", columns.Select(c => $"{prefix}\"{c}\""));

    private static string Upsert(string[] columns, string update) =>
        $"INSERT INTO \"interactions\" ({Quoted(columns)}) VALUES ({Parameters(columns.Length)}) " +
        $"ON CONFLICT (\"CallId\") DO UPDATE SET {update.Replace("{old}", "\"interactions\"", StringComparison.Ordinal).Replace("{new}", "excluded", StringComparison.Ordinal)};";

    private static string Merge(string[] columns, string update) =>
        $"MERGE \"interactions\" WITH (HOLDLOCK) AS t USING (VALUES ({Parameters(columns.Length)})) AS s ({Quoted(columns)}) " +
        $"ON t.\"CallId\" = s.\"CallId\" " +
        $"WHEN MATCHED THEN UPDATE SET {update.Replace("{old}", "t", StringComparison.Ordinal).Replace("{new}", "s", StringComparison.Ordinal)} " +
        $"WHEN NOT MATCHED THEN INSERT ({Quoted(columns)}) VALUES ({Quoted(columns, "s.")});";
}

/// <summary>The interaction channels of calls.</summary>
internal static class CallChannels
{
    /// <summary>Every inbound call, as telephony, the IVR, the ACD and the demo history write it.</summary>
    public const string Voice = "Voice";

    /// <summary>A booked callback the service dialled.</summary>
    public const string Callback = "Callback";
}
