using TelecomContactCenter.Core.Customers;

namespace TelecomContactCenter.Core.Ivr;

/// <summary>One state of a flow. The JSON "kind" selects the subtype; see ivr-flow.schema.json.</summary>
public abstract record IvrNode
{
    /// <summary>Ids of every state this one can move to, with a label for error messages.</summary>
    internal abstract IEnumerable<(string Label, string Target)> Transitions { get; }

    /// <summary>Prompt names this state can play.</summary>
    internal virtual IEnumerable<string> Prompts => [];

    /// <summary>Queue and hangup end the flow; the interpreter never leaves them.</summary>
    internal virtual bool IsTerminal => false;

    /// <summary>Branch, setQueue and routeToOwner pass straight through without waiting for the caller.</summary>
    internal virtual bool IsInstant => false;
}

/// <summary>Plays a prompt (no barge-in), then moves on.</summary>
public sealed record PlayNode(string Prompt, string Next) : IvrNode
{
    internal override IEnumerable<(string, string)> Transitions => [("next", Next)];

    internal override IEnumerable<string> Prompts => [Prompt];
}

/// <summary>
/// Plays a prompt the caller may interrupt with one DTMF digit. A digit not in <see cref="Choices"/> or no digit
/// within <see cref="Timeout"/> after the prompt ends is a failed attempt: the invalid-input or no-input prompt plays
/// and the menu repeats, up to <see cref="Retries"/> repeats; the next failure goes to <see cref="OnExhausted"/>.
/// </summary>
public sealed record MenuNode(
    string Prompt,
    IReadOnlyDictionary<char, string> Choices,
    TimeSpan Timeout,
    int Retries,
    string? InvalidInputPrompt,
    string? NoInputPrompt,
    string OnExhausted) : IvrNode
{
    internal override IEnumerable<(string, string)> Transitions =>
        [.. Choices.Select(c => ($"transition '{c.Key}'", c.Value)), ("onExhausted", OnExhausted)];

    internal override IEnumerable<string> Prompts =>
        new[] { Prompt, InvalidInputPrompt, NoInputPrompt }.OfType<string>();
}

/// <summary>Business-hours test of a branch condition: open (or closed) in the named calendar.</summary>
public sealed record BusinessHoursCondition(string Calendar, bool Open);

/// <summary>
/// One branch case. Every criterion given must hold (AND); an omitted criterion matches anything. A tier or stage
/// list never matches a caller without a customer record, so unknown callers fall through to later cases.
/// </summary>
public sealed record BranchCondition(
    string Label,
    IReadOnlyList<ValueTier>? Tiers,
    IReadOnlyList<LifecycleStage>? Stages,
    bool? HasOpenComplaint,
    IReadOnlyList<CallerIdentityConfidence>? IdentityConfidence,
    BusinessHoursCondition? BusinessHours,
    string Next);

/// <summary>Evaluates conditions in order; the first that matches wins, otherwise <see cref="Default"/>.</summary>
public sealed record BranchNode(IReadOnlyList<BranchCondition> Conditions, string Default) : IvrNode
{
    internal override IEnumerable<(string, string)> Transitions =>
        [.. Conditions.Select(c => ($"condition '{c.Label}'", c.Next)), ("default", Default)];

    internal override bool IsInstant => true;
}

/// <summary>
/// Chooses the queue, adds <see cref="PriorityBonus"/> to the call's IVR priority bonus (bonuses add up along the
/// path) and replaces the required skills (skill → minimum level).
/// </summary>
public sealed record SetQueueNode(string Queue, int PriorityBonus, IReadOnlyDictionary<string, int> Skills, string Next) : IvrNode
{
    internal override IEnumerable<(string, string)> Transitions => [("next", Next)];

    internal override bool IsInstant => true;
}

/// <summary>Whom <see cref="RouteToOwnerNode"/> prefers.</summary>
public enum OwnerTarget
{
    /// <summary>The owner of the caller's open complaint (首问负责制).</summary>
    ComplaintOwner,

    /// <summary>The caller's account manager.</summary>
    AccountManager,

    /// <summary>The complaint owner when there is an open complaint with an owner, otherwise the account manager.</summary>
    ComplaintOwnerOrAccountManager,
}

/// <summary>
/// Names a preferred agent for the call: the ACD offers the call only to that agent for
/// <see cref="OverflowAfter"/>, then to anyone qualified in the queue chosen on the <see cref="Overflow"/> path.
/// When the caller has no such person the flow goes to <see cref="NoOwner"/> (or <see cref="Overflow"/>).
/// </summary>
public sealed record RouteToOwnerNode(OwnerTarget Target, TimeSpan OverflowAfter, string Overflow, string? NoOwner) : IvrNode
{
    internal override IEnumerable<(string, string)> Transitions =>
        NoOwner is null ? [("overflow", Overflow)] : [("overflow", Overflow), ("noOwner", NoOwner)];

    internal override bool IsInstant => true;
}

/// <summary>Ends the flow by handing the call to the ACD with everything accumulated on the path.</summary>
public sealed record QueueNode(string? Queue, string? Prompt) : IvrNode
{
    internal override IEnumerable<(string, string)> Transitions => [];

    internal override IEnumerable<string> Prompts => Prompt is null ? [] : [Prompt];

    internal override bool IsTerminal => true;
}

/// <summary>Registers a callback request (to the accumulated or the given queue), plays a prompt, then moves on.</summary>
public sealed record CallbackNode(string? Queue, string Prompt, string Next) : IvrNode
{
    internal override IEnumerable<(string, string)> Transitions => [("next", Next)];

    internal override IEnumerable<string> Prompts => [Prompt];
}

/// <summary>Plays an optional prompt, then ends the call.</summary>
public sealed record HangupNode(string? Prompt, string Reason) : IvrNode
{
    internal override IEnumerable<(string, string)> Transitions => [];

    internal override IEnumerable<string> Prompts => Prompt is null ? [] : [Prompt];

    internal override bool IsTerminal => true;
}
