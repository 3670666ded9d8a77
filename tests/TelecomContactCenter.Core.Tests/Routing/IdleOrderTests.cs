using TelecomContactCenter.Core.Customers;
using TelecomContactCenter.Core.Routing;

namespace TelecomContactCenter.Core.Tests.Routing;

/// <summary>
/// The ACD keeps its idle agents in order as they change instead of looking at every agent per offer. Whatever
/// sequence of breaks, returns, offers, misses, calls and wrap-ups came before, the agent offered a call must be the
/// one a full look at every agent would pick: Available, Idle, with the skills, idle longest (then by id).
/// </summary>
public sealed class IdleOrderTests
{
    private static readonly string[] SkillNames = ["billing", "network"];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Enqueue_AfterRandomDayOfChanges_OffersTheAgentAFullScanWouldPick(int seed)
    {
        var random = new Random(seed);
        var f = new AcdFixture(new RoutingOptions { MaxConsecutiveMissedOffers = 3 });
        var agents = Enumerable.Range(1, 30).Select(i => $"agent{i:00}").ToList();
        foreach (var agent in agents)
        {
            f.Acd.SetAgentSkills(AcdFixture.Agent(agent), SkillNames.Where(_ => random.Next(3) > 0).ToDictionary(s => s, _ => random.Next(1, 4)));
        }

        var ringing = new List<(CallId Call, AgentId Agent)>();
        var inCall = new List<(CallId Call, AgentId Agent)>();
        var checkedOffers = 0;
        for (var step = 0; step < 600; step++)
        {
            f.Wait(random.Next(1, 20));
            switch (random.Next(6))
            {
                case 0:
                    var agent = AcdFixture.Agent(agents[random.Next(agents.Count)]);
                    var status = random.Next(3) == 0 ? AgentStatus.OnBreak : AgentStatus.Available;
                    Track(f.Acd.AgentStatusChanged(agent, status), ringing);
                    break;
                case 1 or 2:
                    var skills = SkillNames.Where(_ => random.Next(2) == 0).ToDictionary(s => s, _ => random.Next(1, 3));
                    var expected = FullScanChoice(f.Acd.GetAgents(), skills);
                    var decisions = f.Enqueue($"c{step}", ValueTier.Silver, skills: skills);
                    var offer = decisions.OfType<OfferCall>().SingleOrDefault();
                    Assert.Equal(expected, offer?.AgentId);
                    checkedOffers += offer is null ? 0 : 1;
                    Track(decisions, ringing);
                    if (offer is null)
                    {
                        // The caller gives up at once, so no older call is ever waiting to take the next agent first.
                        f.Acd.Abandon(AcdFixture.Call($"c{step}"));
                    }

                    break;
                case 3 when ringing.Count > 0:
                    var answered = ringing[random.Next(ringing.Count)];
                    ringing.Remove(answered);
                    f.Acd.OfferAccepted(answered.Call, answered.Agent);
                    inCall.Add(answered);
                    break;
                case 4 when ringing.Count > 0:
                    var missed = ringing[random.Next(ringing.Count)];
                    ringing.Remove(missed);
                    Track(f.Acd.OfferTimedOut(missed.Call, missed.Agent), ringing);
                    break;
                case 5 when inCall.Count > 0:
                    var ended = inCall[random.Next(inCall.Count)];
                    inCall.Remove(ended);
                    f.Acd.CallEnded(ended.Call);
                    Track(f.Acd.WrapUpCompleted(ended.Agent), ringing);
                    break;
            }
        }

        Assert.True(checkedOffers > 50, $"only {checkedOffers} offers were checked");
    }

    private static AgentId? FullScanChoice(IReadOnlyList<AgentSnapshot> agents, Dictionary<string, int> skills) =>
        agents.Where(a => a.Status == AgentStatus.Available && a.State == AgentState.Idle)
            .Where(a => skills.All(s => a.Skills.TryGetValue(s.Key, out var level) && level >= s.Value))
            .OrderBy(a => a.IdleSince ?? DateTimeOffset.MinValue)
            .ThenBy(a => a.Id.Value, StringComparer.Ordinal)
            .Select(a => (AgentId?)a.Id)
            .FirstOrDefault();

    // Offers made by any decision list (a call waiting for skills may be offered when an agent frees up), with the
    // cancelled ones taken back out.
    private static void Track(IReadOnlyList<RoutingDecision> decisions, List<(CallId Call, AgentId Agent)> ringing)
    {
        foreach (var decision in decisions)
        {
            if (decision is OfferCall offer)
            {
                ringing.Add((offer.CallId, offer.AgentId));
            }
            else if (decision is CancelOffer cancel)
            {
                ringing.Remove((cancel.CallId, cancel.AgentId));
            }
        }
    }
}
