using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using TelecomContactCenter.Server.Data;

namespace TelecomContactCenter.Server.DemoData;

/// <summary>
/// Keeps the generated demo history relative to the service's clock. Generation records when it ran; a later start
/// shifts every generated timestamp (activation, exit, last chargeable event, commitment and agreement ends,
/// products, generated contacts) forward by the whole days since, and every bill and usage month by the calendar
/// months since, and the demo complaints (opened before the generation mark) with their audit trails and SLA times
/// by the same days (their raised SLA alerts cleared, so the monitor raises them again as the moved complaints
/// reach each point), then drops the profile snapshots so the first evaluation sees the data as of today. Without it
/// the demo decays: a month after the first start every active customer looks inactive and every demo complaint is
/// breached. Contacts, products and complaints created after generation are real and stay where they are.
/// </summary>
internal sealed partial class DemoDataClock(ContactCenterDbContext db, TimeProvider timeProvider, ILogger<DemoDataClock> logger)
{
    // Bills shift in two steps through a far-future month so the (customer, month) unique index never sees a clash.
    private const int ParkingMonths = 1200;

    public async Task MarkGeneratedAsync(DateTimeOffset generatedAt, CancellationToken cancellationToken)
    {
        await db.Database.ExecuteSqlRawAsync("DELETE FROM demo_data_clock", cancellationToken);
        await db.Database.ExecuteSqlAsync(
            $"INSERT INTO demo_data_clock (\"Id\", \"GeneratedAtTicks\") VALUES (1, {generatedAt.UtcTicks})", cancellationToken);
    }

    /// <summary>When the demo history was generated (as shifted by the last rebase); null without demo data.</summary>
    public async Task<DateTimeOffset?> GeneratedAtAsync(CancellationToken cancellationToken)
    {
        var ticks = await db.Database.SqlQueryRaw<long>("SELECT \"GeneratedAtTicks\" AS \"Value\" FROM demo_data_clock WHERE \"Id\" = 1")
            .ToListAsync(cancellationToken);
        return ticks.Count == 0 ? null : new DateTimeOffset(ticks[0], TimeSpan.Zero);
    }

    /// <summary>Shifts the generated history to today; returns the days shifted (0 when the data is from today).</summary>
    public async Task<int> RebaseAsync(CancellationToken cancellationToken)
    {
        if (await GeneratedAtAsync(cancellationToken) is not { } generatedAt)
        {
            return 0;
        }

        var now = timeProvider.GetUtcNow();
        var days = (int)Math.Floor((now - generatedAt).TotalDays);
        if (days < 1)
        {
            return 0;
        }

        var months = ((now.Year * 12) + now.Month) - ((generatedAt.Year * 12) + generatedAt.Month);
        var provider = DatabaseProviders.Of(db.Database);
        var shift = TimeSpan.FromDays(days).Ticks;
        string At(string column) => provider switch
        {
            DatabaseProvider.Postgres => $"\"{column}\" = \"{column}\" + interval '{days} days'",
            DatabaseProvider.SqlServer => $"\"{column}\" = DATEADD(day, {days}, \"{column}\")",
            _ => $"\"{column}\" = \"{column}\" + {shift}",
        };
        string Month(int by) => provider switch
        {
            DatabaseProvider.Postgres => $"\"Month\" = (\"Month\" + interval '{by} months')::date",
            DatabaseProvider.SqlServer => $"\"Month\" = DATEADD(month, {by}, \"Month\")",
            _ => $"\"Month\" = date(\"Month\", '{by.ToString("+0;-0", CultureInfo.InvariantCulture)} months')",
        };
        var generated = provider switch
        {
            DatabaseProvider.Postgres => $"'{generatedAt:O}'::timestamptz",
            DatabaseProvider.SqlServer => $"CAST('{generatedAt:O}' AS datetimeoffset)",
            _ => generatedAt.UtcTicks.ToString(CultureInfo.InvariantCulture),
        };
        var demoComplaint = $"\"ComplaintId\" IN (SELECT \"Id\" FROM complaints WHERE \"CreatedAt\" < {generated})";

        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            string[] statements =
            [
                $"UPDATE customers SET {At("ActivatedAt")}, {At("ExitedAt")}, {At("LastChargeableEventAt")}, {At("CommitmentEndsAt")}",
                $"UPDATE group_accounts SET {At("AgreementEndsAt")}",
                $"UPDATE products SET {At("AddedAt")}, {At("RemovedAt")} WHERE \"AddedAt\" <= {generated}",
                $"UPDATE interactions SET {At("StartedAt")}, {At("EndedAt")} WHERE \"StartedAt\" <= {generated}",
                // Demo complaints are opened before the generation mark; their trails first, while the filter still finds them.
                $"UPDATE complaint_audit SET {At("At")} WHERE {demoComplaint}",
                $"UPDATE complaint_contact_attempts SET {At("At")} WHERE {demoComplaint}",
                // Their SLA alerts go: the moved complaints reach their alert points again, and the monitor raises
                // them then, with today's due time (a kept row would silence the alert for good).
                $"DELETE FROM sla_alerts WHERE \"ComplaintId\" IN (SELECT {ComplaintKey(provider)} FROM complaints WHERE \"CreatedAt\" < {generated})",
                $"UPDATE complaints SET {At("CreatedAt")}, {At("PendingSince")}, {At("EscalatedAt")}, {At("OlaDueAt")}, {At("ResolvedAt")}, "
                    + $"{At("ClosedAt")} WHERE \"CreatedAt\" < {generated}",
                .. months == 0
                    ? Array.Empty<string>()
                    :
                    [
                        $"UPDATE monthly_bills SET {Month(ParkingMonths)}", $"UPDATE monthly_bills SET {Month(months - ParkingMonths)}",
                        $"UPDATE monthly_usage SET {Month(ParkingMonths)}", $"UPDATE monthly_usage SET {Month(months - ParkingMonths)}",
                    ],
                "DELETE FROM customer_profiles",
                $"UPDATE demo_data_clock SET \"GeneratedAtTicks\" = \"GeneratedAtTicks\" + {shift}",
            ];
            foreach (var sql in statements)
            {
                await Execute(db.Database.GetDbConnection(), transaction.GetDbTransaction(), sql, cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        LogRebased(logger, days, months, generatedAt);
        return days;
    }

    /// <summary>A complaint's id as <c>sla_alerts</c> keys it: the GUID's lower-case text.</summary>
    private static string ComplaintKey(DatabaseProvider provider) => provider switch
    {
        DatabaseProvider.Postgres => "\"Id\"::text",
        DatabaseProvider.SqlServer => "LOWER(CONVERT(nvarchar(36), \"Id\"))",
        _ => "lower(\"Id\")",
    };

    private static async Task Execute(DbConnection connection, DbTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Demo data: generated {GeneratedAt:u}; shifted its history {Days} days (bills {Months} months) forward to today")]
    private static partial void LogRebased(ILogger logger, int days, int months, DateTimeOffset generatedAt);
}
