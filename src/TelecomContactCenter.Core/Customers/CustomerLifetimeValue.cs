namespace TelecomContactCenter.Core.Customers;

/// <summary>
/// CLV of domain.md §5.5: Σ_{t=1..H} m_t · S_t / (1+d)^t with S_t = Π_{k≤t} (1 − c_k). Margins in currency per month.
/// </summary>
public static class CustomerLifetimeValue
{
    /// <summary>Constant margin and churn over the horizon.</summary>
    public static decimal Compute(decimal monthlyMargin, double monthlyChurnProbability, int horizonMonths = 36, double monthlyDiscountRate = 0.008)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(horizonMonths, 1);
        return Compute(
            Enumerable.Repeat(monthlyMargin, horizonMonths).ToArray(),
            Enumerable.Repeat(monthlyChurnProbability, horizonMonths).ToArray(),
            monthlyDiscountRate);
    }

    /// <summary>Per-month margins m_t and churn probabilities c_t (dynamic retention); both lists have length H.</summary>
    public static decimal Compute(IReadOnlyList<decimal> monthlyMargins, IReadOnlyList<double> monthlyChurn, double monthlyDiscountRate)
    {
        ArgumentNullException.ThrowIfNull(monthlyMargins);
        ArgumentNullException.ThrowIfNull(monthlyChurn);
        if (monthlyMargins.Count != monthlyChurn.Count)
        {
            throw new ArgumentException("Margins and churn probabilities must cover the same months.", nameof(monthlyChurn));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(monthlyDiscountRate);
        double total = 0;
        double survival = 1;
        for (var t = 1; t <= monthlyMargins.Count; t++)
        {
            var churn = monthlyChurn[t - 1];
            if (churn is < 0 or > 1)
            {
                throw new ArgumentOutOfRangeException(nameof(monthlyChurn), churn, "A churn probability lies between 0 and 1.");
            }

            survival *= 1 - churn;
            total += (double)monthlyMargins[t - 1] * survival / Math.Pow(1 + monthlyDiscountRate, t);
        }

        return Math.Round((decimal)total, 2);
    }

    /// <summary>CLV from a churn score, using the score-to-probability mapping documented on <see cref="ChurnScore"/>.</summary>
    public static decimal FromScore(decimal monthlyMargin, ChurnScore score, ChurnOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(score);
        var o = options ?? new ChurnOptions();
        return Compute(monthlyMargin, score.MonthlyChurnProbability(o), o.ClvHorizonMonths, o.ClvMonthlyDiscountRate);
    }
}
