namespace TelecomContactCenter.Core.Customers;

public enum ChurnBand
{
    Low,
    Medium,
    High,
}

/// <summary>One signal that added points to a churn score.</summary>
public sealed record ChurnSignal(string Code, string Description, int Points);

/// <summary>The v1 rule-based churn score of domain.md §5.4: 0–100, capped, with the signals that contributed.</summary>
public sealed record ChurnScore(int Value, ChurnBand Band, IReadOnlyList<ChurnSignal> Signals)
{
    public static ChurnScore Compute(CustomerFacts facts, DateOnly asOf, ChurnOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var o = options ?? new ChurnOptions();
        var signals = new List<ChurnSignal>();
        void Add(bool condition, string code, string text, int points)
        {
            if (condition && points > 0)
            {
                signals.Add(new ChurnSignal(code, text, points));
            }
        }

        var drop = (int)Math.Round(-o.ArpuDropThreshold * 100);
        var useDrop = (int)Math.Round(-o.UsageDropThreshold * 100);
        Add(facts.ArpuChange <= o.ArpuDropThreshold, "ARPU-DROP", $"ARPU fell {drop}% or more", o.ArpuDropPoints);
        Add(facts.UsageChange <= o.UsageDropThreshold, "USAGE-DROP", $"Usage fell {useDrop}% or more", o.UsageDropPoints);

        // No upper cut-off: a postpaid customer silent for 90 days or more is at least as likely to leave as one silent for 30.
        Add(facts.DaysSinceLastChargeableEvent >= o.InactivityFromDays, "INACTIVE",
            $"No chargeable activity for {facts.DaysSinceLastChargeableEvent} days ({o.InactivityFromDays} or more)", o.InactivityPoints);
        Add(facts.ComplaintSlaBreachedLast90Days, "SLA-BREACH", "A complaint breached its SLA in 90 days", o.SlaBreachPoints);
        Add(facts.ComplaintsLast90Days >= o.RepeatComplaintsFrom, "REPEAT-COMPLAINTS",
            $"{o.RepeatComplaintsFrom} or more complaints in 90 days", o.RepeatComplaintPoints);
        Add(facts.ArrearsDays >= o.ArrearsFromDays, "ARREARS", $"Arrears of {o.ArrearsFromDays} days or more", o.ArrearsPoints);
        Add(CommitmentEndsWithin(facts, asOf, o.CommitmentEndingWithinDays), "COMMIT-ENDING",
            $"Commitment ends within {o.CommitmentEndingWithinDays} days, no renewal", o.CommitmentEndingPoints);
        Add(facts.IsKnownCustomer && facts.TenureMonths < o.ShortTenureMonths, "SHORT-TENURE",
            $"Tenure under {o.ShortTenureMonths} months", o.ShortTenurePoints);
        Add(facts.IntentToLeave, "INTENT", "Port-out or competitor intent in 30 days", o.IntentPoints);

        var value = Math.Min(100, signals.Sum(s => s.Points));
        return new ChurnScore(value, BandOf(value, o), signals);
    }

    public static ChurnBand BandOf(int value, ChurnOptions? options = null)
    {
        var o = options ?? new ChurnOptions();
        return value >= o.HighBandFrom ? ChurnBand.High : value >= o.MediumBandFrom ? ChurnBand.Medium : ChurnBand.Low;
    }

    /// <summary>
    /// Monthly churn probability c for the CLV formula. v1 reads the score as a position between two annual churn
    /// rates (10% at score 0, 90% at score 100 by default), interpolated linearly, then converts the annual rate to
    /// an equivalent constant monthly rate: c = 1 − (1 − annual)^(1/12). Replace with the v2 model's calibrated output.
    /// </summary>
    public double MonthlyChurnProbability(ChurnOptions? options = null)
    {
        var o = options ?? new ChurnOptions();
        var annual = o.AnnualChurnAtScoreZero
            + ((o.AnnualChurnAtScoreHundred - o.AnnualChurnAtScoreZero) * Math.Clamp(Value, 0, 100) / 100.0);
        return 1 - Math.Pow(1 - annual, 1.0 / 12);
    }

    internal static bool CommitmentEndsWithin(CustomerFacts facts, DateOnly asOf, int days) =>
        facts.CommitmentEnd is { } end
        && !facts.RenewalOnFile
        && end.DayNumber - asOf.DayNumber is var left && left >= 0 && left <= days;
}
