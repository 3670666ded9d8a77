using TelecomContactCenter.Core.Ivr;

namespace TelecomContactCenter.Core.Tests.Ivr;

public sealed class IvrMenuTests
{
    private const string Menu = """
        "start": { "kind": "menu", "prompt": "main-menu", "choices": { "1": "billing", "#": "general" }, "timeoutSeconds": 5,
                   "retries": 2, "invalidInputPrompt": "invalid-input", "noInputPrompt": "no-input", "onExhausted": "general" },
        "billing": { "kind": "queue", "queue": "billing" },
        "general": { "kind": "queue", "queue": "general" }
        """;

    private static readonly PromptFinished Finished = new();

    [Fact]
    public void Start_Menu_PlaysPromptWithBargeInAndCollectsDigits()
    {
        var step = IvrInterpreter.Start(TestFlows.Flow(Menu), TestFlows.Caller());

        Assert.Equal([new PlayPrompt("main-menu", true), new CollectDigits(TimeSpan.FromSeconds(5))], step.Actions);
        Assert.False(step.IsFinished);
    }

    [Fact]
    public void Handle_PromptFinished_StartsInputTimer()
    {
        var session = IvrInterpreter.Start(TestFlows.Flow(Menu), TestFlows.Caller()).Session;

        var step = IvrInterpreter.Handle(session, Finished);

        Assert.Equal([new StartTimer(TimeSpan.FromSeconds(5))], step.Actions);
    }

    [Theory]
    [InlineData('1', "billing")]
    [InlineData('#', "general")]
    public void Handle_ValidDigit_GoesToItsState(char key, string queue)
    {
        var session = IvrInterpreter.Start(TestFlows.Flow(Menu), TestFlows.Caller()).Session;
        IvrInterpreter.Handle(session, Finished);

        var step = IvrInterpreter.Handle(session, new Digit(key));

        Assert.True(step.IsFinished);
        Assert.Equal(queue, Assert.IsType<EnqueueCall>(step.Actions[^1]).Queue);
        Assert.Equal(key.ToString(), session.Digits);
    }

    [Fact]
    public void Handle_DigitDuringPrompt_BargesIn()
    {
        var session = IvrInterpreter.Start(TestFlows.Flow(Menu), TestFlows.Caller()).Session;

        var step = IvrInterpreter.Handle(session, new Digit('1'));

        Assert.Equal("billing", Assert.IsType<EnqueueCall>(Assert.Single(step.Actions)).Queue);
    }

    [Fact]
    public void Handle_InvalidDigit_PlaysInvalidInputThenRepeatsMenu()
    {
        var session = IvrInterpreter.Start(TestFlows.Flow(Menu), TestFlows.Caller()).Session;

        var invalid = IvrInterpreter.Handle(session, new Digit('9'));
        var replay = IvrInterpreter.Handle(session, Finished);

        Assert.Equal([new PlayPrompt("invalid-input", true)], invalid.Actions);
        Assert.Equal([new PlayPrompt("main-menu", true), new CollectDigits(TimeSpan.FromSeconds(5))], replay.Actions);
        Assert.Contains(session.Path, e => e.Text == "menu 'start': invalid key 9, attempt 1 of 3, repeating");
    }

    [Fact]
    public void Handle_InputTimeout_PlaysNoInputPrompt()
    {
        var session = IvrInterpreter.Start(TestFlows.Flow(Menu), TestFlows.Caller()).Session;
        IvrInterpreter.Handle(session, Finished);

        var step = IvrInterpreter.Handle(session, new InputTimeout());

        Assert.Equal([new PlayPrompt("no-input", true)], step.Actions);
        Assert.Contains(session.Path, e => e.Kind == IvrPathEntryKind.NoInput);
    }

    [Fact]
    public void Handle_RetriesExhausted_GoesToOnExhausted()
    {
        var session = IvrInterpreter.Start(TestFlows.Flow(Menu), TestFlows.Caller()).Session;

        IvrInterpreter.Handle(session, new Digit('7'));
        IvrInterpreter.Handle(session, Finished);
        IvrInterpreter.Handle(session, Finished);
        IvrInterpreter.Handle(session, new InputTimeout());
        IvrInterpreter.Handle(session, Finished);
        IvrInterpreter.Handle(session, Finished);
        var last = IvrInterpreter.Handle(session, new Digit('8'));

        Assert.Equal("general", Assert.IsType<EnqueueCall>(Assert.Single(last.Actions)).Queue);
        Assert.Contains(session.Path, e => e.Text == "menu 'start': invalid key 8, 3 of 3 attempts used → general");
        Assert.Equal("start [7] [no input] [8] > general", session.Summary());
    }

    [Fact]
    public void Handle_DigitDuringRetryPrompt_IsTheAnswer()
    {
        var session = IvrInterpreter.Start(TestFlows.Flow(Menu), TestFlows.Caller()).Session;
        IvrInterpreter.Handle(session, new Digit('5'));

        var step = IvrInterpreter.Handle(session, new Digit('1'));

        Assert.Equal("billing", Assert.IsType<EnqueueCall>(Assert.Single(step.Actions)).Queue);
    }

    [Fact]
    public void Handle_RetriesZeroWithoutPrompts_FirstFailureExhausts()
    {
        var flow = TestFlows.Flow("""
            "start": { "kind": "menu", "prompt": "callback-offer", "choices": { "1": "cb" }, "timeoutSeconds": 3, "retries": 0, "onExhausted": "bye" },
            "cb": { "kind": "callback", "prompt": "callback-confirmed", "next": "bye" },
            "bye": { "kind": "hangup" }
            """);
        var session = IvrInterpreter.Start(flow, TestFlows.Caller()).Session;
        IvrInterpreter.Handle(session, Finished);

        var step = IvrInterpreter.Handle(session, new InputTimeout());

        Assert.Equal([new Hangup("the flow ended")], step.Actions);
    }

    [Fact]
    public void Handle_RepeatWithoutErrorPrompt_ReplaysMenuAtOnce()
    {
        var flow = TestFlows.Flow("""
            "start": { "kind": "menu", "prompt": "main-menu", "choices": { "1": "q" }, "timeoutSeconds": 3, "retries": 1, "onExhausted": "q" },
            "q": { "kind": "queue" }
            """);
        var session = IvrInterpreter.Start(flow, TestFlows.Caller()).Session;

        var step = IvrInterpreter.Handle(session, new Digit('2'));

        Assert.Equal([new PlayPrompt("main-menu", true), new CollectDigits(TimeSpan.FromSeconds(3))], step.Actions);
    }

    [Fact]
    public void Handle_StaleTimeoutWhilePromptPlays_IsIgnored()
    {
        var session = IvrInterpreter.Start(TestFlows.Flow(Menu), TestFlows.Caller()).Session;

        var step = IvrInterpreter.Handle(session, new InputTimeout());

        Assert.Empty(step.Actions);
        Assert.Equal(IvrPathEntryKind.Ignored, session.Path[^1].Kind);
    }

    [Fact]
    public void Handle_ReenteringMenu_ResetsAttempts()
    {
        var flow = TestFlows.Flow("""
            "start": { "kind": "menu", "prompt": "main-menu", "choices": { "0": "again", "1": "q" }, "timeoutSeconds": 3, "retries": 1, "onExhausted": "q" },
            "again": { "kind": "play", "prompt": "welcome", "next": "start" },
            "q": { "kind": "queue" }
            """);
        var session = IvrInterpreter.Start(flow, TestFlows.Caller()).Session;
        IvrInterpreter.Handle(session, new Digit('9'));
        IvrInterpreter.Handle(session, new Digit('0'));
        IvrInterpreter.Handle(session, Finished);

        var step = IvrInterpreter.Handle(session, new Digit('9'));

        Assert.Equal([new PlayPrompt("main-menu", true), new CollectDigits(TimeSpan.FromSeconds(3))], step.Actions);
        Assert.False(step.IsFinished);
    }
}
