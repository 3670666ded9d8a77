using TelecomContactCenter.Core.Complaints;
using TelecomContactCenter.Core.Customers;

namespace TelecomContactCenter.Core.Tests.Complaints;

public sealed class CustomerReasonsTests
{
    [Fact]
    public void All_CodesAreUniqueAcrossKinds_SoTheDesktopCanLabelThemByCodeAlone()
    {
        var duplicates = CustomerReasons.All.GroupBy(r => r.Code).Where(g => g.Count() > 1).Select(g => g.Key).ToList();

        Assert.Empty(duplicates);
    }

    [Theory]
    [InlineData("PORT_OUT", true)]
    [InlineData("CANCELLATION", true)]
    [InlineData("COMPETITOR_OFFER", true)]
    [InlineData("BILL_ENQUIRY", false)]
    public void ContactReason_IntentCodes_AreTheDeclineTrigger(string code, bool intent)
    {
        Assert.True(CustomerReasons.TryFind(ReasonKind.ContactReason, code, out var reason));

        Assert.Equal(intent, reason.SignalsIntentToLeave);
    }

    [Fact]
    public void ExitReasons_EveryOneHasAChurnType()
    {
        Assert.All(CustomerReasons.All.Where(r => r.Kind == ReasonKind.ExitReason), r => Assert.NotNull(r.ChurnType));
    }

    [Fact]
    public void WinbackProbability_DeliberateNonPayerNeverAndHigherTierMore()
    {
        Assert.True(CustomerReasons.TryFind(ReasonKind.ExitReason, "DELIBERATE_NON_PAYMENT", out var malicious));

        Assert.Equal(ChurnType.Malicious, malicious.ChurnType);
        Assert.Equal(0, CustomerReasons.WinbackProbability(ChurnType.Malicious, ValueTier.Platinum));
        Assert.True(CustomerReasons.WinbackProbability(ChurnType.OperatorCaused, ValueTier.Platinum)
            > CustomerReasons.WinbackProbability(ChurnType.OperatorCaused, ValueTier.Standard));
        Assert.True(CustomerReasons.WinbackProbability(ChurnType.OperatorCaused, ValueTier.Silver)
            > CustomerReasons.WinbackProbability(ChurnType.Natural, ValueTier.Silver));
    }

    [Fact]
    public void TryFind_CodeOfAnotherKind_NotFound()
    {
        Assert.False(CustomerReasons.TryFind(ReasonKind.ExitReason, "PORT_OUT", out _));
    }
}
