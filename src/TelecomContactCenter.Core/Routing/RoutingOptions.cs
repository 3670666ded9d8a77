using TelecomContactCenter.Core.Customers;

namespace TelecomContactCenter.Core.Routing;

/// <summary>A queue's limits. Queues not configured get the defaults: no maximum wait.</summary>
public sealed class CallQueueOptions
{
    public required string Name { get; init; }

    /// <summary>Longest a call may wait in this queue (from joining it); then it overflows or is offered a callback.</summary>
    public TimeSpan? MaxWait { get; init; }

    /// <summary>Where a call goes after <see cref="MaxWait"/>; without one, the call leaves with a callback decision.</summary>
    public string? OverflowQueue { get; init; }

    /// <summary>Skills a call needs once it overflows into this queue (its IVR skills are dropped); empty = any agent.</summary>
    public IReadOnlyDictionary<string, int> OverflowSkills { get; init; } = new Dictionary<string, int>();
}

/// <summary>
/// ACD settings (configuration section "Routing"). Priority semantics, see <see cref="PriorityPolicy"/>: effective
/// priority = tier weight + IVR bonus + <see cref="AgeingPointsPerSecond"/> × seconds since the call first queued.
/// </summary>
public sealed class RoutingOptions
{
    public Dictionary<ValueTier, int> TierWeights { get; init; } = new()
    {
        [ValueTier.Platinum] = 100,
        [ValueTier.Gold] = 60,
        [ValueTier.Silver] = 30,
        [ValueTier.Standard] = 0,
    };

    /// <summary>Weight of a caller without a customer record.</summary>
    public int UnknownCallerWeight { get; init; }

    /// <summary>Points a call gains per second of waiting; must be positive so every caller is eventually served.</summary>
    public double AgeingPointsPerSecond { get; init; } = 1.0;

    /// <summary>How long an offered call rings before <see cref="AutomaticCallDistributor.Tick"/> withdraws it.</summary>
    public TimeSpan RingTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Consecutive unanswered offers after which the agent is put on break.</summary>
    public int MaxConsecutiveMissedOffers { get; init; } = 2;

    /// <summary>Longest wrap-up before the ACD makes the agent idle again; null waits for the agent to finish.</summary>
    public TimeSpan? MaxWrapUp { get; init; }

    /// <summary>How many recent handle times (talk + wrap-up) per queue feed the estimated wait.</summary>
    public int HandleTimeSamples { get; init; } = 20;

    /// <summary>Handle time assumed for a queue with no completed calls yet.</summary>
    public TimeSpan DefaultHandleTime { get; init; } = TimeSpan.FromMinutes(3);

    public IList<CallQueueOptions> Queues { get; init; } = [];

    /// <summary>Problems that should stop start-up, each naming its key.</summary>
    public IEnumerable<string> Validate()
    {
        if (AgeingPointsPerSecond <= 0 || double.IsNaN(AgeingPointsPerSecond) || double.IsInfinity(AgeingPointsPerSecond))
        {
            yield return "Routing:AgeingPointsPerSecond must be a positive number, or standard callers could wait forever";
        }

        if (RingTimeout <= TimeSpan.Zero)
        {
            yield return "Routing:RingTimeout must be positive";
        }

        if (MaxConsecutiveMissedOffers < 1)
        {
            yield return "Routing:MaxConsecutiveMissedOffers must be at least 1";
        }

        if (HandleTimeSamples < 1 || DefaultHandleTime <= TimeSpan.Zero)
        {
            yield return "Routing:HandleTimeSamples and Routing:DefaultHandleTime must be positive";
        }

        foreach (var tier in Enum.GetValues<ValueTier>().Where(t => !TierWeights.ContainsKey(t)))
        {
            yield return $"Routing:TierWeights:{tier} is missing";
        }

        foreach (var queue in Queues)
        {
            if (queue.MaxWait is { } wait && wait <= TimeSpan.Zero)
            {
                yield return $"Routing:Queues:{queue.Name}:MaxWait must be positive";
            }

            if (queue.OverflowQueue == queue.Name)
            {
                yield return $"Routing:Queues:{queue.Name}:OverflowQueue cannot be the queue itself";
            }
        }

        foreach (var name in Queues.GroupBy(q => q.Name).Where(g => g.Count() > 1).Select(g => g.Key))
        {
            yield return $"Routing:Queues:{name} is configured twice";
        }

        // A call must eventually reach a queue without overflow, or it would bounce between queues for ever.
        var overflow = Queues.GroupBy(q => q.Name).ToDictionary(g => g.Key, g => g.First().OverflowQueue);
        foreach (var start in overflow.Keys)
        {
            var seen = new HashSet<string> { start };
            for (var next = overflow[start]; next is not null; next = overflow.GetValueOrDefault(next))
            {
                if (!seen.Add(next))
                {
                    yield return $"Routing:Queues:{start}:OverflowQueue leads round in a circle through {next}";
                    break;
                }
            }
        }
    }
}
