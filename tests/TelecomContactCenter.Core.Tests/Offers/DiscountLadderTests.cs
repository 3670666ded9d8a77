using TelecomContactCenter.Core.Customers;
using TelecomContactCenter.Core.Offers;
using static TelecomContactCenter.Core.Offers.DiscountRefusalCodes;

namespace TelecomContactCenter.Core.Tests.Offers;

/// <summary>The discount-authority ladder of domain.md §2.7 on its defaults: agent rung, supervisor rung (tier cap), refusals.</summary>
public sealed class DiscountLadderTests
{
    private static readonly DiscountLadder Ladder = new();

    private static DiscountCustomer Customer(ValueTier tier) => new(tier, IsUnprofitable: false, MonthlyRevenue: 200, MonthlyCostToServe: 60, LifetimeValue: 5000);

    [Theory]
    [InlineData(ValueTier.Platinum, 20, 6)]
    [InlineData(ValueTier.Gold, 15, 6)]
    [InlineData(ValueTier.Silver, 10, 3)]
    [InlineData(ValueTier.Standard, 5, 3)]
    public void Judge_AtTheAgentRung_AgentGrantsAtOnce(ValueTier tier, decimal percent, int months)
    {
        var verdict = Ladder.Judge(Customer(tier), percent, months);

        Assert.False(verdict.Refused);
        Assert.Equal(DiscountAuthorityLevel.Agent, verdict.Level);
    }

    [Theory]
    [InlineData(ValueTier.Platinum, 20.01, 6)]
    [InlineData(ValueTier.Platinum, 20, 7)]
    [InlineData(ValueTier.Gold, 15.5, 6)]
    [InlineData(ValueTier.Gold, 15, 7)]
    [InlineData(ValueTier.Silver, 11, 3)]
    [InlineData(ValueTier.Silver, 10, 4)]
    [InlineData(ValueTier.Standard, 6, 3)]
    [InlineData(ValueTier.Standard, 5, 4)]
    public void Judge_AboveTheAgentRung_NeedsASupervisor(ValueTier tier, decimal percent, int months)
    {
        var verdict = Ladder.Judge(Customer(tier), percent, months);

        Assert.False(verdict.Refused);
        Assert.True(verdict.NeedsSupervisor);
        Assert.Contains("a supervisor approves", verdict.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ValueTier.Platinum, 30, 12)]
    [InlineData(ValueTier.Gold, 25, 12)]
    [InlineData(ValueTier.Silver, 15, 6)]
    [InlineData(ValueTier.Standard, 10, 6)]
    public void Judge_AtTheTierCap_ASupervisorMayStillApprove(ValueTier tier, decimal percent, int months)
    {
        var verdict = Ladder.Judge(Customer(tier), percent, months);

        Assert.Equal(DiscountAuthorityLevel.Supervisor, verdict.Level);
    }

    [Theory]
    [InlineData(ValueTier.Platinum, 30.5)]
    [InlineData(ValueTier.Gold, 26)]
    [InlineData(ValueTier.Silver, 16)]
    [InlineData(ValueTier.Standard, 10.01)]
    public void Judge_AboveTheTierCap_RefusedForEveryone(ValueTier tier, decimal percent)
    {
        var verdict = Ladder.Judge(Customer(tier), percent, 1);

        Assert.Equal(TierCap, verdict.RefusalCode);
        Assert.Null(verdict.Level);
        Assert.Contains($"{tier} cap", verdict.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ValueTier.Platinum, 13)]
    [InlineData(ValueTier.Gold, 13)]
    [InlineData(ValueTier.Silver, 7)]
    [InlineData(ValueTier.Standard, 7)]
    public void Judge_LongerThanTheTierMonths_Refused(ValueTier tier, int months)
    {
        var verdict = Ladder.Judge(Customer(tier), 1, months);

        Assert.Equal(Months, verdict.RefusalCode);
    }

    [Fact]
    public void Judge_UnprofitableFlag_RefusedEvenOnePercent()
    {
        var verdict = Ladder.Judge(Customer(ValueTier.Platinum) with { IsUnprofitable = true }, 1, 1);

        Assert.Equal(Unprofitable, verdict.RefusalCode);
    }

    [Theory]
    [InlineData(60, 5000)]
    [InlineData(50, 5000)]
    [InlineData(200, 0)]
    [InlineData(200, -12.5)]
    public void Judge_NoMarginOrNoLifetimeValue_RefusedAsUnprofitable(decimal revenue, decimal clv)
    {
        var customer = Customer(ValueTier.Gold) with { MonthlyRevenue = revenue, LifetimeValue = clv };

        var verdict = Ladder.Judge(customer, 5, 1);

        Assert.Equal(Unprofitable, verdict.RefusalCode);
    }

    [Fact]
    public void Judge_DiscountTakesTheFeeBelowCost_Refused()
    {
        // ¥100 revenue, ¥80 cost: 20% leaves ¥0 (allowed), 25% leaves −¥5.
        var customer = Customer(ValueTier.Gold) with { MonthlyRevenue = 100, MonthlyCostToServe = 80 };

        Assert.False(Ladder.Judge(customer, 20, 3).Refused);
        var verdict = Ladder.Judge(customer, 25, 3);

        Assert.Equal(BelowCost, verdict.RefusalCode);
        Assert.Contains("¥-5.00", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Judge_AgentWithALowerOwnCap_AsksEarlierButNeverGetsMoreThanTheTierRung()
    {
        Assert.True(Ladder.Judge(Customer(ValueTier.Gold), 5, 1, agentOwnCap: 0).NeedsSupervisor);
        Assert.True(Ladder.Judge(Customer(ValueTier.Gold), 16, 1, agentOwnCap: 50).NeedsSupervisor);
    }

    [Fact]
    public void Defaults_EveryTierHasRoomForApprovalBetweenTheAgentRungAndTheCap()
    {
        var options = new DiscountAuthorityOptions();

        Assert.Empty(options.Validate("Offers:DiscountAuthority"));
        Assert.All(Enum.GetValues<ValueTier>(), tier =>
        {
            var rung = options.For(tier);
            Assert.True(rung.SupervisorPercent > rung.AgentPercent, $"{tier}: supervisor rung must be above the agent's");
            Assert.True(rung.SupervisorPercent <= options.HardCapPercent);
        });
    }

    [Fact]
    public void Judge_DiscountsInForce_CountTowardsTheTierCap()
    {
        // A Platinum customer already holding 25 % off: 10 % more would make 35 %, above the 30 % cap.
        var holding = Customer(ValueTier.Platinum) with { InForcePercent = 25 };

        var verdict = Ladder.Judge(holding, 10, 3);

        Assert.Equal(TierCap, verdict.RefusalCode);
        Assert.Contains("10% on top of the 25% in force (35% in all) is above the Platinum cap of 30%", verdict.Reason, StringComparison.Ordinal);
        Assert.Equal(DiscountAuthorityLevel.Supervisor, Ladder.Judge(holding, 5, 3).Level);
    }

    [Theory]
    [InlineData(0, DiscountAuthorityLevel.Agent)]
    [InlineData(5, DiscountAuthorityLevel.Agent)]
    [InlineData(10, DiscountAuthorityLevel.Supervisor)]
    public void Judge_DiscountsInForce_AnAgentGrantsOnlyUpToTheRungInAll(decimal inForce, DiscountAuthorityLevel level)
    {
        // Gold: the agent's rung is 15 %; a 10 % goodwill discount on top of 10 % in force needs a supervisor.
        var verdict = Ladder.Judge(Customer(ValueTier.Gold) with { InForcePercent = inForce }, 10, 3);

        Assert.Equal(level, verdict.Level);
    }

    [Fact]
    public void Judge_DiscountsInForce_CountTowardsTheCost()
    {
        // ¥200 revenue, ¥60 to serve: 60 % in all would leave ¥20, 75 % would leave −¥10 (the hard cap raised to allow it).
        var options = new DiscountAuthorityOptions { HardCapPercent = 100 };
        options.Gold.SupervisorPercent = 100;
        var ladder = new DiscountLadder(options);

        Assert.False(ladder.Judge(Customer(ValueTier.Gold) with { InForcePercent = 50 }, 10, 3).Refused);
        Assert.Equal(BelowCost, ladder.Judge(Customer(ValueTier.Gold) with { InForcePercent = 65 }, 10, 3).RefusalCode);
    }

    [Fact]
    public void Validate_AgentRungAboveTheSupervisorsOrCapAbove100_NamesTheKey()
    {
        var options = new DiscountAuthorityOptions { HardCapPercent = 120 };
        options.Silver.AgentPercent = 18;
        options.Standard.AgentMonths = 9;

        var errors = options.Validate("Offers:DiscountAuthority").ToList();

        Assert.Contains("Offers:DiscountAuthority:HardCapPercent must be more than 0 and at most 100", errors);
        Assert.Contains("Offers:DiscountAuthority:Silver:AgentPercent must be between 0 and Offers:DiscountAuthority:Silver:SupervisorPercent", errors);
        Assert.Contains("Offers:DiscountAuthority:Standard:AgentMonths must be between 0 and Offers:DiscountAuthority:Standard:SupervisorMonths", errors);
    }

    [Fact]
    public void Validate_FlatAgentAuthoritySet_StopsStartUpNamingTheKey()
    {
        var errors = new OfferOptions { AgentDiscountAuthorityPercent = 5 }.Validate();

        Assert.Contains(errors, e => e.StartsWith("Offers:AgentDiscountAuthorityPercent is not a setting", StringComparison.Ordinal));
    }
}
