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

/// <summary>What a request or decision came to: the discount, or an HTTP status with a problem text.</summary>
internal sealed record DiscountResult(DiscountView? Discount, int Status, string? Problem)
{
    public static DiscountResult Ok(DiscountView view) => new(view, StatusCodes.Status200OK, null);

    /// <summary>The refusal's stable code (<see cref="Web.Refusal"/>), e.g. discount.alreadyDecided.</summary>
    public string? Code { get; init; }

    public static DiscountResult Fail(int status, string code, string problem) => new(null, status, problem) { Code = code };
}
