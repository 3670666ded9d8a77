using TelecomContactCenter.Core.StateMachines;

namespace TelecomContactCenter.Core.Tests.StateMachines;

public sealed class StateMachineTests
{
    private enum Call
    {
        Idle,
        Ringing,
        Connected,
        OnHold,
        Ended,
    }

    private enum CallAction
    {
        Dial,
        Answer,
        Hold,
        Resume,
        HangUp,
        Transfer,
    }

    private sealed class CallRecord
    {
        public Call State { get; set; } = Call.Idle;
    }

    private static StateMachine<Call, CallAction> Build(CallRecord record, List<string> log, Func<bool>? canTransfer = null)
    {
        var machine = new StateMachine<Call, CallAction>(() => record.State, s => record.State = s);
        machine.Configure(Call.Idle).Permit(CallAction.Dial, Call.Ringing).OnExit(t => log.Add($"exit Idle on {t.Trigger}"));
        machine.Configure(Call.Ringing).Permit(CallAction.Answer, Call.Connected).Permit(CallAction.HangUp, Call.Ended);
        machine.Configure(Call.Connected)
            .Permit(CallAction.Hold, Call.OnHold)
            .Permit(CallAction.HangUp, Call.Ended)
            .PermitIf(CallAction.Transfer, Call.Ringing, canTransfer ?? (() => false), "transfer target available")
            .OnEntry(t => log.Add($"enter Connected from {t.Source}"))
            .OnExit(() => log.Add("exit Connected"));
        machine.Configure(Call.OnHold).SubstateOf(Call.Connected).Permit(CallAction.Resume, Call.Connected)
            .OnEntry(() => log.Add("enter OnHold"));
        machine.Configure(Call.Ended);
        return machine;
    }

    [Fact]
    public void Fire_PermittedTrigger_EntityHoldsNewState()
    {
        var record = new CallRecord();
        var machine = Build(record, []);

        machine.Fire(CallAction.Dial);

        Assert.Equal(Call.Ringing, record.State);
        Assert.Equal(Call.Ringing, machine.State);
    }

    [Fact]
    public void Fire_TriggerNotPermitted_ThrowsNamingStateAndPermittedTriggers()
    {
        var machine = Build(new CallRecord(), []);

        var ex = Assert.Throws<InvalidTransitionException>(() => machine.Fire(CallAction.Answer));

        Assert.Equal("Idle", ex.State);
        Assert.Equal(["Dial"], ex.PermittedTriggers);
        Assert.Contains("Trigger 'Answer' is not permitted in state 'Idle'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Permitted triggers: Dial", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WhenGuardFails_TriggerNotPermitted_ErrorNamesGuard()
    {
        var machine = Build(new CallRecord { State = Call.Connected }, []);

        var ex = Assert.Throws<InvalidTransitionException>(() => machine.Fire(CallAction.Transfer));

        Assert.Equal(["transfer target available"], ex.UnmetGuards);
        Assert.DoesNotContain(CallAction.Transfer, machine.PermittedTriggers);
        Assert.False(machine.CanFire(CallAction.Transfer));
    }

    [Fact]
    public void WhenGuardPasses_TriggerFires()
    {
        var record = new CallRecord { State = Call.Connected };
        var machine = Build(record, [], () => true);

        machine.Fire(CallAction.Transfer);

        Assert.Equal(Call.Ringing, record.State);
    }

    [Fact]
    public void PermittedTriggers_InConnected_ListsConfiguredOrder()
    {
        var machine = Build(new CallRecord { State = Call.Connected }, [], () => true);

        Assert.Equal([CallAction.Hold, CallAction.HangUp, CallAction.Transfer], machine.PermittedTriggers);
    }

    [Fact]
    public void Fire_RunsExitOfSourceThenEntryOfDestination()
    {
        var log = new List<string>();
        var machine = Build(new CallRecord(), log);

        machine.Fire(CallAction.Dial);
        machine.Fire(CallAction.Answer);

        Assert.Equal(["exit Idle on Dial", "enter Connected from Ringing"], log);
    }

    [Fact]
    public void WhenInSubstate_TriggerOfSuperstate_IsInherited()
    {
        var record = new CallRecord { State = Call.OnHold };
        var machine = Build(record, []);

        machine.Fire(CallAction.HangUp);

        Assert.Equal(Call.Ended, record.State);
    }

    [Fact]
    public void WhenInSubstate_IsInStateOfSuperstate_IsTrue()
    {
        var machine = Build(new CallRecord { State = Call.OnHold }, []);

        Assert.True(machine.IsInState(Call.Connected));
        Assert.False(machine.IsInState(Call.Ringing));
    }

    [Fact]
    public void WhenEnteringSubstate_SuperstateExitAndEntryDoNotRun()
    {
        var log = new List<string>();
        var machine = Build(new CallRecord { State = Call.Connected }, log);

        machine.Fire(CallAction.Hold);

        Assert.Equal(["enter OnHold"], log);
    }

    [Fact]
    public void WhenLeavingSubstateForOutside_SuperstateExitRuns()
    {
        var log = new List<string>();
        var machine = Build(new CallRecord { State = Call.OnHold }, log);

        machine.Fire(CallAction.HangUp);

        Assert.Equal(["exit Connected"], log);
    }

    [Fact]
    public void WhenTwoGuardsPass_Fire_ThrowsAmbiguous()
    {
        var machine = new StateMachine<Call, CallAction>(Call.Idle);
        machine.Configure(Call.Idle)
            .PermitIf(CallAction.Dial, Call.Ringing, () => true, "a")
            .PermitIf(CallAction.Dial, Call.Ended, () => true, "b");

        var ex = Assert.Throws<InvalidOperationException>(() => machine.Fire(CallAction.Dial));

        Assert.IsNotType<InvalidTransitionException>(ex);
        Assert.Equal(Call.Idle, machine.State);
    }

    [Fact]
    public void WhenReentering_ExitAndEntryBothRun()
    {
        var log = new List<string>();
        var machine = new StateMachine<Call, CallAction>(Call.Connected);
        machine.Configure(Call.Connected).Permit(CallAction.Resume, Call.Connected)
            .OnExit(() => log.Add("exit")).OnEntry(() => log.Add("enter"));

        machine.Fire(CallAction.Resume);

        Assert.Equal(["exit", "enter"], log);
    }

    [Fact]
    public void ToMermaid_PrintsTransitionsGuardsFinalStatesAndSubstates()
    {
        var machine = Build(new CallRecord(), []);

        var diagram = machine.ToMermaid(Call.Idle);

        Assert.StartsWith("stateDiagram-v2\n    [*] --> Idle\n    Idle --> Ringing : Dial\n", diagram, StringComparison.Ordinal);
        Assert.Contains("    Connected --> Ringing : Transfer [transfer target available]\n", diagram, StringComparison.Ordinal);
        Assert.Contains("    Ended --> [*]\n", diagram, StringComparison.Ordinal);
        Assert.Contains("    state Connected {\n        OnHold\n    }\n", diagram, StringComparison.Ordinal);
        Assert.DoesNotContain("OnHold --> [*]", diagram, StringComparison.Ordinal);
    }
}
