namespace TelecomContactCenter.Core.Customers;

/// <summary>Stage thresholds of domain.md §1.3 (configuration section "Lifecycle").</summary>
public sealed class LifecycleOptions
{
    public const string SectionName = "Lifecycle";

    public int AcquisitionTenureMonths { get; set; } = 3;

    public int GrowthTenureMonths { get; set; } = 12;

    public decimal DeclineArpuChange { get; set; } = -0.30m;

    public decimal DeclineUsageChange { get; set; } = -0.30m;

    public decimal GrowthArpuChange { get; set; } = 0.15m;

    public int InactivityDeclineDays { get; set; } = 30;

    public int PrepaidChurnInactivityDays { get; set; } = 90;

    public int ArrearsDeclineDays { get; set; } = 30;

    public int ComplaintsSoftTrigger { get; set; } = 2;

    public int CommitmentWindowDays { get; set; } = 60;

    public int GroupCommitmentWindowDays { get; set; } = 90;

    public int ChurnScoreSoftTrigger { get; set; } = 60;

    public int SoftTriggersForDecline { get; set; } = 2;

    public int CleanEvaluationsToLeaveDecline { get; set; } = 2;

    public int WinbackWindowMonths { get; set; } = 12;

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        Positive(errors, nameof(AcquisitionTenureMonths), AcquisitionTenureMonths);
        if (GrowthTenureMonths < AcquisitionTenureMonths)
        {
            errors.Add($"{SectionName}:{nameof(GrowthTenureMonths)} must be at least {nameof(AcquisitionTenureMonths)}");
        }

        if (DeclineArpuChange is >= 0 or <= -1)
        {
            errors.Add($"{SectionName}:{nameof(DeclineArpuChange)} must be between -1 and 0 (exclusive)");
        }

        if (DeclineUsageChange is >= 0 or <= -1)
        {
            errors.Add($"{SectionName}:{nameof(DeclineUsageChange)} must be between -1 and 0 (exclusive)");
        }

        if (GrowthArpuChange <= 0)
        {
            errors.Add($"{SectionName}:{nameof(GrowthArpuChange)} must be greater than 0");
        }

        Positive(errors, nameof(InactivityDeclineDays), InactivityDeclineDays);
        if (PrepaidChurnInactivityDays <= InactivityDeclineDays)
        {
            errors.Add($"{SectionName}:{nameof(PrepaidChurnInactivityDays)} must be greater than {nameof(InactivityDeclineDays)}");
        }

        Positive(errors, nameof(ArrearsDeclineDays), ArrearsDeclineDays);
        Positive(errors, nameof(ComplaintsSoftTrigger), ComplaintsSoftTrigger);
        Positive(errors, nameof(CommitmentWindowDays), CommitmentWindowDays);
        Positive(errors, nameof(GroupCommitmentWindowDays), GroupCommitmentWindowDays);
        if (ChurnScoreSoftTrigger is < 0 or > 100)
        {
            errors.Add($"{SectionName}:{nameof(ChurnScoreSoftTrigger)} must be between 0 and 100");
        }

        Positive(errors, nameof(SoftTriggersForDecline), SoftTriggersForDecline);
        Positive(errors, nameof(CleanEvaluationsToLeaveDecline), CleanEvaluationsToLeaveDecline);
        Positive(errors, nameof(WinbackWindowMonths), WinbackWindowMonths);
        return errors;
    }

    private static void Positive(List<string> errors, string key, int value)
    {
        if (value <= 0)
        {
            errors.Add($"{SectionName}:{key} must be greater than 0");
        }
    }
}
