namespace TelecomContactCenter.Core.Ivr;

/// <summary>How the SIP layer treats calls to a flow's access numbers.</summary>
public enum IvrFlowMode
{
    /// <summary>The call is answered, prompts are played and digits collected.</summary>
    Media,

    /// <summary>
    /// The call is never answered: the SIP layer runs the flow without media and answers with a 302 redirect to the
    /// queue it ends in. Such a flow may only use branch, setQueue, routeToOwner and queue states.
    /// </summary>
    RoutingOnly,
}

/// <summary>
/// One validated IVR flow (a file in ivr-flows/, format in ivr-flow.schema.json): a graph of states with one start
/// state. Instances come only from <see cref="IvrFlowLoader"/>, so every transition, prompt and calendar they name
/// exists. Immutable and thread-safe; one instance serves every call on its access numbers.
/// </summary>
public sealed class IvrFlow
{
    internal IvrFlow(
        string fileName,
        string id,
        string version,
        IReadOnlyList<string> accessNumbers,
        IvrFlowMode mode,
        string defaultQueue,
        string start,
        IReadOnlyDictionary<string, IvrNode> states,
        IReadOnlyDictionary<string, BusinessHours> calendars)
    {
        FileName = fileName;
        Id = id;
        Version = version;
        AccessNumbers = accessNumbers;
        Mode = mode;
        DefaultQueue = defaultQueue;
        Start = start;
        States = states;
        Calendars = calendars;
    }

    /// <summary>The file the flow came from, used in error messages and on the interaction record.</summary>
    public string FileName { get; }

    public string Id { get; }

    public string Version { get; }

    /// <summary>Dialled numbers (the Request-URI user part) that select this flow.</summary>
    public IReadOnlyList<string> AccessNumbers { get; }

    public IvrFlowMode Mode { get; }

    /// <summary>Queue a call joins when it reaches a queue state before any setQueue state named one.</summary>
    public string DefaultQueue { get; }

    public string Start { get; }

    public IReadOnlyDictionary<string, IvrNode> States { get; }

    public IReadOnlyDictionary<string, BusinessHours> Calendars { get; }

    /// <summary>
    /// Every queue a call can wait in after this flow, each once, with the skills its
    /// first setQueue state asks for (empty when only the default queue or a queue state names it). A redirecting
    /// flow hands its calls to another system, so it has none here.
    /// </summary>
    public IReadOnlyList<(string Queue, IReadOnlyDictionary<string, int> Skills)> Queues()
    {
        if (Mode != IvrFlowMode.Media)
        {
            return [];
        }

        var queues = new List<(string Queue, IReadOnlyDictionary<string, int> Skills)>();
        void Add(string queue, IReadOnlyDictionary<string, int> skills)
        {
            var at = queues.FindIndex(q => q.Queue == queue);
            if (at < 0)
            {
                queues.Add((queue, skills));
            }
            else if (queues[at].Skills.Count == 0 && skills.Count > 0)
            {
                queues[at] = (queue, skills);
            }
        }

        foreach (var node in States.Values)
        {
            switch (node)
            {
                case SetQueueNode set:
                    Add(set.Queue, set.Skills);
                    break;
                case QueueNode { Queue: { } named }:
                    Add(named, NoSkills);
                    break;
            }
        }

        Add(DefaultQueue, NoSkills);
        return queues;
    }

    private static readonly IReadOnlyDictionary<string, int> NoSkills = new Dictionary<string, int>();
}
