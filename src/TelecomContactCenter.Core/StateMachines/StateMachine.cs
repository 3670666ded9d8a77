using System.Text;

namespace TelecomContactCenter.Core.StateMachines;

/// <summary>
/// A small state machine in the style of Stateless: fluent configuration, guards with descriptions, entry/exit
/// actions, substates, and the state held outside the machine (read and written through delegates) so that an
/// entity such as a complaint owns it. Not thread-safe: build one per operation, like the entity it drives.
/// </summary>
public sealed class StateMachine<TState, TTrigger>
    where TState : notnull
    where TTrigger : notnull
{
    private readonly Func<TState> _read;
    private readonly Action<TState> _write;
    private readonly Dictionary<TState, StateConfiguration<TState, TTrigger>> _states = [];
    private readonly List<TState> _order = [];
    private readonly EqualityComparer<TState> _eq = EqualityComparer<TState>.Default;

    public StateMachine(Func<TState> stateAccessor, Action<TState> stateMutator)
    {
        ArgumentNullException.ThrowIfNull(stateAccessor);
        ArgumentNullException.ThrowIfNull(stateMutator);
        _read = stateAccessor;
        _write = stateMutator;
    }

    /// <summary>A machine that keeps its own state, for callers without an entity.</summary>
    public StateMachine(TState initialState)
    {
        var holder = new[] { initialState };
        _read = () => holder[0];
        _write = s => holder[0] = s;
    }

    public TState State => _read();

    /// <summary>States in the order they were first configured.</summary>
    public IReadOnlyList<TState> ConfiguredStates => _order;

    public StateConfiguration<TState, TTrigger> Configure(TState state)
    {
        if (!_states.TryGetValue(state, out var config))
        {
            config = new StateConfiguration<TState, TTrigger>(state);
            _states.Add(state, config);
            _order.Add(state);
        }

        return config;
    }

    /// <summary>True when the current state is <paramref name="state"/> or one of its substates.</summary>
    public bool IsInState(TState state) => SelfAndAncestors(State).Contains(state, _eq);

    public IReadOnlyList<TTrigger> PermittedTriggers =>
        SelfAndAncestors(State)
            .SelectMany(s => RulesOf(s))
            .Where(r => r.GuardPasses())
            .Select(r => r.Trigger)
            .Distinct()
            .ToArray();

    public bool CanFire(TTrigger trigger) => Resolve(State, trigger, out _) is not null;

    /// <summary>Takes the transition for <paramref name="trigger"/>, running exit actions, then entry actions.</summary>
    /// <exception cref="InvalidTransitionException">The trigger is not permitted now.</exception>
    public void Fire(TTrigger trigger)
    {
        var source = State;
        var rule = Resolve(source, trigger, out var unmet)
            ?? throw new InvalidTransitionException(
                source.ToString() ?? "", trigger.ToString() ?? "", PermittedTriggers.Select(t => t.ToString() ?? "").ToArray(), unmet);

        var transition = new Transition<TState, TTrigger>(source, rule.Destination, trigger);
        var sourceChain = SelfAndAncestors(source).ToList();
        var destinationChain = SelfAndAncestors(rule.Destination).ToList();
        var shared = transition.IsReentry ? [] : sourceChain.Intersect(destinationChain, _eq).ToHashSet(_eq);

        foreach (var state in sourceChain.TakeWhile(s => !shared.Contains(s)))
        {
            foreach (var exit in Config(state)?.ExitActions ?? [])
            {
                exit(transition);
            }
        }

        _write(rule.Destination);

        foreach (var state in destinationChain.TakeWhile(s => !shared.Contains(s)).Reverse())
        {
            foreach (var entry in Config(state)?.EntryActions ?? [])
            {
                entry(transition);
            }
        }
    }

    /// <summary>
    /// The configured machine as a Mermaid <c>stateDiagram-v2</c>: one line per transition, guards in brackets,
    /// states without outgoing transitions marked final.
    /// </summary>
    public string ToMermaid() => Render(default, false);

    /// <summary>As <see cref="ToMermaid()"/>, with <paramref name="initialState"/> marked as the start.</summary>
    public string ToMermaid(TState initialState) => Render(initialState, true);

    private string Render(TState? initialState, bool hasInitial)
    {
        var sb = new StringBuilder("stateDiagram-v2\n");
        if (hasInitial)
        {
            sb.Append("    [*] --> ").Append(initialState).Append('\n');
        }

        foreach (var state in _order)
        {
            foreach (var rule in _states[state].Rules)
            {
                sb.Append("    ").Append(state).Append(" --> ").Append(rule.Destination).Append(" : ").Append(rule.Trigger);
                if (rule.GuardDescription is { } guard)
                {
                    sb.Append(" [").Append(guard.Replace(':', ' ').Replace(';', ',')).Append(']');
                }

                sb.Append('\n');
            }
        }

        foreach (var state in _order.Where(s => !SelfAndAncestors(s).Any(a => RulesOf(a).Count > 0)))
        {
            sb.Append("    ").Append(state).Append(" --> [*]\n");
        }

        foreach (var parent in _order.Where(p => _order.Any(c => IsDirectChild(c, p))))
        {
            sb.Append("    state ").Append(parent).Append(" {\n");
            foreach (var child in _order.Where(c => IsDirectChild(c, parent)))
            {
                sb.Append("        ").Append(child).Append('\n');
            }

            sb.Append("    }\n");
        }

        return sb.ToString();
    }

    private bool IsDirectChild(TState child, TState parent) =>
        Config(child) is { HasSuperstate: true } c && _eq.Equals(c.Superstate!, parent);

    private TransitionRule<TState, TTrigger>? Resolve(TState state, TTrigger trigger, out IReadOnlyList<string> unmetGuards)
    {
        var unmet = new List<string>();
        unmetGuards = unmet;
        foreach (var level in SelfAndAncestors(state))
        {
            var candidates = RulesOf(level).Where(r => EqualityComparer<TTrigger>.Default.Equals(r.Trigger, trigger)).ToList();
            var passing = candidates.Where(r => r.GuardPasses()).ToList();
            if (passing.Count > 1)
            {
                throw new InvalidOperationException(
                    $"Trigger '{trigger}' in state '{state}' has {passing.Count} transitions whose guards all pass; guards must be exclusive.");
            }

            if (passing.Count == 1)
            {
                return passing[0];
            }

            unmet.AddRange(candidates.Select(r => r.GuardDescription!));
        }

        return null;
    }

    private IReadOnlyList<TransitionRule<TState, TTrigger>> RulesOf(TState state) => Config(state)?.Rules ?? [];

    private StateConfiguration<TState, TTrigger>? Config(TState state) => _states.GetValueOrDefault(state);

    private IEnumerable<TState> SelfAndAncestors(TState state)
    {
        var current = state;
        for (var depth = 0; depth <= _order.Count; depth++)
        {
            yield return current;
            if (Config(current) is not { HasSuperstate: true } config)
            {
                yield break;
            }

            current = config.Superstate!;
        }

        throw new InvalidOperationException($"The superstates of '{state}' form a cycle.");
    }
}
