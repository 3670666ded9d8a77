using TelecomContactCenter.Core.Customers;
using TelecomContactCenter.Core.Routing;

namespace TelecomContactCenter.Core.Tests.Routing;

public sealed class OfferTests
{
    [Fact]
    public void Tick_RingTimeout_CancelsAndReturnsCallToHeadWithOriginalQueueTime()
    {
        var f = new AcdFixture(new RoutingOptions { MaxConsecutiveMissedOffers = 1 });
        f.Available("a1");
        AcdFixture.Offer(f.Enqueue("standard", ValueTier.Standard));
        f.Wait(5);
        f.Enqueue("platinum", ValueTier.Platinum);
        f.Wait(15);

        var timeout = f.Acd.Tick();
        var offer = AcdFixture.Offer(f.Available("a2"));

        Assert.Equal(new CancelOffer(AcdFixture.Call("standard"), AcdFixture.Agent("a1"), "agent a1 did not answer within 20 s"), timeout[0]);
        Assert.IsType<AgentNotReady>(Assert.Single(timeout.Skip(1)));
        Assert.Equal(AcdFixture.Call("standard"), offer.CallId);
        Assert.StartsWith("Standard +0, waited 20 s +20", offer.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Tick_RingTimeout_ReoffersToAnotherIdleAgentFirst()
    {
        var f = new AcdFixture();
        f.Available("a1");
        f.Wait(1);
        f.Available("a2");
        f.Acd.AgentStatusChanged(AcdFixture.Agent("a2"), AgentStatus.OnBreak, "coffee");
        AcdFixture.Offer(f.Enqueue("c1", ValueTier.Silver));
        f.Acd.AgentStatusChanged(AcdFixture.Agent("a2"), AgentStatus.Available);
        f.Wait(20);

        var decisions = f.Acd.Tick();

        Assert.IsType<CancelOffer>(decisions[0]);
        Assert.Equal(AcdFixture.Agent("a2"), AcdFixture.Offer(decisions).AgentId);
    }

    [Fact]
    public void OfferFailed_ServiceShortage_CallWaitsAtHeadAndAgentIsNotCharged()
    {
        var f = new AcdFixture(new RoutingOptions { MaxConsecutiveMissedOffers = 1 });
        f.Available("a1");
        f.Wait(30);
        AcdFixture.Offer(f.Enqueue("c1", ValueTier.Standard));
        f.Enqueue("c2", ValueTier.Platinum);

        var failed = f.Acd.OfferFailed(AcdFixture.Call("c1"), AcdFixture.Agent("a1"));
        var agent = f.Acd.GetAgent(AcdFixture.Agent("a1"))!;
        f.Wait(1);
        var retried = AcdFixture.Offer(f.Acd.Tick());

        Assert.Empty(failed);
        Assert.Equal((AgentStatus.Available, AgentState.Idle, 0), (agent.Status, agent.State, agent.ConsecutiveMissedOffers));
        Assert.Equal(f.Clock.GetUtcNow().AddSeconds(-31), agent.IdleSince);
        Assert.Equal((AcdFixture.Call("c1"), AcdFixture.Agent("a1")), (retried.CallId, retried.AgentId));
    }

    [Fact]
    public void OfferTimedOut_ConsecutiveMisses_PutAgentOnBreak()
    {
        var f = new AcdFixture(new RoutingOptions { MaxConsecutiveMissedOffers = 2 });
        f.Available("a1");
        AcdFixture.Offer(f.Enqueue("c1", ValueTier.Standard));

        var first = f.Acd.OfferTimedOut(AcdFixture.Call("c1"), AcdFixture.Agent("a1"));
        var second = f.Acd.OfferTimedOut(AcdFixture.Call("c1"), AcdFixture.Agent("a1"));

        Assert.Equal(AcdFixture.Agent("a1"), AcdFixture.Offer(first).AgentId);
        Assert.Equal(new AgentNotReady(AcdFixture.Agent("a1"), "a1 missed 2 offers in a row; set to not ready"), Assert.Single(second));
        var agent = f.Acd.GetAgent(AcdFixture.Agent("a1"))!;
        Assert.Equal((AgentStatus.OnBreak, "missed 2 offers in a row", AgentState.Idle), (agent.Status, agent.BreakReason, agent.State));
        Assert.Equal(1, f.Acd.GetPosition(AcdFixture.Call("c1"))!.Position);
    }

    [Fact]
    public void OfferAccepted_AfterAMiss_ResetsTheMissCount()
    {
        var f = new AcdFixture(new RoutingOptions { MaxConsecutiveMissedOffers = 2 });
        f.Available("a1");
        AcdFixture.Offer(f.Enqueue("c1", ValueTier.Standard));
        f.Acd.OfferTimedOut(AcdFixture.Call("c1"), AcdFixture.Agent("a1"));
        f.Serve("c1", "a1");
        AcdFixture.Offer(f.Enqueue("c2", ValueTier.Standard));

        var miss = f.Acd.OfferTimedOut(AcdFixture.Call("c2"), AcdFixture.Agent("a1"));

        Assert.Empty(miss.OfType<AgentNotReady>());
        Assert.Equal(1, f.Acd.GetAgent(AcdFixture.Agent("a1"))!.ConsecutiveMissedOffers);
    }

    [Fact]
    public void OfferTimedOut_StaleReportAfterTick_IsIgnored()
    {
        var f = new AcdFixture();
        f.Available("a1");
        f.Available("a2");
        AcdFixture.Offer(f.Enqueue("c1", ValueTier.Standard));
        f.Wait(20);
        var reoffer = AcdFixture.Offer(f.Acd.Tick());

        var stale = f.Acd.OfferTimedOut(AcdFixture.Call("c1"), AcdFixture.Agent("a1"));

        Assert.Empty(stale);
        Assert.Equal(AgentState.Ringing, f.Acd.GetAgent(reoffer.AgentId)!.State);
    }

    [Fact]
    public void OfferAccepted_AfterWithdrawal_TellsHostToReleaseThatLeg()
    {
        var f = new AcdFixture();
        f.Available("a1");
        AcdFixture.Offer(f.Enqueue("c1", ValueTier.Standard));
        f.Acd.Abandon(AcdFixture.Call("c1"));

        var late = f.Acd.OfferAccepted(AcdFixture.Call("c1"), AcdFixture.Agent("a1"));

        Assert.IsType<CancelOffer>(Assert.Single(late));
        Assert.Equal(AgentState.Idle, f.Acd.GetAgent(AcdFixture.Agent("a1"))!.State);
    }

    [Fact]
    public void Abandon_WhileQueued_RemovesTheCall()
    {
        var f = new AcdFixture();
        f.Enqueue("c1", ValueTier.Gold);

        var decisions = f.Acd.Abandon(AcdFixture.Call("c1"));
        var later = f.Available("a1");

        Assert.Empty(decisions);
        Assert.Empty(later);
        Assert.Null(f.Acd.GetPosition(AcdFixture.Call("c1")));
    }

    [Fact]
    public void Abandon_WhileRinging_CancelsOfferAndFreesAgentForNextCall()
    {
        var f = new AcdFixture();
        f.Available("a1");
        AcdFixture.Offer(f.Enqueue("c1", ValueTier.Gold));
        f.Enqueue("c2", ValueTier.Standard);

        var decisions = f.Acd.Abandon(AcdFixture.Call("c1"));

        Assert.Equal(new CancelOffer(AcdFixture.Call("c1"), AcdFixture.Agent("a1"), "caller hung up while the agent's phone rang"), decisions[0]);
        Assert.Equal(AcdFixture.Call("c2"), AcdFixture.Offer(decisions).CallId);
        Assert.Equal(0, f.Acd.GetAgent(AcdFixture.Agent("a1"))!.ConsecutiveMissedOffers);
    }

    [Fact]
    public void AgentStatusChanged_BreakWhileRinging_WithdrawsOfferAndKeepsCallAtHead()
    {
        var f = new AcdFixture();
        f.Available("a1");
        AcdFixture.Offer(f.Enqueue("c1", ValueTier.Standard));
        f.Enqueue("c2", ValueTier.Platinum);

        var decisions = f.Acd.AgentStatusChanged(AcdFixture.Agent("a1"), AgentStatus.OnBreak, "lunch");
        var offer = AcdFixture.Offer(f.Available("a2"));

        Assert.Equal("agent a1 became OnBreak", Assert.IsType<CancelOffer>(Assert.Single(decisions)).Reason);
        Assert.Equal(AcdFixture.Call("c1"), offer.CallId);
    }

    [Fact]
    public void CallEnded_ThenWrapUp_AgentIdleOnlyAfterWrapUpCompleted()
    {
        var f = new AcdFixture();
        f.Available("a1");
        AcdFixture.Offer(f.Enqueue("c1", ValueTier.Standard));
        f.Acd.OfferAccepted(AcdFixture.Call("c1"), AcdFixture.Agent("a1"));
        f.Acd.CallEnded(AcdFixture.Call("c1"));

        var whileWrapping = f.Enqueue("c2", ValueTier.Standard);
        var afterWrapUp = f.Acd.WrapUpCompleted(AcdFixture.Agent("a1"));

        Assert.Empty(whileWrapping);
        Assert.Equal(AcdFixture.Call("c2"), AcdFixture.Offer(afterWrapUp).CallId);
    }

    [Fact]
    public void Tick_MaxWrapUpReached_MakesAgentIdle()
    {
        var f = new AcdFixture(new RoutingOptions { MaxWrapUp = TimeSpan.FromSeconds(30) });
        f.Available("a1");
        AcdFixture.Offer(f.Enqueue("c1", ValueTier.Standard));
        f.Acd.OfferAccepted(AcdFixture.Call("c1"), AcdFixture.Agent("a1"));
        f.Acd.CallEnded(AcdFixture.Call("c1"));
        f.Enqueue("c2", ValueTier.Standard);

        f.Wait(29);
        var early = f.Acd.Tick();
        f.Wait(1);
        var due = f.Acd.Tick();

        Assert.Empty(early);
        Assert.Equal(AcdFixture.Call("c2"), AcdFixture.Offer(due).CallId);
    }
}
