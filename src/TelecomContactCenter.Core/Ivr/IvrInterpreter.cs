namespace TelecomContactCenter.Core.Ivr;

/// <summary>
/// Runs calls through flows: pure state + event → actions, with no clock and no I/O. The host calls
/// <see cref="Start"/> when the call is answered (or, for a routing-only flow, when the INVITE arrives: such a flow
/// finishes inside Start), performs the returned actions in order, and reports each <see cref="IvrEvent"/> to
/// <see cref="Handle"/> until the step is finished. Stateless and thread-safe; the session holds all call state.
/// </summary>
public static class IvrInterpreter
{
    public static IvrStep Start(IvrFlow flow, CallContext context)
    {
        ArgumentNullException.ThrowIfNull(flow);
        ArgumentNullException.ThrowIfNull(context);
        var session = new IvrSession(flow, context);
        var actions = new List<IvrAction>();
        Enter(session, flow.Start, actions);
        return new IvrStep(session, actions, session.IsFinished);
    }

    /// <summary>Applies one event. Events after the flow has finished are ignored and return no actions.</summary>
    public static IvrStep Handle(IvrSession session, IvrEvent ivrEvent)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(ivrEvent);
        var actions = new List<IvrAction>();
        if (session.IsFinished)
        {
            return new IvrStep(session, actions, session.IsFinished);
        }

        var node = session.Flow.States[session.CurrentState];
        switch (session.Waiting, ivrEvent, node)
        {
            case (IvrWait.PromptEnd, PromptFinished, HangupNode hangup):
                Finish(session, actions, new Hangup(hangup.Reason));
                break;
            case (IvrWait.PromptEnd, PromptFinished, _):
                Enter(session, NextAfterPrompt(node), actions);
                break;
            case (IvrWait.MenuPrompt, PromptFinished, MenuNode menu):
                session.Waiting = IvrWait.MenuInput;
                actions.Add(new StartTimer(menu.Timeout));
                break;
            case (IvrWait.RetryPrompt, PromptFinished, MenuNode menu):
                PlayMenu(session, menu, actions);
                break;
            case (IvrWait.MenuPrompt or IvrWait.MenuInput or IvrWait.RetryPrompt, Digit digit, MenuNode menu):
                OnMenuDigit(session, menu, digit.Key, actions);
                break;
            case (IvrWait.MenuInput, InputTimeout, MenuNode menu):
                session.Record(IvrPathEntryKind.NoInput, $"no key within {menu.Timeout.TotalSeconds:0.#} s");
                OnFailedAttempt(session, menu, menu.NoInputPrompt, "no input", actions);
                break;
            case (IvrWait.PromptEnd, Digit digit, PlayNode) when session.TypeAhead.Count < IvrSession.MaxTypeAhead:
                // Not lost: kept for the next menu (type-ahead), which answers it without playing its prompt.
                session.TypeAhead.Enqueue(digit.Key);
                session.Record(IvrPathEntryKind.Decision, $"key {digit.Key} pressed during prompt: kept for the next menu");
                break;
            case (_, Digit digit, _):
                session.Record(IvrPathEntryKind.Ignored, $"key {digit.Key} ignored while playing");
                break;
            default:
                session.Record(IvrPathEntryKind.Ignored, $"{ivrEvent.GetType().Name} ignored");
                break;
        }

        return new IvrStep(session, actions, session.IsFinished);
    }

    private static string NextAfterPrompt(IvrNode node) => node switch
    {
        PlayNode play => play.Next,
        CallbackNode callback => callback.Next,
        _ => throw new InvalidOperationException($"State kind {node.GetType().Name} does not wait for a prompt."),
    };

    private static void OnMenuDigit(IvrSession session, MenuNode menu, char key, List<IvrAction> actions)
    {
        session.Record(IvrPathEntryKind.Digit, key.ToString());
        if (menu.Choices.TryGetValue(key, out var next))
        {
            session.Record(IvrPathEntryKind.Decision, $"menu '{session.CurrentState}': key {key} → {next}");
            Enter(session, next, actions);
            return;
        }

        OnFailedAttempt(session, menu, menu.InvalidInputPrompt, $"invalid key {key}", actions);
    }

    private static void OnFailedAttempt(IvrSession session, MenuNode menu, string? prompt, string what, List<IvrAction> actions)
    {
        session.Failures++;
        var attempts = menu.Retries + 1;
        if (session.Failures >= attempts)
        {
            session.Record(IvrPathEntryKind.Decision,
                $"menu '{session.CurrentState}': {what}, {session.Failures} of {attempts} attempts used → {menu.OnExhausted}");
            Enter(session, menu.OnExhausted, actions);
            return;
        }

        session.Record(IvrPathEntryKind.Decision, $"menu '{session.CurrentState}': {what}, attempt {session.Failures} of {attempts}, repeating");
        if (prompt is null)
        {
            PlayMenu(session, menu, actions);
            return;
        }

        session.Waiting = IvrWait.RetryPrompt;
        actions.Add(new PlayPrompt(prompt, BargeIn: true));
    }

    private static void PlayMenu(IvrSession session, MenuNode menu, List<IvrAction> actions)
    {
        if (session.TypeAhead.TryDequeue(out var early))
        {
            session.Waiting = IvrWait.MenuInput;
            OnMenuDigit(session, menu, early, actions);
            return;
        }

        session.Waiting = IvrWait.MenuPrompt;
        actions.Add(new PlayPrompt(menu.Prompt, BargeIn: true));
        actions.Add(new CollectDigits(menu.Timeout));
    }

    /// <summary>Enters <paramref name="stateId"/> and passes through instant states until one waits or the flow ends.</summary>
    private static void Enter(IvrSession session, string stateId, List<IvrAction> actions)
    {
        // The validator rejects cycles of instant states, so this bound only guards against a flow built by hand.
        for (var hops = 0; hops <= session.Flow.States.Count; hops++)
        {
            session.CurrentState = stateId;
            session.Record(IvrPathEntryKind.Entered, stateId);
            var node = session.Flow.States[stateId];
            string? next = node switch
            {
                BranchNode branch => IvrDecisions.Branch(session, branch),
                SetQueueNode setQueue => IvrDecisions.SetQueue(session, setQueue),
                RouteToOwnerNode owner => IvrDecisions.RouteToOwner(session, owner),
                _ => null,
            };
            if (next is not null)
            {
                stateId = next;
                continue;
            }

            Wait(session, node, actions);
            return;
        }

        throw new InvalidOperationException($"{session.Flow.FileName}: states loop without waiting for the caller near '{stateId}'.");
    }

    private static void Wait(IvrSession session, IvrNode node, List<IvrAction> actions)
    {
        switch (node)
        {
            case PlayNode play:
                session.Waiting = IvrWait.PromptEnd;
                actions.Add(new PlayPrompt(play.Prompt, BargeIn: false));
                break;
            case MenuNode menu:
                session.Failures = 0;
                PlayMenu(session, menu, actions);
                break;
            case CallbackNode callback:
                var queue = callback.Queue ?? session.Queue;
                session.Record(IvrPathEntryKind.Decision, $"callback requested in queue {queue}");
                session.Waiting = IvrWait.PromptEnd;
                actions.Add(new RequestCallback(queue, $"caller chose a callback in '{session.CurrentState}'"));
                actions.Add(new PlayPrompt(callback.Prompt, BargeIn: false));
                break;
            case QueueNode queueNode:
                if (queueNode.Prompt is not null)
                {
                    actions.Add(new PlayPrompt(queueNode.Prompt, BargeIn: false));
                }

                Finish(session, actions, IvrDecisions.Enqueue(session, queueNode));
                break;
            case HangupNode { Prompt: { } prompt }:
                session.Waiting = IvrWait.PromptEnd;
                actions.Add(new PlayPrompt(prompt, BargeIn: false));
                break;
            case HangupNode hangup:
                Finish(session, actions, new Hangup(hangup.Reason));
                break;
            default:
                throw new InvalidOperationException($"Unknown state kind {node.GetType().Name}.");
        }
    }

    private static void Finish(IvrSession session, List<IvrAction> actions, IvrAction final)
    {
        if (session.TypeAhead.Count > 0)
        {
            session.Record(IvrPathEntryKind.Ignored, $"keys {string.Concat(session.TypeAhead)} pressed during prompts: no menu followed");
            session.TypeAhead.Clear();
        }

        if (final is Hangup hangup)
        {
            session.Record(IvrPathEntryKind.Decision, $"hang up: {hangup.Reason}");
        }

        session.Waiting = IvrWait.Finished;
        actions.Add(final);
    }
}
