using Stateless;
using Stateless.Graph;
using Stateless.Reflection;

namespace TelecomContactCenter.Server.Calls;

/// <summary>Where a call stands, from the admitted INVITE (or the callback offer) to its end.</summary>
internal enum CallState
{
    Admitted,
    Ivr,
    Queued,
    Ringing,
    Connected,
    WrapUp,
    Completed,
    Abandoned,
    Redirected,
    Refused,
}

/// <summary>What moves a call from one <see cref="CallState"/> to the next.</summary>
internal enum CallTrigger
{
    /// <summary>The IVR answered the caller.</summary>
    Answer,

    /// <summary>Answered with a redirect (302) to where the call should go.</summary>
    Redirect,

    /// <summary>Refused before an answer (no flow, no media, no common codec, the caller cancelled).</summary>
    Refuse,

    /// <summary>The call entered the ACD's queue: handed over by the IVR, or queued without one (a callback, the REST enqueue).</summary>
    Enqueue,

    /// <summary>An agent's phone (or desktop) is ringing for the call.</summary>
    Ring,

    /// <summary>The agent's phone stopped ringing without taking the call (refused, timed out, cancelled).</summary>
    RingEnded,

    /// <summary>The agent took the call: their phone answered, or they accepted on the desktop.</summary>
    Connect,

    /// <summary>The conversation is over (either side hung up); the agent is in wrap-up.</summary>
    HangUp,

    /// <summary>The caller left before an agent took the call.</summary>
    CallerLeft,

    /// <summary>The call ended in the IVR (the caller hung up there, or the flow hung up).</summary>
    IvrEnded,

    /// <summary>The agent finished wrap-up.</summary>
    WrapUpDone,
}

/// <summary>
/// The one phase of a call, on the Stateless library: admitted → IVR → queued → ringing → connected → wrap-up →
/// completed, with abandoned, redirected and refused as the other ends. A call queued without the IVR (a callback, the
/// REST or demo enqueue) goes from admitted straight to queued. The machine is configured once, in Stateless
/// (<see cref="Configure"/>); each call keeps only its state and moves it by the transitions Stateless reports for that
/// configuration (<see cref="StateMachine{TState,TTrigger}.GetInfo"/>), because a Stateless instance per call builds
/// its whole configuration again (about 10 KB and 13 µs a call, measured in a Debug build), which the routing-only
/// path at 16,000 calls/s cannot carry. Not thread-safe: the call's owner fires triggers under its gate.
/// <c>docs/call-lifecycle.md</c> is generated from <see cref="ToDotGraph"/> and checked by a test.
/// </summary>
internal sealed class CallLifecycle(CallState initial = CallState.Admitted)
{
    private static readonly int TriggerCount = Enum.GetValues<CallTrigger>().Length;

    // (state, trigger) → the state it leads to, or -1 where the trigger does not apply; indexed state × triggers + trigger.
    private static readonly sbyte[] Transitions = TransitionsOf(Configured().GetInfo());

    public CallState State { get; private set; } = initial;

    /// <summary>True once the call has reached one of its ends (completed, abandoned, redirected, refused).</summary>
    public bool IsOver => State is CallState.Completed or CallState.Abandoned or CallState.Redirected or CallState.Refused;

    /// <summary>Moves the call on; false (and no change) when <paramref name="trigger"/> does not apply in its current state.</summary>
    public bool TryFire(CallTrigger trigger)
    {
        var next = Transitions[((int)State * TriggerCount) + (int)trigger];
        if (next < 0)
        {
            return false;
        }

        State = (CallState)next;
        return true;
    }

    /// <summary>The machine as a Graphviz dot graph (Stateless's own export), for <c>docs/call-lifecycle.md</c>.</summary>
    public static string ToDotGraph() => UmlDotGraph.Format(Configured().GetInfo());

    /// <summary>The machine as configured in Stateless, in <paramref name="initial"/>: the definition every call's table is read from.</summary>
    public static StateMachine<CallState, CallTrigger> Configured(CallState initial = CallState.Admitted)
    {
        var machine = new StateMachine<CallState, CallTrigger>(initial);
        Configure(machine);
        return machine;
    }

    /// <summary>Every permitted transition of the configured machine, as the table <see cref="TryFire"/> reads.</summary>
    private static sbyte[] TransitionsOf(StateMachineInfo info)
    {
        var table = new sbyte[Enum.GetValues<CallState>().Length * TriggerCount];
        Array.Fill(table, (sbyte)-1);
        foreach (var state in info.States)
        {
            foreach (var transition in state.FixedTransitions)
            {
                table[((int)(CallState)state.UnderlyingState * TriggerCount) + (int)(CallTrigger)transition.Trigger.UnderlyingTrigger] =
                    (sbyte)(CallState)transition.DestinationState.UnderlyingState;
            }
        }

        return table;
    }

    private static void Configure(StateMachine<CallState, CallTrigger> machine)
    {
        machine.Configure(CallState.Admitted)
            .Permit(CallTrigger.Answer, CallState.Ivr)
            .Permit(CallTrigger.Redirect, CallState.Redirected)
            .Permit(CallTrigger.Refuse, CallState.Refused)
            .Permit(CallTrigger.Enqueue, CallState.Queued)
            .Permit(CallTrigger.CallerLeft, CallState.Abandoned);
        machine.Configure(CallState.Ivr)
            .Permit(CallTrigger.Enqueue, CallState.Queued)
            .Permit(CallTrigger.IvrEnded, CallState.Completed);
        machine.Configure(CallState.Queued)
            .Permit(CallTrigger.Ring, CallState.Ringing)
            .Permit(CallTrigger.Connect, CallState.Connected)
            .Permit(CallTrigger.CallerLeft, CallState.Abandoned);
        machine.Configure(CallState.Ringing)
            .Permit(CallTrigger.RingEnded, CallState.Queued)
            .Permit(CallTrigger.Connect, CallState.Connected)
            .Permit(CallTrigger.CallerLeft, CallState.Abandoned);
        machine.Configure(CallState.Connected)
            .Permit(CallTrigger.HangUp, CallState.WrapUp);
        machine.Configure(CallState.WrapUp)
            .Permit(CallTrigger.WrapUpDone, CallState.Completed);
    }
}
