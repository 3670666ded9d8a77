using TelecomContactCenter.Core.Customers;
using TelecomContactCenter.Core.Routing;

namespace TelecomContactCenter.Core.Tests.Routing;

public sealed class AgentSelectionTests
{
    [Fact]
    public void Dispatch_SkillLevels_OnlyQualifiedAgentIsOffered()
    {
        var f = new AcdFixture();
        f.Available("junior", ("billing", 1));
        f.Wait(60);
        f.Available("senior", ("billing", 3), ("network", 1));
        f.Wait(5);

        var offer = AcdFixture.Offer(f.Enqueue("c1", ValueTier.Silver, "billing", skills: new() { ["billing"] = 2 }));

        Assert.Equal(AcdFixture.Agent("senior"), offer.AgentId);
        Assert.EndsWith("longest idle agent with skills billing≥2 (idle 5 s)", offer.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Dispatch_NoQualifiedAgent_CallWaitsUntilSkillIsGranted()
    {
        var f = new AcdFixture();
        f.Available("a1", ("billing", 1));

        var none = f.Enqueue("c1", ValueTier.Gold, "vip-desk", skills: new() { ["vip"] = 1 });
        var offer = AcdFixture.Offer(f.Acd.SetAgentSkills(AcdFixture.Agent("a1"), new Dictionary<string, int> { ["vip"] = 1 }));

        Assert.Empty(none);
        Assert.Equal(AcdFixture.Call("c1"), offer.CallId);
    }

    [Fact]
    public void Dispatch_SeveralIdleAgents_LongestIdleGetsTheCall()
    {
        var f = new AcdFixture();
        f.Available("b");
        f.Wait(95);
        f.Available("a");
        f.Wait(10);
        f.Available("c");

        var offer = AcdFixture.Offer(f.Enqueue("c1", ValueTier.Platinum));

        Assert.Equal(AcdFixture.Agent("b"), offer.AgentId);
        Assert.Equal("Platinum +100, waited 0 s +0; longest idle agent (idle 105 s)", offer.Reason);
    }

    [Theory]
    [InlineData(3, "c1>z c0>x c2>y")]
    [InlineData(6, "c1>z c3>x c0>y")]
    public void Tick_PreferredWindowsCloseForSeveralCallsAtOnce_BestCallsGoToLongestIdleAgentsInOrder(int calls, string expected)
    {
        var f = new AcdFixture();
        f.Available("owner");
        AcdFixture.Offer(f.Enqueue("busy", ValueTier.Standard));
        f.Acd.OfferAccepted(AcdFixture.Call("busy"), AcdFixture.Agent("owner"));
        f.Available("z");
        f.Wait(20);
        f.Available("x");
        f.Wait(10);
        f.Available("y");
        ValueTier[] tiers = [ValueTier.Silver, ValueTier.Platinum, ValueTier.Standard, ValueTier.Gold, ValueTier.Standard, ValueTier.Standard];
        for (var i = 0; i < calls; i++)
        {
            Assert.Empty(f.Enqueue($"c{i}", tiers[i], preferred: "owner", preferredSeconds: 30));
        }

        f.Wait(31);
        var offers = f.Acd.Tick().OfType<OfferCall>().Select(o => $"{o.CallId.Value}>{o.AgentId.Value}");

        Assert.Equal(expected, string.Join(' ', offers));
    }

    [Fact]
    public void Dispatch_AgentBackFromCall_QueuesBehindAgentsIdleLonger()
    {
        var f = new AcdFixture();
        f.Available("a");
        f.Available("b");
        AcdFixture.Offer(f.Enqueue("c1", ValueTier.Standard));
        f.Serve("c1", "a", talkSeconds: 30);

        var offer = AcdFixture.Offer(f.Enqueue("c2", ValueTier.Standard));

        Assert.Equal(AcdFixture.Agent("b"), offer.AgentId);
    }

    [Fact]
    public void Dispatch_PreferredAgentIdle_GetsTheCallBeforeLongerIdleAgents()
    {
        var f = new AcdFixture();
        f.Available("other", ("complaints", 1));
        f.Wait(100);
        f.Available("owner");

        var offer = AcdFixture.Offer(f.Enqueue("c1", ValueTier.Standard, "complaints", skills: new() { ["complaints"] = 1 }, preferred: "owner", preferredSeconds: 20));

        Assert.Equal(AcdFixture.Agent("owner"), offer.AgentId);
        Assert.EndsWith("preferred agent owner", offer.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Tick_PreferredAgentBusyPastOverflowTimeout_OffersAnyoneQualified()
    {
        var f = new AcdFixture();
        f.Available("owner");
        AcdFixture.Offer(f.Enqueue("busy", ValueTier.Standard));
        f.Acd.OfferAccepted(AcdFixture.Call("busy"), AcdFixture.Agent("owner"));
        f.Available("other", ("complaints", 1));
        f.Enqueue("c1", ValueTier.Standard, "complaints", skills: new() { ["complaints"] = 1 }, preferred: "owner", preferredSeconds: 20);

        f.Wait(19);
        var before = f.Acd.Tick();
        f.Wait(1);
        var after = AcdFixture.Offer(f.Acd.Tick());

        Assert.Empty(before);
        Assert.Equal(AcdFixture.Agent("other"), after.AgentId);
        Assert.Equal("Standard +0, waited 20 s +20; preferred agent owner not reached within 20 s; longest idle agent with skills complaints≥1 (idle 20 s)", after.Reason);
    }

    [Fact]
    public void Enqueue_PreferredAgentNotSignedIn_OffersAnyoneQualifiedWithoutWaiting()
    {
        var f = new AcdFixture();
        f.Available("other", ("vip", 1));

        var offer = AcdFixture.Offer(f.Enqueue("c1", ValueTier.Platinum, "vip-desk", skills: new() { ["vip"] = 1 }, preferred: "account-manager", preferredSeconds: 15));

        Assert.Equal(AcdFixture.Agent("other"), offer.AgentId);
        Assert.Contains("preferred agent account-manager not signed in; longest idle agent", offer.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Enqueue_PreferredAgentSignedOut_OffersAnyoneQualifiedWithoutWaiting()
    {
        var f = new AcdFixture();
        f.Available("owner");
        f.Acd.AgentStatusChanged(AcdFixture.Agent("owner"), AgentStatus.LoggedOut);
        f.Available("other");

        var offer = AcdFixture.Offer(f.Enqueue("c1", ValueTier.Gold, preferred: "owner", preferredSeconds: 60));

        Assert.Equal(AcdFixture.Agent("other"), offer.AgentId);
    }

    [Fact]
    public void OfferTimedOut_PreferredAgentMisses_OverflowsAtOnce()
    {
        var f = new AcdFixture();
        f.Available("other");
        f.Acd.AgentStatusChanged(AcdFixture.Agent("other"), AgentStatus.OnBreak, "meeting");
        f.Available("owner");
        AcdFixture.Offer(f.Enqueue("c1", ValueTier.Gold, preferred: "owner", preferredSeconds: 60));
        f.Acd.AgentStatusChanged(AcdFixture.Agent("other"), AgentStatus.Available);
        f.Wait(5);

        var offer = AcdFixture.Offer(f.Acd.OfferTimedOut(AcdFixture.Call("c1"), AcdFixture.Agent("owner")));

        Assert.Equal(AcdFixture.Agent("other"), offer.AgentId);
    }

    [Fact]
    public void Dispatch_SkilledCallWaiting_DoesNotBlockCallsBehindIt()
    {
        var f = new AcdFixture();
        f.Enqueue("vip", ValueTier.Platinum, "vip-desk", skills: new() { ["vip"] = 1 });
        f.Enqueue("std", ValueTier.Standard);

        var offer = AcdFixture.Offer(f.Available("generalist"));

        Assert.Equal(AcdFixture.Call("std"), offer.CallId);
    }
}
