namespace TelecomContactCenter.Core.Customers;

/// <summary>Rule-based churn score weights (domain.md §5.4) and the CLV parameters of §5.5 (section "Churn").</summary>
public sealed class ChurnOptions
{
    public const string SectionName = "Churn";

    public int ArpuDropPoints { get; set; } = 20;

    public int UsageDropPoints { get; set; } = 15;

    public int InactivityPoints { get; set; } = 20;

    public int SlaBreachPoints { get; set; } = 15;

    public int RepeatComplaintPoints { get; set; } = 10;

    public int ArrearsPoints { get; set; } = 15;

    public int CommitmentEndingPoints { get; set; } = 10;

    public int ShortTenurePoints { get; set; } = 5;

    /// <summary>
    /// Points for a port-out, cancellation or competitor enquiry in 30 days. 60 (the seed table has 30) so intent alone
    /// reaches the High band: §1.3 makes it a hard Decline trigger, and a customer asking how to port out is the
    /// clearest churn signal the contact centre ever hears.
    /// </summary>
    public int IntentPoints { get; set; } = 60;

    /// <summary>ARPU change (last 3 bills against the 3 before) at or below which ARPU-DROP scores; −0.30 = fell 30%.</summary>
    public decimal ArpuDropThreshold { get; set; } = -0.30m;

    public decimal UsageDropThreshold { get; set; } = -0.30m;

    /// <summary>Days without a chargeable event from which INACTIVE scores, with no upper limit.</summary>
    public int InactivityFromDays { get; set; } = 30;

    public int ArrearsFromDays { get; set; } = 30;

    public int CommitmentEndingWithinDays { get; set; } = 60;

    public int RepeatComplaintsFrom { get; set; } = 2;

    public int ShortTenureMonths { get; set; } = 12;

    public int HighBandFrom { get; set; } = 60;

    public int MediumBandFrom { get; set; } = 30;

    /// <summary>Annual churn probability assumed for a score of 0 (see <see cref="ChurnScore.MonthlyChurnProbability"/>).</summary>
    public double AnnualChurnAtScoreZero { get; set; } = 0.10;

    /// <summary>Annual churn probability assumed for a score of 100.</summary>
    public double AnnualChurnAtScoreHundred { get; set; } = 0.90;

    public int ClvHorizonMonths { get; set; } = 36;

    public double ClvMonthlyDiscountRate { get; set; } = 0.008;

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        foreach (var (key, value) in new[]
        {
            (nameof(ArpuDropPoints), ArpuDropPoints), (nameof(UsageDropPoints), UsageDropPoints),
            (nameof(InactivityPoints), InactivityPoints), (nameof(SlaBreachPoints), SlaBreachPoints),
            (nameof(RepeatComplaintPoints), RepeatComplaintPoints), (nameof(ArrearsPoints), ArrearsPoints),
            (nameof(CommitmentEndingPoints), CommitmentEndingPoints), (nameof(ShortTenurePoints), ShortTenurePoints),
            (nameof(IntentPoints), IntentPoints),
        })
        {
            if (value is < 0 or > 100)
            {
                errors.Add($"{SectionName}:{key} must be between 0 and 100");
            }
        }

        foreach (var (key, value) in new[] { (nameof(ArpuDropThreshold), ArpuDropThreshold), (nameof(UsageDropThreshold), UsageDropThreshold) })
        {
            if (value is <= -1 or >= 0)
            {
                errors.Add($"{SectionName}:{key} must be a fall between -1 and 0 (e.g. -0.30)");
            }
        }

        foreach (var (key, value) in new[]
        {
            (nameof(InactivityFromDays), InactivityFromDays), (nameof(ArrearsFromDays), ArrearsFromDays),
            (nameof(CommitmentEndingWithinDays), CommitmentEndingWithinDays), (nameof(RepeatComplaintsFrom), RepeatComplaintsFrom),
            (nameof(ShortTenureMonths), ShortTenureMonths),
        })
        {
            if (value is < 1 or > 3650)
            {
                errors.Add($"{SectionName}:{key} must be between 1 and 3650");
            }
        }

        if (MediumBandFrom <= 0 || HighBandFrom <= MediumBandFrom || HighBandFrom > 100)
        {
            errors.Add($"{SectionName}:{nameof(HighBandFrom)} must be above {nameof(MediumBandFrom)} (> 0) and at most 100");
        }

        if (AnnualChurnAtScoreZero is < 0 or >= 1)
        {
            errors.Add($"{SectionName}:{nameof(AnnualChurnAtScoreZero)} must be in [0, 1)");
        }

        if (AnnualChurnAtScoreHundred < AnnualChurnAtScoreZero || AnnualChurnAtScoreHundred >= 1)
        {
            errors.Add($"{SectionName}:{nameof(AnnualChurnAtScoreHundred)} must be in [{nameof(AnnualChurnAtScoreZero)}, 1)");
        }

        if (ClvHorizonMonths is < 1 or > 240)
        {
            errors.Add($"{SectionName}:{nameof(ClvHorizonMonths)} must be between 1 and 240");
        }

        if (ClvMonthlyDiscountRate is < 0 or > 0.1)
        {
            errors.Add($"{SectionName}:{nameof(ClvMonthlyDiscountRate)} must be between 0 and 0.1");
        }

        return errors;
    }
}
