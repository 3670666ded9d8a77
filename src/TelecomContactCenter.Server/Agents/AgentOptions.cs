namespace TelecomContactCenter.Server.Agents;

/// <summary>Agent desk settings (section "Agents"): skills per agent, queue skills, service level and the pop's profile budget.</summary>
internal sealed class AgentOptions
{
    public const string Section = "Agents";

    /// <summary>Skills of an agent not listed in <see cref="Skills"/>.</summary>
    public List<string> DefaultSkills { get; set; } = ["general", "complaints"];

    /// <summary>User name → skills (level 1 each); an agent listed here gets exactly these.</summary>
    public Dictionary<string, List<string>> Skills { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Skills a call needs when the IVR named only the queue.</summary>
    public Dictionary<string, List<string>> QueueSkills { get; set; } = new(StringComparer.Ordinal)
    {
        ["vip-desk"] = ["vip"],
        ["retention"] = ["retention"],
        ["general"] = ["general"],
    };

    /// <summary>A call answered within this time counts towards the service level.</summary>
    public TimeSpan ServiceLevelTarget { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>How long the pop waits for the customer profile before it says "profile unavailable".</summary>
    public TimeSpan ProfileTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How often the ACD checks ring timeouts, overflow and wrap-up limits.</summary>
    public TimeSpan TickInterval { get; set; } = TimeSpan.FromSeconds(1);

    public IEnumerable<string> Validate()
    {
        if (ServiceLevelTarget <= TimeSpan.Zero)
        {
            yield return $"{Section}:{nameof(ServiceLevelTarget)} must be positive.";
        }

        if (ProfileTimeout <= TimeSpan.Zero)
        {
            yield return $"{Section}:{nameof(ProfileTimeout)} must be positive.";
        }

        if (TickInterval <= TimeSpan.Zero)
        {
            yield return $"{Section}:{nameof(TickInterval)} must be positive.";
        }
    }

    public IReadOnlyDictionary<string, int> SkillsOf(string agent) =>
        (Skills.TryGetValue(agent, out var own) ? own : DefaultSkills).Distinct().ToDictionary(s => s, _ => 1);
}
