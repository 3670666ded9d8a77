namespace TelecomContactCenter.Core.StateMachines;

/// <summary>Fluent configuration of one state: its outgoing transitions, entry/exit actions and superstate.</summary>
public sealed class StateConfiguration<TState, TTrigger>
    where TState : notnull
    where TTrigger : notnull
{
    private readonly List<TransitionRule<TState, TTrigger>> _rules = [];
    private readonly List<Action<Transition<TState, TTrigger>>> _entryActions = [];
    private readonly List<Action<Transition<TState, TTrigger>>> _exitActions = [];

    internal StateConfiguration(TState state) => State = state;

    public TState State { get; }

    public TState? Superstate { get; private set; }

    public bool HasSuperstate { get; private set; }

    public IReadOnlyList<TransitionRule<TState, TTrigger>> Rules => _rules;

    internal IReadOnlyList<Action<Transition<TState, TTrigger>>> EntryActions => _entryActions;

    internal IReadOnlyList<Action<Transition<TState, TTrigger>>> ExitActions => _exitActions;

    public StateConfiguration<TState, TTrigger> Permit(TTrigger trigger, TState destination)
    {
        _rules.Add(new(trigger, destination, null, null));
        return this;
    }

    /// <summary>Permits the trigger only while <paramref name="guard"/> holds; the description is shown in errors and diagrams.</summary>
    public StateConfiguration<TState, TTrigger> PermitIf(TTrigger trigger, TState destination, Func<bool> guard, string guardDescription)
    {
        ArgumentNullException.ThrowIfNull(guard);
        ArgumentException.ThrowIfNullOrWhiteSpace(guardDescription);
        _rules.Add(new(trigger, destination, guard, guardDescription));
        return this;
    }

    public StateConfiguration<TState, TTrigger> OnEntry(Action<Transition<TState, TTrigger>> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        _entryActions.Add(action);
        return this;
    }

    public StateConfiguration<TState, TTrigger> OnEntry(Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        return OnEntry(_ => action());
    }

    public StateConfiguration<TState, TTrigger> OnExit(Action<Transition<TState, TTrigger>> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        _exitActions.Add(action);
        return this;
    }

    public StateConfiguration<TState, TTrigger> OnExit(Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        return OnExit(_ => action());
    }

    /// <summary>
    /// Makes this state a substate: it inherits the superstate's transitions, <c>IsInState(superstate)</c> holds, and
    /// moving between substates of one superstate does not run the superstate's exit or entry actions.
    /// </summary>
    public StateConfiguration<TState, TTrigger> SubstateOf(TState superstate)
    {
        if (EqualityComparer<TState>.Default.Equals(superstate, State))
        {
            throw new ArgumentException("A state cannot be its own superstate.", nameof(superstate));
        }

        Superstate = superstate;
        HasSuperstate = true;
        return this;
    }
}
