using Microsoft.Extensions.Time.Testing;
using TelecomContactCenter.Core.Customers;
using TelecomContactCenter.Core.Routing;

namespace TelecomContactCenter.Core.Tests.Routing;

/// <summary>An ACD on a manual clock with helpers that read like the call centre's day.</summary>
internal sealed class AcdFixture
{
    public AcdFixture(RoutingOptions? options = null)
    {
        Acd = new AutomaticCallDistributor(options ?? new RoutingOptions(), Clock);
    }

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero));

    public AutomaticCallDistributor Acd { get; }

    public static AgentId Agent(string name) => new(name);

    public static CallId Call(string name) => new(name);

    public IReadOnlyList<RoutingDecision> Available(string agent, params (string Skill, int Level)[] skills)
    {
        Acd.SetAgentSkills(Agent(agent), skills.ToDictionary(s => s.Skill, s => s.Level));
        return Acd.AgentStatusChanged(Agent(agent), AgentStatus.Available);
    }

    public IReadOnlyList<RoutingDecision> Enqueue(string call, ValueTier? tier, string queue = "general", int bonus = 0,
        Dictionary<string, int>? skills = null, string? preferred = null, int preferredSeconds = 0) =>
        Acd.Enqueue(new QueuedCallRequest
        {
            CallId = Call(call),
            Queue = queue,
            Tier = tier,
            PriorityBonus = bonus,
            Skills = skills ?? [],
            PreferredAgent = preferred is null ? null : Agent(preferred),
            PreferredAgentTimeout = TimeSpan.FromSeconds(preferredSeconds),
        });

    /// <summary>Answers, talks and wraps up, so the agent is idle again.</summary>
    public IReadOnlyList<RoutingDecision> Serve(string call, string agent, int talkSeconds = 60)
    {
        Acd.OfferAccepted(Call(call), Agent(agent));
        Clock.Advance(TimeSpan.FromSeconds(talkSeconds));
        Acd.CallEnded(Call(call));
        return Acd.WrapUpCompleted(Agent(agent));
    }

    public void Wait(double seconds) => Clock.Advance(TimeSpan.FromSeconds(seconds));

    public static OfferCall Offer(IReadOnlyList<RoutingDecision> decisions) => Assert.Single(decisions.OfType<OfferCall>());
}
