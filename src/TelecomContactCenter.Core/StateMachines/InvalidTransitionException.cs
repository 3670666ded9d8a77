namespace TelecomContactCenter.Core.StateMachines;

/// <summary>
/// Thrown when a trigger is fired that the current state does not permit, or whose guards all fail. The message
/// names the state, the trigger, any guards that were not met and the triggers that are permitted.
/// </summary>
public sealed class InvalidTransitionException : InvalidOperationException
{
    public InvalidTransitionException()
    {
    }

    public InvalidTransitionException(string message)
        : base(message)
    {
    }

    public InvalidTransitionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public InvalidTransitionException(string state, string trigger, IReadOnlyList<string> permittedTriggers, IReadOnlyList<string> unmetGuards)
        : base(Describe(state, trigger, permittedTriggers, unmetGuards))
    {
        State = state;
        Trigger = trigger;
        PermittedTriggers = permittedTriggers;
        UnmetGuards = unmetGuards;
    }

    public string State { get; } = "";

    public string Trigger { get; } = "";

    public IReadOnlyList<string> PermittedTriggers { get; } = [];

    public IReadOnlyList<string> UnmetGuards { get; } = [];

    private static string Describe(string state, string trigger, IReadOnlyList<string> permitted, IReadOnlyList<string> unmet)
    {
        var guards = unmet.Count == 0 ? "" : $" Guard not met: {string.Join("; ", unmet)}.";
        var allowed = permitted.Count == 0 ? "none" : string.Join(", ", permitted);
        return $"Trigger '{trigger}' is not permitted in state '{state}'.{guards} Permitted triggers: {allowed}.";
    }
}
