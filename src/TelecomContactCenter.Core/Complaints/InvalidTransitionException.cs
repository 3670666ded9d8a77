namespace TelecomContactCenter.Core.Complaints;

/// <summary>
/// Thrown when a complaint trigger is fired that its state does not permit now, or whose guards all fail. The message
/// names the state, the trigger, the guards that were not met and the triggers that are permitted, so the host can
/// pass it to the agent as it is.
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
