using TelecomContactCenter.Core.Customers;
using TelecomContactCenter.Core.Offers;
using static TelecomContactCenter.Core.Tests.Customers.SampleCustomers;

namespace TelecomContactCenter.Core.Tests.Customers;

public sealed class CustomerProfileEvaluatorTests
{
    private readonly CustomerProfileEvaluator _evaluator = new();

    [Fact]
    public void Evaluate_DecliningGoldCustomer_AllPartsAgree()
    {
        var facts = Mature with { IntentToLeave = true, RecentArpu = 450, RecentCostToServe = 150, Revenue12Months = 450 * 12, CostToServe12Months = 150 * 12 };

        var profile = _evaluator.Evaluate(facts, TierCutoffs.FromRevenues([]), null, null, null, AsOf);

        Assert.Equal(LifecycleStage.Decline, profile.Stage.Stage);
        Assert.Equal(ValueTier.Gold, profile.Tier.Tier);
        Assert.Equal(ChurnBand.High, profile.Churn.Band);
        Assert.InRange(profile.LifetimeValue, 1000m, 300m * 36);
    }

    [Fact]
    public void OfferContextFrom_Profile_CarriesStageTierAndMoney()
    {
        var facts = Mature with { Status = AccountStatus.PortedOut, ExitDate = AsOf.AddMonths(-2), FraudOrCreditHold = true };
        var profile = _evaluator.Evaluate(facts, TierCutoffs.FromRevenues([]), null, null, null, AsOf);

        var context = OfferContext.From(profile, facts);

        Assert.Equal(LifecycleStage.Churned, context.Stage);
        Assert.True(context.WinbackWindowOpen);
        Assert.True(context.HasRiskHold);
        Assert.Equal(100m, context.MonthlyRevenue);
        Assert.Equal(35m, context.MonthlyCostToServe);
        Assert.Equal(profile.LifetimeValue, context.LifetimeValue);
    }

    [Fact]
    public void Evaluate_CustomerWithSixMonthsOfBills_ClvMarginIsRecentArpuLessRecentCost()
    {
        // Six bills of 100 at a cost of 35: the margin is 65 a month, not (600 − 210) / 12 = 32.50.
        var facts = Mature with { TenureMonths = 6, Revenue12Months = 600, CostToServe12Months = 210, RecentCostToServe = 35 };

        var profile = _evaluator.Evaluate(facts, TierCutoffs.FromRevenues([]), null, null, null, AsOf);

        Assert.Equal(CustomerLifetimeValue.FromScore(65m, profile.Churn), profile.LifetimeValue);
    }
}
