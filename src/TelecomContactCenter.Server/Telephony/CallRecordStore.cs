using TelecomContactCenter.Server.Data;

namespace TelecomContactCenter.Server.Telephony;

/// <summary>
/// Writes a batch of call records in the writer's transaction: two prepared statements (the
/// change tracker cost more than the SIP work at redirect rates, profiled). A call has one interaction, found by
/// its Call-ID: when the ACD already recorded the call (queue, agent, wrap-up), the SIP facts join that row and
/// only fill what it lacks, and the start moves back to the INVITE; otherwise the row is created. Instants follow
/// the context's storage conventions (UTC ticks on SQLite).
/// </summary>
internal static class CallRecordStore
{
    private const string UpsertInteraction =
        "INSERT INTO \"interactions\" (\"CustomerId\", \"Caller\", \"Channel\", \"StartedAt\", \"EndedAt\", \"Disposition\", " +
        "\"CallId\", \"CallerE164\", \"IdentityConfidence\", \"Tier\") VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6, @p7, @p8, @p9) " +
        "ON CONFLICT (\"CallId\") DO UPDATE SET " +
        "\"CustomerId\" = COALESCE(\"interactions\".\"CustomerId\", excluded.\"CustomerId\"), " +
        "\"StartedAt\" = CASE WHEN excluded.\"StartedAt\" < \"interactions\".\"StartedAt\" THEN excluded.\"StartedAt\" ELSE \"interactions\".\"StartedAt\" END, " +
        "\"EndedAt\" = COALESCE(\"interactions\".\"EndedAt\", excluded.\"EndedAt\"), " +
        "\"Disposition\" = COALESCE(\"interactions\".\"Disposition\", excluded.\"Disposition\"), " +
        "\"CallerE164\" = COALESCE(\"interactions\".\"CallerE164\", excluded.\"CallerE164\"), " +
        "\"IdentityConfidence\" = COALESCE(\"interactions\".\"IdentityConfidence\", excluded.\"IdentityConfidence\"), " +
        "\"Tier\" = COALESCE(\"interactions\".\"Tier\", excluded.\"Tier\") " +
        "RETURNING \"Id\";";

    private const string InsertCall =
        "INSERT INTO \"interaction_calls\" (\"InteractionId\", \"CallId\", \"AccessNumber\", \"Mode\", \"CallerRaw\", " +
        "\"CallerE164\", \"IdentityConfidence\", \"IdentitySource\", \"StatusCode\", \"TargetQueue\", \"TargetAgent\", " +
        "\"Tier\", \"LifecycleStage\", \"Priority\", \"Reason\", \"DecisionMicroseconds\") " +
        "VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6, @p7, @p8, @p9, @p10, @p11, @p12, @p13, @p14, @p15) " +
        "ON CONFLICT (\"InteractionId\") DO NOTHING;";

    // SQL Server has no INSERT … ON CONFLICT: the same upsert as one MERGE (HOLDLOCK: the key range stays locked
    // from the match to the insert, as the unique index does for ON CONFLICT), and the same conditional insert.
    private const string UpsertInteractionSqlServer =
        "MERGE \"interactions\" WITH (HOLDLOCK) AS t USING (VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6, @p7, @p8, @p9)) " +
        "AS s (\"CustomerId\", \"Caller\", \"Channel\", \"StartedAt\", \"EndedAt\", \"Disposition\", \"CallId\", \"CallerE164\", \"IdentityConfidence\", \"Tier\") " +
        "ON t.\"CallId\" = s.\"CallId\" " +
        "WHEN MATCHED THEN UPDATE SET " +
        "\"CustomerId\" = COALESCE(t.\"CustomerId\", s.\"CustomerId\"), " +
        "\"StartedAt\" = CASE WHEN s.\"StartedAt\" < t.\"StartedAt\" THEN s.\"StartedAt\" ELSE t.\"StartedAt\" END, " +
        "\"EndedAt\" = COALESCE(t.\"EndedAt\", s.\"EndedAt\"), " +
        "\"Disposition\" = COALESCE(t.\"Disposition\", s.\"Disposition\"), " +
        "\"CallerE164\" = COALESCE(t.\"CallerE164\", s.\"CallerE164\"), " +
        "\"IdentityConfidence\" = COALESCE(t.\"IdentityConfidence\", s.\"IdentityConfidence\"), " +
        "\"Tier\" = COALESCE(t.\"Tier\", s.\"Tier\") " +
        "WHEN NOT MATCHED THEN INSERT (\"CustomerId\", \"Caller\", \"Channel\", \"StartedAt\", \"EndedAt\", \"Disposition\", \"CallId\", \"CallerE164\", \"IdentityConfidence\", \"Tier\") " +
        "VALUES (s.\"CustomerId\", s.\"Caller\", s.\"Channel\", s.\"StartedAt\", s.\"EndedAt\", s.\"Disposition\", s.\"CallId\", s.\"CallerE164\", s.\"IdentityConfidence\", s.\"Tier\") " +
        "OUTPUT inserted.\"Id\";";

    private const string InsertCallSqlServer =
        "INSERT INTO \"interaction_calls\" (\"InteractionId\", \"CallId\", \"AccessNumber\", \"Mode\", \"CallerRaw\", " +
        "\"CallerE164\", \"IdentityConfidence\", \"IdentitySource\", \"StatusCode\", \"TargetQueue\", \"TargetAgent\", " +
        "\"Tier\", \"LifecycleStage\", \"Priority\", \"Reason\", \"DecisionMicroseconds\") " +
        "SELECT @p0, @p1, @p2, @p3, @p4, @p5, @p6, @p7, @p8, @p9, @p10, @p11, @p12, @p13, @p14, @p15 " +
        "WHERE NOT EXISTS (SELECT 1 FROM \"interaction_calls\" WITH (UPDLOCK, HOLDLOCK) WHERE \"InteractionId\" = @p0);";

    public static async Task WriteAsync(WriterBatch batch, IReadOnlyList<CallRecord> records, CancellationToken cancellationToken)
    {
        var sqlite = batch.Sqlite;
        var interaction = batch.Command(batch.SqlServer ? UpsertInteractionSqlServer : UpsertInteraction, 10);
        var call = batch.Command(batch.SqlServer ? InsertCallSqlServer : InsertCall, 16);
        foreach (var record in records)
        {
            var i = record.Interaction!;
            PreparedCommands.Set(interaction, i.CustomerId, i.Caller, i.Channel, PreparedCommands.Instant(i.StartedAt, sqlite), PreparedCommands.Instant(i.EndedAt, sqlite), i.Disposition,
                record.CallId, i.CallerE164, i.IdentityConfidence, i.Tier);
            var id = Convert.ToInt64(await interaction.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
            PreparedCommands.Set(call, id, record.CallId, record.AccessNumber, record.Mode, record.CallerRaw, record.CallerE164,
                record.IdentityConfidence, record.IdentitySource, record.StatusCode, record.TargetQueue, record.TargetAgent,
                record.Tier, record.LifecycleStage, record.Priority, record.Reason, record.DecisionMicroseconds);
            await call.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}
