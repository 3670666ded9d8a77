using TelecomContactCenter.Core.Customers;
using TelecomContactCenter.Core.Routing;

namespace TelecomContactCenter.Core.Tests.Routing;

public sealed class PriorityTests
{
    [Fact]
    public void Dispatch_TwoTiersOneAgent_ServesPlatinumFirstThenStandard()
    {
        var f = new AcdFixture();
        f.Enqueue("standard", ValueTier.Standard);
        f.Wait(5);
        f.Enqueue("platinum", ValueTier.Platinum);
        f.Wait(12);

        var first = AcdFixture.Offer(f.Available("a1"));
        var second = AcdFixture.Offer(f.Serve("platinum", "a1"));

        Assert.Equal(new OfferCall(AcdFixture.Call("platinum"), AcdFixture.Agent("a1"), "Platinum +100, waited 12 s +12; longest idle agent (idle 0 s)"), first);
        Assert.Equal(AcdFixture.Call("standard"), second.CallId);
    }

    [Fact]
    public void Crossover_DefaultWeights_IsOneHundredSecondsForStandardAgainstPlatinum()
    {
        var policy = new PriorityPolicy(new RoutingOptions());

        Assert.Equal(TimeSpan.FromSeconds(100), policy.Crossover(ValueTier.Platinum, ValueTier.Standard));
        Assert.Equal(TimeSpan.FromSeconds(30), policy.Crossover(ValueTier.Gold, ValueTier.Silver));
    }

    [Theory]
    [InlineData(99, "platinum")]
    [InlineData(101, "standard")]
    public void Dispatch_StandardWaitedPastCrossover_OutranksNewPlatinum(int standardWaited, string served)
    {
        var f = new AcdFixture();
        f.Enqueue("standard", ValueTier.Standard);
        f.Wait(standardWaited);
        f.Enqueue("platinum", ValueTier.Platinum);

        var offer = AcdFixture.Offer(f.Available("a1"));

        Assert.Equal(AcdFixture.Call(served), offer.CallId);
    }

    [Fact]
    public void Dispatch_FreshVipAlwaysWaiting_StandardServedAtFirstChanceAfterCrossover()
    {
        var f = new AcdFixture();
        f.Enqueue("standard", ValueTier.Standard);
        f.Enqueue("vip-0", ValueTier.Platinum);
        var offer = AcdFixture.Offer(f.Available("a1"));
        var served = new List<string>();

        // Each call lasts 30 s, and a new Platinum caller arrives just before the agent is free again.
        for (var i = 1; offer.CallId.Value != "standard" && i < 10; i++)
        {
            served.Add(offer.CallId.Value);
            f.Acd.OfferAccepted(offer.CallId, offer.AgentId);
            f.Wait(30);
            f.Acd.CallEnded(offer.CallId);
            f.Enqueue($"vip-{i}", ValueTier.Platinum);
            offer = AcdFixture.Offer(f.Acd.WrapUpCompleted(offer.AgentId));
        }

        Assert.Equal(["vip-0", "vip-1", "vip-2", "vip-3"], served);
        Assert.StartsWith("Standard +0, waited 120 s +120", offer.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void ChangePriority_WaitingCall_AppliesToTheNextSelection()
    {
        var f = new AcdFixture();
        f.Enqueue("first", ValueTier.Standard);
        f.Enqueue("second", ValueTier.Standard);

        f.Acd.ChangePriority(AcdFixture.Call("second"), ValueTier.Gold, 0);
        var offer = AcdFixture.Offer(f.Available("a1"));

        Assert.Equal(AcdFixture.Call("second"), offer.CallId);
    }

    [Fact]
    public void Dispatch_IvrBonus_AddsToTierWeightAndIsExplained()
    {
        var f = new AcdFixture();
        f.Available("a1", ("vip", 1));
        f.Acd.AgentStatusChanged(AcdFixture.Agent("a1"), AgentStatus.OnBreak, "lunch");
        f.Enqueue("silver", ValueTier.Silver, bonus: 20);
        f.Enqueue("gold", ValueTier.Gold);
        f.Wait(95);

        var offer = AcdFixture.Offer(f.Acd.AgentStatusChanged(AcdFixture.Agent("a1"), AgentStatus.Available));

        Assert.Equal("Gold +60, waited 95 s +95; longest idle agent (idle 0 s)", offer.Reason);
        Assert.Equal(50 + 95, f.Acd.GetPosition(AcdFixture.Call("silver"))!.Priority);
    }

    [Fact]
    public void Options_NonPositiveAgeing_IsRejectedNamingTheKey()
    {
        var ex = Assert.Throws<ArgumentException>(() => new AutomaticCallDistributor(new RoutingOptions { AgeingPointsPerSecond = 0 }, TimeProvider.System));

        Assert.Contains("Routing:AgeingPointsPerSecond", ex.Message, StringComparison.Ordinal);
    }
}
