namespace TelecomContactCenter.Core.Customers;

/// <summary>Everything the screen pop shows about a customer's value and risk, from one evaluation.</summary>
public sealed record CustomerProfile(StageAssessment Stage, TierAssessment Tier, ChurnScore Churn, decimal LifetimeValue);

/// <summary>
/// Runs stage, tier, churn score and CLV together so the host evaluates a customer in one call. CLV uses the
/// 12-month average margin and the churn score's monthly probability. Stateless and thread-safe.
/// </summary>
public sealed class CustomerProfileEvaluator(LifecycleOptions? lifecycle = null, TieringOptions? tiering = null, ChurnOptions? churn = null)
{
    private readonly LifecycleStageEvaluator _stages = new(lifecycle, churn);
    private readonly ValueTierEvaluator _tiers = new(tiering);
    private readonly ChurnOptions _churn = churn ?? new ChurnOptions();

    public CustomerProfile Evaluate(
        CustomerFacts facts,
        TierCutoffs cutoffs,
        StageHistory? stageHistory,
        TierHistory? tierHistory,
        TierOverride? manualOverride,
        DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var stage = _stages.Evaluate(facts, stageHistory, asOf);
        var tier = _tiers.Evaluate(facts, cutoffs, tierHistory, manualOverride, asOf);
        var score = ChurnScore.Compute(facts, asOf, _churn);
        // A monthly margin from recent bills: a 12-month sum over 12 undercounts anyone with less than a year of bills.
        return new CustomerProfile(stage, tier, score, CustomerLifetimeValue.FromScore(facts.MonthlyMargin, score, _churn));
    }
}
