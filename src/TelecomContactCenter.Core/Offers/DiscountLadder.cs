using System.Globalization;
using TelecomContactCenter.Core.Customers;

namespace TelecomContactCenter.Core.Offers;

/// <summary>
/// One tier's rung of the discount ladder (domain.md §2.7): what an agent grants without asking, and what a
/// supervisor may approve above it (the tier cap). Percent off the monthly fee, for at most so many months.
/// </summary>
public sealed class TierDiscountLimits
{
    public decimal AgentPercent { get; set; }

    public int AgentMonths { get; set; }

    public decimal SupervisorPercent { get; set; }

    public int SupervisorMonths { get; set; }
}

/// <summary>
/// The discount-authority ladder per tier (section "Offers:DiscountAuthority"). The agent rungs are domain.md §2.7's
/// "without escalation" column; the supervisor rungs are the tier caps a supervisor may approve up to; the hard cap
/// bounds every rung, so no configuration lets anyone grant more.
/// </summary>
public sealed class DiscountAuthorityOptions
{
    public TierDiscountLimits Platinum { get; set; } = new() { AgentPercent = 20, AgentMonths = 6, SupervisorPercent = 30, SupervisorMonths = 12 };

    public TierDiscountLimits Gold { get; set; } = new() { AgentPercent = 15, AgentMonths = 6, SupervisorPercent = 25, SupervisorMonths = 12 };

    public TierDiscountLimits Silver { get; set; } = new() { AgentPercent = 10, AgentMonths = 3, SupervisorPercent = 15, SupervisorMonths = 6 };

    public TierDiscountLimits Standard { get; set; } = new() { AgentPercent = 5, AgentMonths = 3, SupervisorPercent = 10, SupervisorMonths = 6 };

    /// <summary>Above this nobody grants a discount, whatever the tier.</summary>
    public decimal HardCapPercent { get; set; } = 30;

    /// <summary>No discount runs longer than this.</summary>
    public int HardCapMonths { get; set; } = 12;

    public TierDiscountLimits For(ValueTier tier) => tier switch
    {
        ValueTier.Platinum => Platinum,
        ValueTier.Gold => Gold,
        ValueTier.Silver => Silver,
        _ => Standard,
    };

    /// <summary>Every broken rule, each naming its key under <paramref name="prefix"/>.</summary>
    public IEnumerable<string> Validate(string prefix)
    {
        if (HardCapPercent is <= 0 or > 100)
        {
            yield return $"{prefix}:{nameof(HardCapPercent)} must be more than 0 and at most 100";
        }

        if (HardCapMonths is < 1 or > 24)
        {
            yield return $"{prefix}:{nameof(HardCapMonths)} must be between 1 and 24";
        }

        foreach (var tier in Enum.GetValues<ValueTier>())
        {
            var rung = For(tier);
            var key = $"{prefix}:{tier}";
            if (rung is null)
            {
                yield return $"{key} is missing";
                continue;
            }

            if (rung.AgentPercent < 0 || rung.AgentPercent > rung.SupervisorPercent)
            {
                yield return $"{key}:{nameof(TierDiscountLimits.AgentPercent)} must be between 0 and {key}:{nameof(TierDiscountLimits.SupervisorPercent)}";
            }

            if (rung.AgentMonths < 0 || rung.AgentMonths > rung.SupervisorMonths)
            {
                yield return $"{key}:{nameof(TierDiscountLimits.AgentMonths)} must be between 0 and {key}:{nameof(TierDiscountLimits.SupervisorMonths)}";
            }

            if (rung.SupervisorPercent < 0 || rung.SupervisorPercent > HardCapPercent)
            {
                yield return $"{key}:{nameof(TierDiscountLimits.SupervisorPercent)} must be between 0 and {prefix}:{nameof(HardCapPercent)} ({Number(HardCapPercent)})";
            }

            if (rung.SupervisorMonths < 0 || rung.SupervisorMonths > HardCapMonths)
            {
                yield return $"{key}:{nameof(TierDiscountLimits.SupervisorMonths)} must be between 0 and {prefix}:{nameof(HardCapMonths)} ({HardCapMonths})";
            }
        }
    }

    internal static string Number(decimal value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}

/// <summary>Stable codes for why a discount is refused; the desktop translates each.</summary>
public static class DiscountRefusalCodes
{
    /// <summary>Unprofitable customer (flagged, CLV ≤ 0 or monthly margin ≤ 0): no paid incentives (§2.7, Swisscom).</summary>
    public const string Unprofitable = "discount.unprofitable";

    /// <summary>Above the tier cap: not even a supervisor may grant it.</summary>
    public const string TierCap = "discount.tierCap";

    /// <summary>Longer than the tier's months limit.</summary>
    public const string Months = "discount.months";

    /// <summary>The discounted fee would no longer cover the cost to serve over the term (§1.5, 000 L125–126).</summary>
    public const string BelowCost = "discount.belowCost";
}

/// <summary>Who may grant a discount: the agent at once, or a supervisor (the agent's request waits for approval).</summary>
public enum DiscountAuthorityLevel
{
    Agent,
    Supervisor,
}

/// <summary>
/// What the ladder needs about a customer: the effective tier, the unprofitable flag, monthly revenue and cost to
/// serve (the margin), the CLV when known (null: not checked) and the percent off the customer already holds
/// (every discount in force, added up): a new discount is judged on the total, so discounts never stack past a rung.
/// </summary>
public sealed record DiscountCustomer(
    ValueTier Tier, bool IsUnprofitable, decimal MonthlyRevenue, decimal MonthlyCostToServe, decimal? LifetimeValue = null, decimal InForcePercent = 0);

/// <summary>A discount judged: who may grant it, or the rule that refuses it (<see cref="RefusalCode"/>) with a sentence.</summary>
public sealed record DiscountVerdict(DiscountAuthorityLevel? Level, string? RefusalCode, string Reason, TierDiscountLimits Limits)
{
    public bool Refused => RefusalCode is not null;

    /// <summary>Allowed, but above the agent's rung: an agent's request waits for a supervisor.</summary>
    public bool NeedsSupervisor => Level == DiscountAuthorityLevel.Supervisor;
}

/// <summary>
/// The discount-authority ladder of domain.md §2.7, the same for offers and goodwill discounts: no paid incentive
/// for an unprofitable customer; nothing above the tier cap or longer than its months; nothing that takes the fee
/// below the cost to serve; within the agent's rung (and their own cap, for an agent with a lower one) the agent
/// grants it at once, above it a supervisor approves. Percentages are the customer's total: the discounts already in
/// force plus the new one (a Platinum customer holding 20% may be given 10% more, with approval, and no more).
/// Stateless and thread-safe.
/// </summary>
public sealed class DiscountLadder(DiscountAuthorityOptions? options = null)
{
    private readonly DiscountAuthorityOptions _options = options ?? new DiscountAuthorityOptions();

    public DiscountVerdict Judge(DiscountCustomer customer, decimal percent, int months, decimal? agentOwnCap = null)
    {
        ArgumentNullException.ThrowIfNull(customer);
        var limits = _options.For(customer.Tier);
        var tier = customer.Tier;
        DiscountVerdict Refuse(string code, string reason) => new(null, code, reason, limits);

        var margin = customer.MonthlyRevenue - customer.MonthlyCostToServe;
        if (customer.IsUnprofitable || margin <= 0 || customer.LifetimeValue <= 0)
        {
            return Refuse(DiscountRefusalCodes.Unprofitable,
                $"the customer is unprofitable (monthly margin ¥{Money(margin)}{(customer.LifetimeValue is { } clv ? $", CLV ¥{Money(clv)}" : "")}): no paid incentives");
        }

        var total = customer.InForcePercent + percent;
        var asked = customer.InForcePercent > 0
            ? $"{Number(percent)}% on top of the {Number(customer.InForcePercent)}% in force ({Number(total)}% in all)"
            : $"{Number(percent)}%";
        if (total > limits.SupervisorPercent)
        {
            return Refuse(DiscountRefusalCodes.TierCap,
                $"{asked} is above the {tier} cap of {Number(limits.SupervisorPercent)}%: nobody may grant it");
        }

        if (months > limits.SupervisorMonths)
        {
            return Refuse(DiscountRefusalCodes.Months,
                $"{months} months is longer than the {tier} limit of {limits.SupervisorMonths} months");
        }

        var discounted = (customer.MonthlyRevenue * (1 - (total / 100))) - customer.MonthlyCostToServe;
        if (discounted < 0)
        {
            return Refuse(DiscountRefusalCodes.BelowCost,
                $"{asked} off leaves ¥{Money(discounted)} a month after the cost to serve: below cost");
        }

        var agentPercent = agentOwnCap is { } own ? Math.Min(own, limits.AgentPercent) : limits.AgentPercent;
        return total <= agentPercent && months <= limits.AgentMonths
            ? new(DiscountAuthorityLevel.Agent, null,
                $"within the agent's {tier} authority of {Number(agentPercent)}% for {limits.AgentMonths} months", limits)
            : new(DiscountAuthorityLevel.Supervisor, null,
                $"{asked} for {months} months is above the agent's {tier} authority of {Number(agentPercent)}% for {limits.AgentMonths} months: a supervisor approves", limits);
    }

    private static string Number(decimal value) => DiscountAuthorityOptions.Number(value);

    private static string Money(decimal value) => value.ToString("0.00", CultureInfo.InvariantCulture);
}
