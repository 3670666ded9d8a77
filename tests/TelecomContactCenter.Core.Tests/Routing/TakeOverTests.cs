using TelecomContactCenter.Core.Customers;
using TelecomContactCenter.Core.Routing;

namespace TelecomContactCenter.Core.Tests.Routing;

/// <summary>A distributor taking over calls another one held (a cluster's new ACD leader).</summary>
public sealed class TakeOverTests
{
    [Fact]
    public void Enqueue_WithItsFirstQueuedTime_KeepsItsPlaceAheadOfACallQueuedSinceThoughQueuedHereLater()
    {
        var f = new AcdFixture();
        var firstQueued = f.Clock.GetUtcNow();
        f.Wait(30);
        f.Enqueue("new", ValueTier.Standard);
        f.Wait(1);
        f.Acd.Enqueue(new QueuedCallRequest { CallId = AcdFixture.Call("old"), Queue = "general", Tier = ValueTier.Standard, FirstQueuedAt = firstQueued });

        var offer = AcdFixture.Offer(f.Available("a1"));

        Assert.Equal(AcdFixture.Call("old"), offer.CallId);
        Assert.Contains("waited 31 s", offer.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Attach_IdleAgent_IsInTheCallNoOfferReachesThem_ItsEndAndWrapUpFreeThem()
    {
        var f = new AcdFixture();
        f.Available("a1");

        var attached = f.Acd.Attach(AcdFixture.Call("talking"), "general", AcdFixture.Agent("a1"), f.Clock.GetUtcNow());
        var whileTalking = f.Enqueue("waiting", ValueTier.Gold);
        var inCall = f.Acd.GetAgent(AcdFixture.Agent("a1"))!;
        f.Acd.CallEnded(AcdFixture.Call("talking"));
        var afterWrapUp = f.Acd.WrapUpCompleted(AcdFixture.Agent("a1"));

        Assert.True(attached);
        Assert.Empty(whileTalking.OfType<OfferCall>());
        Assert.Equal((AgentState.InCall, AcdFixture.Call("talking")), (inCall.State, inCall.Call));
        Assert.Equal(AcdFixture.Call("waiting"), AcdFixture.Offer(afterWrapUp).CallId);
    }

    [Fact]
    public void Attach_AgentRingingOrUnknown_IsRefusedAndChangesNothing()
    {
        var f = new AcdFixture();
        f.Available("a1");
        f.Enqueue("ringing", ValueTier.Gold);

        var ringing = f.Acd.Attach(AcdFixture.Call("talking"), "general", AcdFixture.Agent("a1"), f.Clock.GetUtcNow());
        var unknown = f.Acd.Attach(AcdFixture.Call("talking"), "general", AcdFixture.Agent("nobody"), f.Clock.GetUtcNow());

        Assert.False(ringing);
        Assert.False(unknown);
        Assert.Equal((AgentState.Ringing, AcdFixture.Call("ringing")), (f.Acd.GetAgent(AcdFixture.Agent("a1"))!.State, f.Acd.GetAgent(AcdFixture.Agent("a1"))!.Call));
    }
}
