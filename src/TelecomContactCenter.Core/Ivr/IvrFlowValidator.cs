namespace TelecomContactCenter.Core.Ivr;

/// <summary>
/// Checks across the states of one parsed flow: unknown start, dangling transitions, unknown calendars, missing
/// prompts, unreachable states, states from which no queue or hangup can be reached, and loops that need no caller
/// input (instant states, plays, callbacks and menu exhaustion chained back to themselves, e.g. a menu whose
/// onExhausted leads back to it so its retries never run out). Menu choices are caller input and may loop.
/// </summary>
internal static class IvrFlowValidator
{
    private static readonly Type[] RoutingOnlyKinds = [typeof(BranchNode), typeof(SetQueueNode), typeof(RouteToOwnerNode), typeof(QueueNode)];

    public static void Validate(IvrFlow flow, IReadOnlySet<string>? availablePrompts, List<IvrFlowError> errors)
    {
        void Error(string? state, string problem) => errors.Add(new IvrFlowError(flow.FileName, state, problem));

        if (!flow.States.ContainsKey(flow.Start))
        {
            Error(null, $"start state '{flow.Start}' does not exist");
        }

        foreach (var (id, node) in flow.States)
        {
            foreach (var (label, target) in node.Transitions.Where(t => !flow.States.ContainsKey(t.Target)))
            {
                Error(id, $"{Quote(label)} goes to unknown state '{target}'");
            }

            foreach (var prompt in node.Prompts.Where(p => availablePrompts is not null && !availablePrompts.Contains(p)))
            {
                Error(id, $"prompt '{prompt}' is missing (no prompts/{prompt}.wav)");
            }

            if (node is BranchNode branch)
            {
                foreach (var condition in branch.Conditions.Where(c => c.BusinessHours is { } h && !flow.Calendars.ContainsKey(h.Calendar)))
                {
                    Error(id, $"condition '{condition.Label}' names unknown calendar '{condition.BusinessHours!.Calendar}'");
                }
            }

            if (flow.Mode == IvrFlowMode.RoutingOnly && (!RoutingOnlyKinds.Contains(node.GetType()) || node is QueueNode { Prompt: not null }))
            {
                Error(id, "a routing-only flow has no media: only branch, setQueue, routeToOwner and queue without prompt are allowed");
            }
        }

        if (!flow.States.ContainsKey(flow.Start) || errors.Any(e => e.File == flow.FileName))
        {
            return;
        }

        var reachable = Reach(flow.Start, s => flow.States[s].Transitions.Select(t => t.Target));
        foreach (var id in flow.States.Keys.Where(s => !reachable.Contains(s)))
        {
            Error(id, $"unreachable from start state '{flow.Start}'");
        }

        var canEnd = CanReachTerminal(flow);
        foreach (var id in reachable.Where(s => !canEnd.Contains(s)))
        {
            Error(id, "loop with no exit: no queue or hangup state can be reached from here");
        }

        foreach (var cycle in InputFreeCycles(flow))
        {
            var menuNote = cycle.Any(s => flow.States[s] is MenuNode) ? " (a menu's onExhausted leads back to it, so its retries never run out)" : "";
            Error(cycle[0], $"loop with no exit: {string.Join(" → ", cycle.Append(cycle[0]).Select(s => $"'{s}'"))} repeats without caller input{menuNote}");
        }
    }

    private static string Quote(string label) => label.StartsWith("transition", StringComparison.Ordinal) || label.StartsWith("condition", StringComparison.Ordinal) ? label : $"'{label}'";

    private static HashSet<string> Reach(string from, Func<string, IEnumerable<string>> edges)
    {
        var seen = new HashSet<string> { from };
        var pending = new Stack<string>([from]);
        while (pending.TryPop(out var state))
        {
            foreach (var next in edges(state).Where(seen.Add))
            {
                pending.Push(next);
            }
        }

        return seen;
    }

    private static HashSet<string> CanReachTerminal(IvrFlow flow)
    {
        var incoming = flow.States.Keys.ToDictionary(s => s, _ => new List<string>());
        foreach (var (id, node) in flow.States)
        {
            foreach (var (_, target) in node.Transitions)
            {
                incoming[target].Add(id);
            }
        }

        var result = new HashSet<string>();
        foreach (var terminal in flow.States.Where(s => s.Value.IsTerminal).Select(s => s.Key))
        {
            result.UnionWith(Reach(terminal, s => incoming[s]));
        }

        return result;
    }

    /// <summary>Cycles over edges the flow takes without a caller key press; each cycle is reported once.</summary>
    private static List<List<string>> InputFreeCycles(IvrFlow flow)
    {
        IEnumerable<string> Edges(string id) => flow.States[id] switch
        {
            MenuNode menu => [menu.OnExhausted],
            var node => node.Transitions.Select(t => t.Target),
        };

        var cycles = new List<List<string>>();
        var done = new HashSet<string>();
        var onPath = new List<string>();

        void Visit(string id)
        {
            var index = onPath.IndexOf(id);
            if (index >= 0)
            {
                cycles.Add(onPath[index..]);
                return;
            }

            if (!done.Add(id))
            {
                return;
            }

            onPath.Add(id);
            foreach (var next in Edges(id))
            {
                Visit(next);
            }

            onPath.RemoveAt(onPath.Count - 1);
        }

        foreach (var id in flow.States.Keys.Order(StringComparer.Ordinal))
        {
            Visit(id);
        }

        return cycles;
    }
}
