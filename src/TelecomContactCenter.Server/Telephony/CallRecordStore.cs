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

    public static async Task WriteAsync(WriterBatch batch, IReadOnlyList<CallRecord> records, CancellationToken cancellationToken)
    {
        var sqlite = batch.Sqlite;
        var interaction = batch.Command(UpsertInteraction, 10);
        var call = batch.Command(InsertCall, 16);
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
