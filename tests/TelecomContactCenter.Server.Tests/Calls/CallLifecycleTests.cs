using TelecomContactCenter.Server.Calls;
using TelecomContactCenter.Testing;

namespace TelecomContactCenter.Server.Tests.Calls;

public sealed class CallLifecycleTests
{
    private const string Fence = "```dot\n";

    [Fact]
    public void CommittedDiagram_MatchesTheMachine()
    {
        var generated = CallLifecycle.ToDotGraph().ReplaceLineEndings("\n").TrimEnd('\n') + "\n";

        var stale = GeneratedDocs.Stale(Path.Combine("docs", "call-lifecycle.md"), Fence, generated);

        Assert.True(stale is null,
            $"docs/call-lifecycle.md differs from CallLifecycle.ToDotGraph(); regenerate with UPDATE_DOCS=1 dotnet test --filter {nameof(CallLifecycleTests)}, " +
            $"or paste:\n{generated}");
    }

    [Fact]
    public void EveryStateAndTrigger_MovesTheCallExactlyAsTheStatelessMachineDoes()
    {
        var disagreements = (
            from state in Enum.GetValues<CallState>()
            from trigger in Enum.GetValues<CallTrigger>()
            let machine = CallLifecycle.Configured(state)
            let expected = machine.CanFire(trigger) ? FireAndRead(machine, trigger) : (CallState?)null
            let call = new CallLifecycle(state)
            let actual = call.TryFire(trigger) ? call.State : (CallState?)null
            where expected != actual
            select $"{state} + {trigger}: Stateless {expected?.ToString() ?? "-"}, call {actual?.ToString() ?? "-"}").ToList();

        Assert.Empty(disagreements);
    }

    [Fact]
    public void InboundCall_TakenByAnAgent_GoesThroughEveryPhaseToCompleted()
    {
        var call = new CallLifecycle();

        var path = new[] { CallTrigger.Answer, CallTrigger.Enqueue, CallTrigger.Ring, CallTrigger.Connect, CallTrigger.HangUp, CallTrigger.WrapUpDone }
            .Select(t => (call.TryFire(t), call.State)).ToList();

        Assert.Equal(
            [(true, CallState.Ivr), (true, CallState.Queued), (true, CallState.Ringing), (true, CallState.Connected), (true, CallState.WrapUp),
                (true, CallState.Completed)],
            path);
        Assert.True(call.IsOver);
    }

    [Fact]
    public void RingingCall_CallerLeaves_IsAbandonedAndNoLongerConnectable()
    {
        var call = new CallLifecycle();
        call.TryFire(CallTrigger.Answer);
        call.TryFire(CallTrigger.Enqueue);
        call.TryFire(CallTrigger.Ring);

        Assert.True(call.TryFire(CallTrigger.CallerLeft));
        Assert.False(call.TryFire(CallTrigger.Connect));
        Assert.Equal(CallState.Abandoned, call.State);
    }

    [Fact]
    public void RingTimesOut_BackToQueued_ThenAnotherAgentsRing()
    {
        var call = new CallLifecycle();
        call.TryFire(CallTrigger.Answer);
        call.TryFire(CallTrigger.Enqueue);
        call.TryFire(CallTrigger.Ring);

        Assert.True(call.TryFire(CallTrigger.RingEnded));
        Assert.Equal(CallState.Queued, call.State);
        Assert.True(call.TryFire(CallTrigger.Ring));
    }

    [Fact]
    public void CallQueuedWithoutTheIvr_GoesFromAdmittedToQueued_AndRingsOnlyFromThere()
    {
        var call = new CallLifecycle();

        Assert.False(call.TryFire(CallTrigger.Ring));
        Assert.True(call.TryFire(CallTrigger.Enqueue));
        Assert.Equal(CallState.Queued, call.State);
        Assert.True(call.TryFire(CallTrigger.Ring));
    }

    [Fact]
    public void AdmittedCall_CannotBeConnectedWithoutRinging_NorHungUpBeforeConnected()
    {
        var call = new CallLifecycle();

        Assert.False(call.TryFire(CallTrigger.Connect));
        Assert.False(call.TryFire(CallTrigger.HangUp));
        Assert.Equal(CallState.Admitted, call.State);
    }

    private static CallState FireAndRead(Stateless.StateMachine<CallState, CallTrigger> machine, CallTrigger trigger)
    {
        machine.Fire(trigger);
        return machine.State;
    }
}
