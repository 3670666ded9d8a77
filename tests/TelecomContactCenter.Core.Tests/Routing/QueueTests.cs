using TelecomContactCenter.Core.Customers;
using TelecomContactCenter.Core.Ivr;
using TelecomContactCenter.Core.Routing;

namespace TelecomContactCenter.Core.Tests.Routing;

public sealed class QueueTests
{
    private static RoutingOptions WithQueues() => new()
    {
        Queues =
        [
            new CallQueueOptions { Name = "vip-desk", MaxWait = TimeSpan.FromSeconds(60), OverflowQueue = "general" },
            new CallQueueOptions { Name = "billing", MaxWait = TimeSpan.FromSeconds(300) },
            new CallQueueOptions { Name = "general", OverflowSkills = new Dictionary<string, int> { ["general"] = 1 } },
        ],
    };

    [Fact]
    public void Tick_MaxWaitWithOverflowQueue_MovesCallAndOffersToOverflowAgents()
    {
        var f = new AcdFixture(WithQueues());
        f.Available("generalist", ("general", 1));
        f.Acd.AgentStatusChanged(AcdFixture.Agent("generalist"), AgentStatus.OnBreak, "training");
        f.Enqueue("c1", ValueTier.Gold, "vip-desk", skills: new() { ["vip"] = 1 });
        f.Acd.AgentStatusChanged(AcdFixture.Agent("generalist"), AgentStatus.Available);

        f.Wait(59);
        var early = f.Acd.Tick();
        f.Wait(1);
        var decisions = f.Acd.Tick();

        Assert.Empty(early);
        Assert.Equal(new Overflow(AcdFixture.Call("c1"), "vip-desk", "general", "waited 60 s in vip-desk, maximum 60 s; overflow to general (skills general≥1)"), decisions[0]);
        Assert.Equal(AcdFixture.Agent("generalist"), AcdFixture.Offer(decisions).AgentId);
    }

    [Fact]
    public void Tick_MaxWaitWithoutOverflow_LeavesWithCallback()
    {
        var f = new AcdFixture(WithQueues());
        f.Enqueue("c1", ValueTier.Standard, "billing");

        f.Wait(300);
        var decisions = f.Acd.Tick();

        Assert.Equal(new Callback(AcdFixture.Call("c1"), "billing", "waited 300 s in billing, maximum 300 s; no overflow queue, offer a callback"), Assert.Single(decisions));
        Assert.Null(f.Acd.GetPosition(AcdFixture.Call("c1")));
    }

    [Fact]
    public void Tick_RingingCallPastMaxWait_IsNotOverflowed()
    {
        var f = new AcdFixture(WithQueues());
        f.Available("a1");
        AcdFixture.Offer(f.Enqueue("c1", ValueTier.Standard, "billing"));
        f.Acd.OfferAccepted(AcdFixture.Call("c1"), AcdFixture.Agent("a1"));

        f.Wait(400);
        var decisions = f.Acd.Tick();

        Assert.Empty(decisions);
    }

    [Fact]
    public void GetPosition_UsesRecentHandleTimesAndServingAgents()
    {
        var f = new AcdFixture();
        f.Available("a1");
        f.Available("a2");
        AcdFixture.Offer(f.Enqueue("h1", ValueTier.Standard));
        AcdFixture.Offer(f.Enqueue("h2", ValueTier.Standard));
        f.Acd.OfferAccepted(AcdFixture.Call("h1"), AcdFixture.Agent("a1"));
        f.Acd.OfferAccepted(AcdFixture.Call("h2"), AcdFixture.Agent("a2"));
        f.Wait(100);
        f.Acd.CallEnded(AcdFixture.Call("h1"));
        f.Acd.WrapUpCompleted(AcdFixture.Agent("a1"));
        f.Wait(100);
        f.Acd.CallEnded(AcdFixture.Call("h2"));
        f.Acd.AgentStatusChanged(AcdFixture.Agent("a1"), AgentStatus.OnBreak, "lunch");
        f.Acd.WrapUpCompleted(AcdFixture.Agent("a2"));
        f.Acd.AgentStatusChanged(AcdFixture.Agent("a2"), AgentStatus.OnBreak, "lunch");
        f.Enqueue("w1", ValueTier.Gold);
        f.Enqueue("w2", ValueTier.Standard);
        f.Enqueue("w3", ValueTier.Standard);
        f.Acd.AgentStatusChanged(AcdFixture.Agent("a2"), AgentStatus.Available);
        f.Acd.OfferAccepted(AcdFixture.Call("w1"), AcdFixture.Agent("a2"));

        var position = f.Acd.GetPosition(AcdFixture.Call("w3"))!;

        Assert.Equal(("general", 2, 2), (position.Queue, position.Position, position.Waiting));
        Assert.Equal(TimeSpan.FromSeconds(300), position.EstimatedWait);
    }

    [Fact]
    public void GetPosition_NoAgentSignedIn_HasNoEstimate()
    {
        var f = new AcdFixture();
        f.Enqueue("c1", ValueTier.Standard);

        var position = f.Acd.GetPosition(AcdFixture.Call("c1"))!;

        Assert.Equal(1, position.Position);
        Assert.Null(position.EstimatedWait);
    }

    [Fact]
    public void GetPosition_NoHistory_UsesDefaultHandleTime()
    {
        var f = new AcdFixture(new RoutingOptions { DefaultHandleTime = TimeSpan.FromMinutes(4) });
        f.Available("a1");
        AcdFixture.Offer(f.Enqueue("busy", ValueTier.Standard));
        f.Enqueue("c1", ValueTier.Standard);

        var position = f.Acd.GetPosition(AcdFixture.Call("c1"))!;

        Assert.Equal(TimeSpan.FromMinutes(4), position.EstimatedWait);
    }

    [Fact]
    public void FromIvr_EnqueueAction_CarriesQueueSkillsAndPreferredAgent()
    {
        var f = new AcdFixture();
        f.Available("agent3");
        f.Available("other", ("complaints", 1));
        var enqueue = new EnqueueCall("complaints", 20, new Dictionary<string, int> { ["complaints"] = 1 }, "agent3", TimeSpan.FromSeconds(20), "ivr");

        var offer = AcdFixture.Offer(f.Acd.Enqueue(QueuedCallRequest.FromIvr(AcdFixture.Call("c1"), ValueTier.Silver, enqueue)));

        Assert.Equal(AcdFixture.Agent("agent3"), offer.AgentId);
        Assert.StartsWith("Silver +30, IVR +20", offer.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void GetCalls_ListsRingingThenWaitingInServiceOrder()
    {
        var f = new AcdFixture();
        f.Available("a1");
        f.Enqueue("first", ValueTier.Standard);
        f.Enqueue("std", ValueTier.Standard);
        f.Enqueue("gold", ValueTier.Gold);

        var calls = f.Acd.GetCalls();

        Assert.Equal(["first", "gold", "std"], calls.Select(c => c.CallId.Value));
        Assert.Equal(AcdFixture.Agent("a1"), calls[0].RingingAgent);
    }

    [Fact]
    public void Options_OverflowCircle_IsRejectedNamingTheQueue()
    {
        var options = new RoutingOptions
        {
            Queues =
            [
                new CallQueueOptions { Name = "a", MaxWait = TimeSpan.FromSeconds(30), OverflowQueue = "b" },
                new CallQueueOptions { Name = "b", MaxWait = TimeSpan.FromSeconds(30), OverflowQueue = "a" },
            ],
        };

        var problems = options.Validate().ToList();

        Assert.Contains("Routing:Queues:a:OverflowQueue leads round in a circle through a", problems);
    }
}
