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
        var facts = Mature with { IntentToLeave = true, Revenue12Months = 450 * 12, CostToServe12Months = 150 * 12 };

        var profile = _evaluator.Evaluate(facts, TierCutoffs.FromRevenues([]), null, null, null, AsOf);

        Assert.Equal(LifecycleStage.Decline, profile.Stage.Stage);
        Assert.Equal(ValueTier.Gold, profile.Tier.Tier);
        Assert.Equal(ChurnBand.Medium, profile.Churn.Band);
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
        Assert.Equal(400m / 12, context.MonthlyCostToServe);
        Assert.Equal(profile.LifetimeValue, context.LifetimeValue);
    }
}
