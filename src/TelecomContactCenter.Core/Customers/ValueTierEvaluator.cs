namespace TelecomContactCenter.Core.Customers;

/// <summary>
/// Tiers an individual customer per domain.md §2.7: base tier from 12-month revenue, loyalty uplift (capped at Gold),
/// demotion hysteresis, Rising/unprofitable/risk flags, manual override, then group inheritance. Stateless.
/// </summary>
public sealed class ValueTierEvaluator(TieringOptions? options = null)
{
    private readonly TieringOptions _options = options ?? new TieringOptions();

    public TierAssessment Evaluate(
        CustomerFacts facts, TierCutoffs cutoffs, TierHistory? previous, TierOverride? manualOverride, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(cutoffs);
        var codes = new List<string>();
        var reason = new List<string> { cutoffs.Explain(facts.Revenue12Months, _options) };
        var baseTier = cutoffs.TierFor(facts.Revenue12Months);

        var earned = baseTier;
        if (facts.TenureMonths >= _options.LoyaltyTenureMonths && !facts.ArrearsInLast12Months
            && facts.ActiveProducts >= _options.LoyaltyMinimumProducts && baseTier < ValueTier.Gold)
        {
            earned = baseTier + 1;
            codes.Add(TierReasonCodes.LoyaltyUplift);
            reason.Add($"loyalty uplift to {earned} ({facts.TenureMonths / 12}+ years, {facts.ActiveProducts} products, no arrears)");
        }

        var newMonth = previous is null || previous.EvaluatedOn.Year != asOf.Year || previous.EvaluatedOn.Month != asOf.Month;
        var (held, monthsBelow) = ApplyHysteresis(earned, previous, newMonth, codes, reason);

        var risingNow = facts.ArpuChange >= _options.RisingArpuChange;
        var monthsRising = !risingNow ? 0 : previous is null ? 1 : newMonth ? previous.MonthsRising + 1 : Math.Max(previous.MonthsRising, 1);
        var rising = monthsRising >= _options.RisingEvaluations;
        if (rising)
        {
            codes.Add(TierReasonCodes.Rising);
            reason.Add($"Rising: ARPU up {_options.RisingArpuChange:P0} or more for {monthsRising} evaluations");
        }

        if (facts.IsUnprofitable)
        {
            codes.Add(TierReasonCodes.Unprofitable);
            reason.Add("unprofitable: no retention discounts");
        }

        if (facts.FraudOrCreditHold)
        {
            codes.Add(TierReasonCodes.RiskHold);
            reason.Add("risk hold: no financial perks");
        }

        var individual = held;
        var overridden = false;
        if (manualOverride is not null)
        {
            if (manualOverride.IsActiveOn(asOf))
            {
                individual = manualOverride.Tier;
                overridden = true;
                codes.Add(TierReasonCodes.Override);
                reason.Add($"override to {manualOverride.Tier} by {manualOverride.SetBy} until {manualOverride.ExpiresOn:yyyy-MM-dd}: {manualOverride.Reason}");
            }
            else if (asOf > manualOverride.ExpiresOn)
            {
                codes.Add(TierReasonCodes.OverrideExpired);
                reason.Add($"override expired {manualOverride.ExpiresOn:yyyy-MM-dd}");
            }
        }

        var tier = ApplyGroup(individual, facts.Group, codes, reason);
        return new TierAssessment(
            baseTier,
            tier,
            facts.Group?.Tier,
            rising,
            facts.IsUnprofitable,
            facts.FraudOrCreditHold,
            overridden,
            codes,
            string.Join("; ", reason),
            new TierHistory(held, monthsBelow, monthsRising, asOf))
        {
            Basis = cutoffs.BasisFor(facts.Revenue12Months, _options),
        };
    }

    private (ValueTier Held, int MonthsBelow) ApplyHysteresis(
        ValueTier earned, TierHistory? previous, bool newMonth, List<string> codes, List<string> reason)
    {
        if (previous is null || earned >= previous.Tier)
        {
            return (earned, 0);
        }

        var monthsBelow = newMonth ? previous.MonthsBelow + 1 : Math.Max(previous.MonthsBelow, 1);
        if (monthsBelow < _options.DemotionEvaluations)
        {
            codes.Add(TierReasonCodes.DemotionHeld);
            reason.Add($"kept at {previous.Tier}: {monthsBelow} of {_options.DemotionEvaluations} evaluations below the cut");
            return (previous.Tier, monthsBelow);
        }

        codes.Add(TierReasonCodes.Demoted);
        reason.Add($"demoted from {previous.Tier} after {monthsBelow} evaluations below the cut");
        return (earned, 0);
    }

    private static ValueTier ApplyGroup(ValueTier individual, GroupMembership? group, List<string> codes, List<string> reason)
    {
        if (group is null || group.Tier < GroupTier.G2)
        {
            return individual;
        }

        var floor = group.IsKeyContact ? (group.Tier == GroupTier.G1 ? ValueTier.Platinum : ValueTier.Gold) : ValueTier.Silver;
        if (floor <= individual)
        {
            return individual;
        }

        codes.Add(group.IsKeyContact ? TierReasonCodes.GroupKeyContact : TierReasonCodes.GroupEmployee);
        reason.Add(group.IsKeyContact
            ? $"{group.Tier} key contact ({group.Role}) routes as {floor}"
            : $"employee line on a {group.Tier} account: at least {floor}");
        return floor;
    }
}
