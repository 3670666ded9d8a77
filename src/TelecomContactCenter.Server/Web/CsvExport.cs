using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using TelecomContactCenter.Core.Complaints;
using TelecomContactCenter.Server.Auth;
using TelecomContactCenter.Server.Complaints;
using TelecomContactCenter.Server.Contact;
using TelecomContactCenter.Server.Data;
using TelecomContactCenter.Server.Interactions;

namespace TelecomContactCenter.Server.Web;

/// <summary>Supervisor CSV exports of complaints and interactions for a date range [from, to), both in UTC.</summary>
internal static class CsvExport
{
    private static readonly SearchValues<char> NeedsQuotes = SearchValues.Create("\",\r\n");
    private static readonly SearchValues<char> NumberChars = SearchValues.Create("0123456789.");

    public static RouteGroupBuilder MapCsvExport(this RouteGroupBuilder api)
    {
        var export = api.MapGroup("/export").WithTags("Export").RequireAuthorization(Policies.Supervision);
        export.MapGet("/complaints.csv", ComplaintsAsync);
        export.MapGet("/interactions.csv", InteractionsAsync);
        return api;
    }

    /// <summary>The complaints export's columns, in order (docs/server.md describes each).</summary>
    public static readonly string[] ComplaintColumns =
    [
        "id", "customer_id", "customer_name", "tier", "category", "severity", "sla_kind", "state", "owner", "created_at",
        "sla_target_hours", "sla_due_at", "sla_breached", "sla_percent_consumed", "escalated_at", "resolved_at", "closed_at",
        "closed_with_confirmation", "first_contact", "reopen_count", "resolution_code", "root_cause", "merged_into", "summary",
    ];

    /// <summary>The interactions export's columns, in order (docs/server.md describes each).</summary>
    public static readonly string[] InteractionColumns =
    [
        "id", "call_id", "customer_id", "customer_name", "caller", "channel", "ivr_path", "ivr_digits", "queue", "tier", "agent",
        "started_at", "queued_at", "answered_at", "ended_at", "wrap_up_completed_at", "wait_seconds", "ring_seconds", "talk_seconds",
        "wrap_seconds", "disposition", "complaint_id", "offers", "offers_accepted", "offers_declined",
        "caller_e164", "identity_confidence", "identity_source", "caller_raw", "access_number", "mode", "status_code", "reason",
        "target_queue", "target_agent", "lifecycle_stage", "priority", "decision_microseconds", "notes",
    ];

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> ComplaintsAsync(
        DateTimeOffset? from, DateTimeOffset? to, ContactCenterDbContext db, ComplaintSla sla, TimeProvider timeProvider,
        CancellationToken cancellationToken)
    {
        if (Range(from, to) is { } problem)
        {
            return problem;
        }

        var rows = await ComplaintQueries.WithHistory(db.Complaints.AsNoTracking())
            .Where(c => c.CreatedAt >= from!.Value && c.CreatedAt < to!.Value)
            .OrderBy(c => c.CreatedAt).ToListAsync(cancellationToken);
        var names = await NamesAsync(db, rows.Select(c => long.Parse(c.CustomerId, CultureInfo.InvariantCulture)), cancellationToken);
        var now = timeProvider.GetUtcNow();
        var csv = Header(ComplaintColumns);
        foreach (var c in rows)
        {
            var status = sla.StatusOf(c, now);
            var customerId = long.Parse(c.CustomerId, CultureInfo.InvariantCulture);
            Line(csv, c.Id.Value.ToString(), c.CustomerId, names.GetValueOrDefault(customerId), c.TierAtCreation.ToString(),
                c.Category.ToCode(), c.Severity.ToString(), c.SlaKind.ToString(), c.State.ToString(), c.Owner, Time(c.CreatedAt),
                Number(status.Target.Duration.TotalHours), Time(status.DueAt), Bool(status.IsBreached), Number(Math.Round(status.FractionConsumed * 100, 1)),
                Time(c.EscalatedAt), Time(c.ResolvedAt), Time(c.ClosedAt), Bool(c.ClosedWithConfirmation), Bool(c.IsFirstContact),
                c.ReopenCount.ToString(CultureInfo.InvariantCulture), c.ResolutionCode, c.RootCause?.ToCode(), c.MergedInto?.Value.ToString(),
                c.Summary);
        }

        return File(csv, "complaints", from!.Value, to!.Value);
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> InteractionsAsync(
        DateTimeOffset? from, DateTimeOffset? to, ContactCenterDbContext db, CancellationToken cancellationToken)
    {
        if (Range(from, to) is { } problem)
        {
            return problem;
        }

        var rows = await db.Interactions.AsNoTracking().Where(i => i.StartedAt >= from!.Value && i.StartedAt < to!.Value)
            .OrderBy(i => i.StartedAt).ToListAsync(cancellationToken);
        var names = await NamesAsync(db, rows.Where(i => i.CustomerId is not null).Select(i => i.CustomerId!.Value), cancellationToken);
        var csv = Header(InteractionColumns);
        foreach (var i in rows)
        {
            var offers = i.Offers is null ? [] : JsonSerializer.Deserialize(i.Offers, CallRecordJson.Default.IReadOnlyListOfferRecord) ?? [];
            var durations = InteractionDurations.Of(i);
            Line(csv, i.Id.ToString(CultureInfo.InvariantCulture), i.CallId, i.CustomerId?.ToString(CultureInfo.InvariantCulture),
                i.CustomerId is { } id ? names.GetValueOrDefault(id) : null, i.Caller, i.Channel,
                string.Join(" > ", InteractionEndpoints.IvrPathOf(i.IvrPath)), i.IvrDigits, i.Queue, i.Tier, i.Agent,
                Time(i.StartedAt), Time(i.QueuedAt), Time(i.AnsweredAt), Time(i.EndedAt), Time(i.WrapUpCompletedAt),
                Seconds(durations.Wait), Seconds(durations.Ring), Seconds(durations.Talk), Seconds(durations.WrapUp), i.Disposition, i.ComplaintId,
                string.Join("; ", offers.Select(o => $"{o.OfferId}={o.Outcome ?? "NoOutcome"}")),
                offers.Count(o => o.Outcome == "Accepted").ToString(CultureInfo.InvariantCulture),
                offers.Count(o => o.Outcome == "Declined").ToString(CultureInfo.InvariantCulture),
                i.CallerE164, i.IdentityConfidence, i.IdentitySource, i.CallerRaw, i.AccessNumber, i.Mode,
                i.StatusCode?.ToString(CultureInfo.InvariantCulture), i.Reason, i.TargetQueue, i.TargetAgent, i.LifecycleStage,
                i.Priority?.ToString(CultureInfo.InvariantCulture), i.DecisionMicroseconds?.ToString(CultureInfo.InvariantCulture), i.Notes);
        }

        return File(csv, "interactions", from!.Value, to!.Value);
    }

    private static async Task<Dictionary<long, string>> NamesAsync(ContactCenterDbContext db, IEnumerable<long> ids, CancellationToken cancellationToken)
    {
        var wanted = ids.Distinct().ToList();
        var names = new Dictionary<long, string>();
        // In slices, so a long range never builds one query with more parameters than the database allows.
        foreach (var slice in wanted.Chunk(500))
        {
            foreach (var row in await db.Customers.AsNoTracking().Where(c => slice.Contains(c.Id)).Select(c => new { c.Id, c.Name })
                .ToListAsync(cancellationToken))
            {
                names[row.Id] = row.Name;
            }
        }

        return names;
    }

    private static StringBuilder Header(string[] columns) => new StringBuilder().AppendJoin(',', columns).Append("\r\n");

    private static string Bool(bool value) => value ? "true" : "false";

    private static string Number(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static string? Seconds(double? seconds) => seconds is { } s ? Number(Math.Round(s, 1)) : null;

    private static ProblemHttpResult? Range(DateTimeOffset? from, DateTimeOffset? to) =>
        from is null || to is null || to <= from
            ? TypedResults.Problem("Give from and to (ISO 8601, from before to).", statusCode: StatusCodes.Status400BadRequest)
            : null;

    /// <summary>UTF-8 with a byte-order mark: without it Excel reads the file in the system code page and garbles Chinese names.</summary>
    private static FileContentHttpResult File(StringBuilder csv, string name, DateTimeOffset from, DateTimeOffset to)
    {
        var preamble = Encoding.UTF8.Preamble;
        var bytes = new byte[preamble.Length + Encoding.UTF8.GetByteCount(csv.ToString())];
        preamble.CopyTo(bytes);
        Encoding.UTF8.GetBytes(csv.ToString(), bytes.AsSpan(preamble.Length));
        return TypedResults.File(bytes, "text/csv; charset=utf-8", $"{name}-{from.UtcDateTime:yyyyMMdd}-{to.UtcDateTime:yyyyMMdd}.csv");
    }

    private static string? Time(DateTimeOffset? at) => at?.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    private static bool IsNumber(ReadOnlySpan<char> rest) => rest.Length > 0 && !rest.ContainsAnyExcept(NumberChars);

    /// <summary>RFC 4180 fields; a leading =, @, or +/- not followed by a number, is prefixed with ' so a spreadsheet does not run it as a formula.</summary>
    private static void Line(StringBuilder csv, params string?[] fields)
    {
        for (var i = 0; i < fields.Length; i++)
        {
            if (i > 0)
            {
                csv.Append(',');
            }

            var field = fields[i] ?? "";
            if (field.Length > 0 && (field[0] is '=' or '@' || (field[0] is '+' or '-' && !IsNumber(field.AsSpan(1)))))
            {
                field = "'" + field;
            }

            csv.Append(field.AsSpan().ContainsAny(NeedsQuotes) ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : field);
        }

        csv.Append("\r\n");
    }
}
