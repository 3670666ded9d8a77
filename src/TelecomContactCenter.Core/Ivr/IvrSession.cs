namespace TelecomContactCenter.Core.Ivr;

/// <summary>What a recorded path entry says.</summary>
public enum IvrPathEntryKind
{
    /// <summary>The call entered a state.</summary>
    Entered,

    /// <summary>The caller pressed a key.</summary>
    Digit,

    /// <summary>The caller pressed nothing in time.</summary>
    NoInput,

    /// <summary>A branch, menu, queue or routing decision, with its reason.</summary>
    Decision,

    /// <summary>An event the current state does not expect (a key during a plain prompt, a stale timer).</summary>
    Ignored,
}

/// <summary>One line of a call's path through a flow, for the interaction record.</summary>
public sealed record IvrPathEntry(IvrPathEntryKind Kind, string State, string Text);

/// <summary>
/// One call's progress through a flow: the current state, what it waits for, the routing accumulated so far and
/// the recorded path. Created by <see cref="IvrInterpreter.Start"/> and changed only by the interpreter. Not
/// thread-safe: the host delivers one call's events one at a time (they come from one media session).
/// </summary>
public sealed class IvrSession
{
    private readonly List<IvrPathEntry> _path = [];

    internal IvrSession(IvrFlow flow, CallContext context)
    {
        Flow = flow;
        Context = context;
        CurrentState = flow.Start;
        Queue = flow.DefaultQueue;
    }

    public IvrFlow Flow { get; }

    public CallContext Context { get; }

    public string CurrentState { get; internal set; }

    public bool IsFinished => Waiting == IvrWait.Finished;

    /// <summary>Every state entered, key pressed and decision taken, in order.</summary>
    public IReadOnlyList<IvrPathEntry> Path => _path;

    /// <summary>Digits the caller pressed, in order, including invalid ones.</summary>
    public string Digits => string.Concat(_path.Where(e => e.Kind == IvrPathEntryKind.Digit).Select(e => e.Text));

    public string Queue { get; internal set; }

    public int PriorityBonus { get; internal set; }

    public IReadOnlyDictionary<string, int> Skills { get; internal set; } = new Dictionary<string, int>();

    public string? PreferredAgent { get; internal set; }

    public TimeSpan? OverflowAfter { get; internal set; }

    internal IvrWait Waiting { get; set; }

    internal int Failures { get; set; }

    /// <summary>
    /// Keys pressed while a prompt without barge-in played (type-ahead), oldest first: the next menu takes them as
    /// if pressed during its own prompt, so a caller who knows the menu is never ignored.
    /// </summary>
    internal Queue<char> TypeAhead { get; } = new();

    /// <summary>Most keys kept ahead of a menu; more are recorded as ignored.</summary>
    internal const int MaxTypeAhead = 8;

    /// <summary>A short one-line form of the path: "welcome > main-menu [2] > network-fault".</summary>
    public string Summary()
    {
        var parts = new List<string>();
        foreach (var entry in _path)
        {
            if (entry.Kind == IvrPathEntryKind.Entered)
            {
                parts.Add(entry.State);
            }
            else if (entry.Kind is IvrPathEntryKind.Digit or IvrPathEntryKind.NoInput && parts.Count > 0)
            {
                parts[^1] += entry.Kind == IvrPathEntryKind.Digit ? $" [{entry.Text}]" : " [no input]";
            }
        }

        return string.Join(" > ", parts);
    }

    internal void Record(IvrPathEntryKind kind, string text) => _path.Add(new IvrPathEntry(kind, CurrentState, text));
}

internal enum IvrWait
{
    PromptEnd,
    MenuPrompt,
    MenuInput,
    RetryPrompt,
    Finished,
}
