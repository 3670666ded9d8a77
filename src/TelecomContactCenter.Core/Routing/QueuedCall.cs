using TelecomContactCenter.Core.Customers;

namespace TelecomContactCenter.Core.Routing;

/// <summary>A call the ACD holds, from Enqueue until it is answered, abandoned, overflowed out or ended.</summary>
internal sealed class QueuedCall
{
    public required CallId Id { get; init; }

    public required string Queue { get; set; }

    public required ValueTier? Tier { get; set; }

    public required int Bonus { get; set; }

    public required IReadOnlyDictionary<string, int> Skills
    {
        get;
        set
        {
            field = value;
            _required = [.. value];
        }
    }

    public required AgentId? Preferred { get; init; }

    /// <summary>Until then only <see cref="Preferred"/> may be offered the call.</summary>
    public required DateTimeOffset PreferredUntil { get; set; }

    /// <summary>When the call first queued; ageing and tie-breaks use it across re-queues and overflows.</summary>
    public required DateTimeOffset FirstQueuedAt { get; init; }

    /// <summary>When the call joined its current queue; that queue's maximum wait counts from here.</summary>
    public required DateTimeOffset QueueEnteredAt { get; set; }

    public required long Sequence { get; init; }

    /// <summary>Set after an unanswered or withdrawn offer: the call goes before every call not yet offered.</summary>
    public bool AtHead { get; set; }

    public AgentId? RingingAgent { get; set; }

    public DateTimeOffset OfferedAt { get; set; }

    public HashSet<AgentId> MissedBy { get; } = [];

    // The requirements as an array: the ACD asks this of thousands of agents per dispatch, and enumerating the
    // dictionary through its interface would allocate on every call.
    private KeyValuePair<string, int>[] _required = [];

    public bool Qualifies(Agent agent)
    {
        foreach (var (skill, minimum) in _required)
        {
            if (!agent.Skills.TryGetValue(skill, out var level) || level < minimum)
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>A queue's options and its recent handle times for the estimated wait.</summary>
internal sealed class CallQueue(CallQueueOptions options, RoutingOptions routing)
{
    private readonly Queue<TimeSpan> _handleTimes = new();

    public CallQueueOptions Options { get; } = options;

    public TimeSpan AverageHandleTime =>
        _handleTimes.Count == 0 ? routing.DefaultHandleTime : TimeSpan.FromTicks((long)_handleTimes.Average(t => t.Ticks));

    public void RecordHandleTime(TimeSpan handleTime)
    {
        _handleTimes.Enqueue(handleTime);
        while (_handleTimes.Count > routing.HandleTimeSamples)
        {
            _handleTimes.Dequeue();
        }
    }
}
