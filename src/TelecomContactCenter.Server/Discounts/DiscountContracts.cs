using Microsoft.AspNetCore.Http.HttpResults;

namespace TelecomContactCenter.Server.Discounts;

/// <summary>A discount to grant: percent off the monthly fee for <see cref="Months"/> months, with the reason.</summary>
internal sealed record DiscountAsk(long CustomerId, decimal Percent, int Months, string Reason, string? CallId, string? OfferId);

/// <summary>A supervisor's decision; a rejection needs a note the agent can pass on.</summary>
internal sealed record DiscountDecision(string? Note);

internal sealed record DiscountView(
    long Id,
    long CustomerId,
    string? CallId,
    string? OfferId,
    decimal Percent,
    int Months,
    string Reason,
    string RequestedBy,
    DateTimeOffset RequestedAt,
    decimal AuthorityPercent,
    string Status,
    string? DecidedBy,
    DateTimeOffset? DecidedAt,
    string? DecisionNote)
{
    public static DiscountView From(DiscountRequest d) => new(
        d.Id, d.CustomerId, d.CallId, d.OfferId, d.Percent, d.Months, d.Reason, d.RequestedBy, d.RequestedAt, d.AuthorityPercent,
        d.Status.ToString(), d.DecidedBy, d.DecidedAt, d.DecisionNote);
}

/// <summary>
/// What a request or decision came to: the discount, or an HTTP status with a problem text; a refusal by the ladder
/// also carries the rule's <see cref="Code"/> (DISCOUNT-*), which the desktop translates.
/// </summary>
internal sealed record DiscountResult(DiscountView? Discount, int Status, string? Problem, string? Code = null)
{
    public static DiscountResult Ok(DiscountView view) => new(view, StatusCodes.Status200OK, null);

    public static DiscountResult Fail(int status, string problem) => new(null, status, problem);

    public static DiscountResult Refuse(string code, string problem) => new(null, StatusCodes.Status400BadRequest, problem, code);

    /// <summary>The refusal as a hub error: "CODE: sentence" when a rule refused it, the sentence otherwise.</summary>
    public string HubMessage => Code is null ? Problem ?? "" : $"{Code}: {Problem}";

    /// <summary>The refusal as ProblemDetails, with the rule's code as the "code" extension.</summary>
    public ProblemHttpResult ToProblem() => TypedResults.Problem(
        Problem, statusCode: Status, title: Code is null ? null : "Discount refused",
        extensions: Code is null ? null : new Dictionary<string, object?> { ["code"] = Code });
}
