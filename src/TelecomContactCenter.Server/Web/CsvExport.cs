using System.Buffers;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using TelecomContactCenter.Server.Auth;
using TelecomContactCenter.Server.Data;

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

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> ComplaintsAsync(
        DateTimeOffset? from, DateTimeOffset? to, ContactCenterDbContext db, CancellationToken cancellationToken)
    {
        if (Range(from, to) is { } problem)
        {
            return problem;
        }

        var rows = await db.Complaints.AsNoTracking().Where(c => c.CreatedAt >= from!.Value && c.CreatedAt < to!.Value)
            .OrderBy(c => c.CreatedAt).ToListAsync(cancellationToken);
        var csv = new StringBuilder("id,customer_id,category,severity,state,owner,tier,created_at,resolved_at,closed_at,first_contact\r\n");
        foreach (var c in rows)
        {
            Line(csv, c.Id.Value.ToString(), c.CustomerId, c.Category.ToString(), c.Severity.ToString(), c.State.ToString(), c.Owner,
                c.TierAtCreation.ToString(), Time(c.CreatedAt), Time(c.ResolvedAt), Time(c.ClosedAt), c.IsFirstContact ? "true" : "false");
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
        var csv = new StringBuilder("id,call_id,customer_id,caller,channel,queue,tier,agent,started_at,answered_at,ended_at,disposition,complaint_id\r\n");
        foreach (var i in rows)
        {
            Line(csv, i.Id.ToString(CultureInfo.InvariantCulture), i.CallId, i.CustomerId?.ToString(CultureInfo.InvariantCulture), i.Caller,
                i.Channel, i.Queue, i.Tier, i.Agent, Time(i.StartedAt), Time(i.AnsweredAt), Time(i.EndedAt), i.Disposition, i.ComplaintId);
        }

        return File(csv, "interactions", from!.Value, to!.Value);
    }

    private static ProblemHttpResult? Range(DateTimeOffset? from, DateTimeOffset? to) =>
        from is null || to is null || to <= from
            ? TypedResults.Problem("Give from and to (ISO 8601, from before to).", statusCode: StatusCodes.Status400BadRequest)
            : null;

    private static FileContentHttpResult File(StringBuilder csv, string name, DateTimeOffset from, DateTimeOffset to) =>
        TypedResults.File(Encoding.UTF8.GetBytes(csv.ToString()), "text/csv; charset=utf-8",
            $"{name}-{from.UtcDateTime:yyyyMMdd}-{to.UtcDateTime:yyyyMMdd}.csv");

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
