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
    /// <summary>On a pending request: the percent off the customer already holds, which the approver adds to this one.</summary>
    public decimal? CustomerInForcePercent { get; init; }

    public static DiscountView From(DiscountRequest d) => new(
        d.Id, d.CustomerId, d.CallId, d.OfferId, d.Percent, d.Months, d.Reason, d.RequestedBy, d.RequestedAt, d.AuthorityPercent,
        d.Status.ToString(), d.DecidedBy, d.DecidedAt, d.DecisionNote);
}

/// <summary>
/// What a request or decision came to: the discount, or an HTTP status with a problem text; a refusal by the ladder
/// carries its stable <see cref="Code"/> (<see cref="Web.Refusal"/>), which the screens translate.
/// </summary>
internal sealed record DiscountResult(DiscountView? Discount, int Status, string? Problem, string? Code = null)
{
    public static DiscountResult Ok(DiscountView view) => new(view, StatusCodes.Status200OK, null);

    public static DiscountResult Fail(int status, string code, string problem) => new(null, status, problem, code);

    /// <summary>A refusal by the discount ladder (400 with the rule's code).</summary>
    public static DiscountResult Refuse(string code, string problem) => Fail(StatusCodes.Status400BadRequest, code, problem);

    /// <summary>The refusal as the desk's exception, which the hub sends as "[code] sentence".</summary>
    public Exception Refused() => new AgentDesk.DeskRefusedException(Code ?? "discount.invalid", Problem ?? "");
}
