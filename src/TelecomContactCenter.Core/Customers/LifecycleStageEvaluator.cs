using static TelecomContactCenter.Core.Customers.StageReasonCodes;

namespace TelecomContactCenter.Core.Customers;

/// <summary>
/// Assigns the lifecycle stage by the ordered rules of domain.md §1.3 (first match wins) and applies the Decline
/// hysteresis: entry is immediate, exit needs consecutive clean evaluations in distinct calendar months, so a nightly
/// re-evaluation inside one month does not count twice. Stateless and thread-safe.
/// </summary>
public sealed class LifecycleStageEvaluator(LifecycleOptions? options = null, ChurnOptions? churnOptions = null)
{
    private readonly LifecycleOptions _options = options ?? new LifecycleOptions();
    private readonly ChurnOptions _churnOptions = churnOptions ?? new ChurnOptions();

    public StageAssessment Evaluate(CustomerFacts facts, StageHistory? previous, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var churned = EvaluateChurned(facts, asOf);
        if (churned is not null)
        {
            return churned;
        }

        var triggers = DeclineTriggers(facts, asOf, out var hard);
        if (hard || triggers.Count >= _options.SoftTriggersForDecline)
        {
            var text = hard
                ? "Decline: " + string.Join(", ", triggers.Select(Describe))
                : $"Decline: {triggers.Count} soft triggers ({string.Join(", ", triggers.Select(Describe))})";
            return Assess(LifecycleStage.Decline, triggers, text, new StageHistory(LifecycleStage.Decline, 0, asOf));
        }

        if (previous is { Stage: LifecycleStage.Decline })
        {
            var sameMonth = previous.EvaluatedOn.Year == asOf.Year && previous.EvaluatedOn.Month == asOf.Month;
            var clean = sameMonth ? Math.Max(previous.CleanEvaluations, 1) : previous.CleanEvaluations + 1;
            if (clean < _options.CleanEvaluationsToLeaveDecline)
            {
                return Assess(
                    LifecycleStage.Decline,
                    [DeclineHeld],
                    $"Decline (held): {clean} of {_options.CleanEvaluationsToLeaveDecline} clean monthly evaluations",
                    new StageHistory(LifecycleStage.Decline, clean, asOf));
            }
        }

        var (stage, code, reason) = ActiveStage(facts);
        return Assess(stage, [code], reason, new StageHistory(stage, 0, asOf));
    }

    private StageAssessment? EvaluateChurned(CustomerFacts facts, DateOnly asOf)
    {
        string? code = null;
        string? text = null;
        if (facts.Status is AccountStatus.Terminated or AccountStatus.PortedOut or AccountStatus.Deregistered)
        {
            (code, text) = (ChurnedStatus, $"Churned: account {facts.Status}");
        }
        else if (facts.DisconnectionCompleted)
        {
            (code, text) = (ChurnedDisconnected, "Churned: disconnection order completed");
        }
        else if (facts.IsPrepaid && facts.DaysSinceLastChargeableEvent >= _options.PrepaidChurnInactivityDays)
        {
            (code, text) = (ChurnedPrepaidInactive, $"Churned: prepaid with no activity for {facts.DaysSinceLastChargeableEvent} days");
        }

        if (code is null)
        {
            return null;
        }

        // Without an exit date the window is assumed open: offering a win-back costs less than losing one.
        var window = facts.ExitDate is not { } exit || exit.AddMonths(_options.WinbackWindowMonths) >= asOf;
        return new StageAssessment(
            LifecycleStage.Churned,
            [code],
            text + (window ? "; win-back window open" : "; win-back window closed"),
            window,
            new StageHistory(LifecycleStage.Churned, 0, asOf));
    }

    private List<string> DeclineTriggers(CustomerFacts facts, DateOnly asOf, out bool hard)
    {
        var codes = new List<string>();
        if (facts.IntentToLeave)
        {
            codes.Add(DeclineIntent);
        }

        if (facts.Status == AccountStatus.SuspendedForArrears)
        {
            codes.Add(DeclineSuspended);
        }

        if (facts.ArrearsDays >= _options.ArrearsDeclineDays)
        {
            codes.Add(DeclineArrears);
        }

        // Postpaid inactivity of 90+ days stays a Decline trigger: inactivity alone never makes a postpaid customer Churned.
        if (facts.DaysSinceLastChargeableEvent >= _options.InactivityDeclineDays)
        {
            codes.Add(DeclineInactive);
        }

        hard = codes.Count > 0;
        if (facts.ArpuChange <= _options.DeclineArpuChange)
        {
            codes.Add(DeclineSoftArpu);
        }

        if (facts.UsageChange <= _options.DeclineUsageChange)
        {
            codes.Add(DeclineSoftUsage);
        }

        if (facts.ComplaintsLast90Days >= _options.ComplaintsSoftTrigger || facts.ComplaintSlaBreachedLast90Days)
        {
            codes.Add(DeclineSoftComplaints);
        }

        var window = facts.IsGroupAccount ? _options.GroupCommitmentWindowDays : _options.CommitmentWindowDays;
        if (ChurnScore.CommitmentEndsWithin(facts, asOf, window))
        {
            codes.Add(DeclineSoftCommitment);
        }

        if (ChurnScore.Compute(facts, asOf, _churnOptions).Value >= _options.ChurnScoreSoftTrigger)
        {
            codes.Add(DeclineSoftChurnScore);
        }

        return codes;
    }

    private (LifecycleStage Stage, string Code, string Reason) ActiveStage(CustomerFacts facts)
    {
        if (!facts.IsKnownCustomer)
        {
            return (LifecycleStage.Acquisition, AcquisitionProspect, "Acquisition: caller is not yet a customer");
        }

        if (facts.TenureMonths < _options.AcquisitionTenureMonths)
        {
            return (LifecycleStage.Acquisition, AcquisitionTenure, $"Acquisition: tenure {facts.TenureMonths} months");
        }

        if (facts.TenureMonths < _options.GrowthTenureMonths)
        {
            return (LifecycleStage.Growth, GrowthTenure, $"Growth: tenure {facts.TenureMonths} months");
        }

        if (facts.ArpuChange >= _options.GrowthArpuChange)
        {
            return (LifecycleStage.Growth, GrowthArpu, $"Growth: ARPU up {facts.ArpuChange:P0} over 3 months");
        }

        if (facts.ProductChangeLast90Days > 0)
        {
            return (LifecycleStage.Growth, GrowthProducts, "Growth: product added in the last 90 days");
        }

        return (LifecycleStage.Maturity, MaturityStable, $"Maturity: tenure {facts.TenureMonths} months, ARPU stable");
    }

    private static StageAssessment Assess(LifecycleStage stage, IReadOnlyList<string> codes, string reason, StageHistory history) =>
        new(stage, codes, reason, false, history);

    private static string Describe(string code) => code switch
    {
        DeclineIntent => "intent to leave",
        DeclineSuspended => "suspended for arrears",
        DeclineArrears => "arrears",
        DeclineInactive => "no recent activity",
        DeclineSoftArpu => "ARPU down",
        DeclineSoftUsage => "usage down",
        DeclineSoftComplaints => "complaints",
        DeclineSoftCommitment => "commitment ending",
        DeclineSoftChurnScore => "high churn score",
        _ => code,
    };
}
