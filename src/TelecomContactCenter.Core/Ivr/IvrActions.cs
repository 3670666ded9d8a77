namespace TelecomContactCenter.Core.Ivr;

/// <summary>
/// Something the host must do for the call, in the order given. The host keeps at most one IVR input timer per call
/// and cancels it whenever it delivers any event to the interpreter.
/// </summary>
public abstract record IvrAction;

/// <summary>
/// Play ivr-flows/prompts/<paramref name="Prompt"/>.wav, then report <see cref="PromptFinished"/>. With
/// <paramref name="BargeIn"/> a DTMF digit stops the prompt; the host then reports the <see cref="Digit"/> and no
/// PromptFinished for that prompt. Without barge-in the host still reports digits; the flow ignores them.
/// </summary>
public sealed record PlayPrompt(string Prompt, bool BargeIn) : IvrAction;

/// <summary>Start listening for RFC 4733 digits: one digit is wanted, within <paramref name="Timeout"/> after the prompt ends.</summary>
public sealed record CollectDigits(TimeSpan Timeout) : IvrAction;

/// <summary>Start the input timer; when it fires without any other event, report <see cref="InputTimeout"/>.</summary>
public sealed record StartTimer(TimeSpan Duration) : IvrAction;

/// <summary>
/// Hand the call to the ACD. <paramref name="PriorityBonus"/> adds to the tier weight;
/// <paramref name="PreferredAgent"/> (if any) is the only agent offered the call until
/// <paramref name="OverflowAfter"/> has passed. The flow has ended.
/// </summary>
public sealed record EnqueueCall(
    string Queue,
    int PriorityBonus,
    IReadOnlyDictionary<string, int> Skills,
    string? PreferredAgent,
    TimeSpan? OverflowAfter,
    string Reason) : IvrAction;

/// <summary>Record a callback request for the caller in <paramref name="Queue"/>.</summary>
public sealed record RequestCallback(string Queue, string Reason) : IvrAction;

/// <summary>Release the call (BYE). The flow has ended.</summary>
public sealed record Hangup(string Reason) : IvrAction;

/// <summary>An event the host reports to <see cref="IvrInterpreter.Handle"/>.</summary>
public abstract record IvrEvent;

/// <summary>The prompt last started with <see cref="PlayPrompt"/> played to its end.</summary>
public sealed record PromptFinished : IvrEvent;

/// <summary>The caller pressed a DTMF key: 0–9, *, # (A–D are passed through and treated as invalid input).</summary>
public sealed record Digit(char Key) : IvrEvent;

/// <summary>The timer from <see cref="StartTimer"/> fired.</summary>
public sealed record InputTimeout : IvrEvent;

/// <summary>
/// The outcome of one start or event: what to do now, and whether the flow ended with this step.
/// <see cref="Session"/> is the same object the host passed in (or a new one from Start); it carries the recorded path.
/// </summary>
public sealed record IvrStep(IvrSession Session, IReadOnlyList<IvrAction> Actions, bool IsFinished);
