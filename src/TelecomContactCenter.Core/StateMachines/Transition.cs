namespace TelecomContactCenter.Core.StateMachines;

/// <summary>A transition being taken, passed to entry and exit actions.</summary>
public sealed record Transition<TState, TTrigger>(TState Source, TState Destination, TTrigger Trigger)
{
    public bool IsReentry => EqualityComparer<TState>.Default.Equals(Source, Destination);
}

/// <summary>A configured transition: the trigger, where it leads, and an optional guard with its description.</summary>
public sealed record TransitionRule<TState, TTrigger>(TTrigger Trigger, TState Destination, Func<bool>? Guard, string? GuardDescription)
{
    public bool GuardPasses() => Guard is null || Guard();
}
