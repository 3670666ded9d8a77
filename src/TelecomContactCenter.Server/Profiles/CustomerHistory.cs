using TelecomContactCenter.Core.Customers;
using TelecomContactCenter.Core.Offers;
using TelecomContactCenter.Server.Customers;

namespace TelecomContactCenter.Server.Profiles;

/// <summary>Everything stored about one customer that the evaluators need, loaded in one batch.</summary>
internal sealed record CustomerHistory(
    Customer Customer,
    IReadOnlyList<MonthlyBill> Bills,
    IReadOnlyList<MonthlyUsage> Usage,
    IReadOnlyList<Product> Products,
    bool IntentToLeave,
    int ComplaintsLast90Days,
    bool ComplaintSlaBreachedLast90Days,
    int OpenComplaints,
    DeclineCause? OpenComplaintCause,
    GroupMembership? Group)
{
    /// <summary>When the open complaint's SLA falls due (the callback time an offer script may promise).</summary>
    public DateTimeOffset? OpenComplaintDueAt { get; init; }

    /// <summary>The user name of the agent who owns the open complaint.</summary>
    public string? OpenComplaintOwner { get; init; }

    /// <summary>The reasons agents captured that still count (see <see cref="CapturedReasons"/>).</summary>
    public CapturedReasons Reasons { get; init; } = CapturedReasons.None;

    /// <summary>The discounts the customer holds at the evaluation (granted and within their months).</summary>
    public IReadOnlyList<DiscountInForce> DiscountsInForce { get; init; } = [];

    /// <summary>Computes the facts of domain.md §1.2 as of <paramref name="now"/> (closed bills only).</summary>
    public CustomerFacts ToFacts(DateTimeOffset now)
    {
        var c = Customer;
        var thisMonth = new DateOnly(now.Year, now.Month, 1);
        var bills = Bills.Where(b => b.Month < thisMonth).OrderByDescending(b => b.Month).ToList();
        var usage = Usage.Where(u => u.Month < thisMonth).OrderByDescending(u => u.Month).ToList();
        var since90 = now.AddDays(-90);
        var exit = c.ExitedAt is { } e ? DateOnly.FromDateTime(e.UtcDateTime) : (DateOnly?)null;
        return new CustomerFacts
        {
            TenureMonths = MonthsBetween(c.ActivatedAt, now),
            RecentArpu = Mean(bills.Take(3).Select(b => b.Amount)),
            PreviousArpu = Mean(bills.Skip(3).Take(3).Select(b => b.Amount)),
            VoiceUsageChange = Change(usage.Select(u => (decimal)u.VoiceMinutes).ToList()),
            DataUsageChange = Change(usage.Select(u => (decimal)u.DataMegabytes).ToList()),
            DaysSinceLastChargeableEvent = Math.Max(0, (int)(now - c.LastChargeableEventAt).TotalDays),
            ComplaintsLast90Days = ComplaintsLast90Days,
            ComplaintSlaBreachedLast90Days = ComplaintSlaBreachedLast90Days,
            ArrearsDays = c.ArrearsDays,
            ArrearsInLast12Months = c.ArrearsDays > 0,
            Status = c.Status,
            ExitDate = exit,
            IsPrepaid = c.IsPrepaid,
            CommitmentEnd = c.CommitmentEndsAt is { } end ? DateOnly.FromDateTime(end.UtcDateTime) : null,
            RenewalOnFile = c.CommitmentRenewed,
            ActiveProducts = Products.Count(p => p.RemovedAt is null),
            ProductChangeLast90Days = Products.Count(p => p.AddedAt >= since90) - Products.Count(p => p.RemovedAt >= since90),
            IntentToLeave = IntentToLeave,
            Revenue12Months = bills.Take(12).Sum(b => b.Amount),
            CostToServe12Months = bills.Take(12).Sum(b => b.CostToServe),
            RecentCostToServe = Mean(bills.Take(3).Select(b => b.CostToServe)),
            Group = Group,
        };
    }

    public static int MonthsBetween(DateTimeOffset from, DateTimeOffset to)
    {
        var months = ((to.Year - from.Year) * 12) + to.Month - from.Month - (to.Day < from.Day ? 1 : 0);
        return Math.Max(0, months);
    }

    private static decimal Mean(IEnumerable<decimal> values)
    {
        var list = values.ToList();
        return list.Count == 0 ? 0 : decimal.Round(list.Average(), 2);
    }

    /// <summary>Last three months against the three before; null without a full previous window.</summary>
    private static decimal? Change(List<decimal> newestFirst)
    {
        if (newestFirst.Count < 6)
        {
            return null;
        }

        var previous = newestFirst.Skip(3).Take(3).Average();
        return previous == 0 ? null : (newestFirst.Take(3).Average() - previous) / previous;
    }
}
