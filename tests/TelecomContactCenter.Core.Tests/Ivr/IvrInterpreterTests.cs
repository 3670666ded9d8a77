using TelecomContactCenter.Core.Customers;
using TelecomContactCenter.Core.Ivr;

namespace TelecomContactCenter.Core.Tests.Ivr;

public sealed class IvrInterpreterTests
{
    private static readonly PromptFinished Finished = new();

    [Fact]
    public void Start_Play_WaitsForPromptWithoutBargeIn()
    {
        var flow = TestFlows.Flow("""
            "start": { "kind": "play", "prompt": "welcome", "next": "q" },
            "q": { "kind": "queue" }
            """);

        var step = IvrInterpreter.Start(flow, TestFlows.Caller());

        Assert.Equal([new PlayPrompt("welcome", false)], step.Actions);
        Assert.Equal("start", step.Session.CurrentState);
    }

    [Fact]
    public void Handle_DigitDuringPlayBeforeMenu_AnswersTheMenuWithoutItsPrompt()
    {
        var flow = TestFlows.Flow("""
            "start": { "kind": "play", "prompt": "welcome", "next": "menu" },
            "menu": { "kind": "menu", "prompt": "main-menu", "choices": { "1": "billing", "2": "q" }, "timeoutSeconds": 5, "retries": 1, "onExhausted": "q" },
            "billing": { "kind": "setQueue", "queue": "billing", "next": "q" },
            "q": { "kind": "queue" }
            """);
        var session = IvrInterpreter.Start(flow, TestFlows.Caller()).Session;

        var digit = IvrInterpreter.Handle(session, new Digit('1'));
        var end = IvrInterpreter.Handle(session, Finished);

        Assert.Empty(digit.Actions);
        Assert.DoesNotContain(end.Actions, a => a is PlayPrompt { Prompt: "main-menu" });
        Assert.Equal("billing", Assert.IsType<EnqueueCall>(Assert.Single(end.Actions)).Queue);
        Assert.Equal("1", session.Digits);
        Assert.Contains(session.Path, e => e.Text == "key 1 pressed during prompt: kept for the next menu");
    }

    [Fact]
    public void Handle_DigitDuringPlay_IsRecordedAndIgnored()
    {
        var flow = TestFlows.Flow("""
            "start": { "kind": "play", "prompt": "welcome", "next": "q" },
            "q": { "kind": "queue" }
            """);
        var session = IvrInterpreter.Start(flow, TestFlows.Caller()).Session;

        var digit = IvrInterpreter.Handle(session, new Digit('3'));
        var end = IvrInterpreter.Handle(session, Finished);

        Assert.Empty(digit.Actions);
        Assert.Contains(session.Path, e => e.Kind == IvrPathEntryKind.Ignored && e.Text == "keys 3 pressed during prompts: no menu followed");
        Assert.Equal("general", Assert.IsType<EnqueueCall>(Assert.Single(end.Actions)).Queue);
        Assert.Equal("", session.Digits);
    }

    [Fact]
    public void Start_QueueAfterSetQueues_EnqueuesWithAccumulatedRouting()
    {
        var flow = TestFlows.Flow("""
            "start": { "kind": "setQueue", "queue": "billing", "priorityBonus": 5, "skills": { "billing": 1 }, "next": "vip" },
            "vip": { "kind": "setQueue", "queue": "vip-desk", "priorityBonus": 10, "skills": { "vip": 2 }, "next": "q" },
            "q": { "kind": "queue", "prompt": "transfer" }
            """);

        var step = IvrInterpreter.Start(flow, TestFlows.Caller());

        Assert.True(step.IsFinished);
        Assert.Equal(new PlayPrompt("transfer", false), step.Actions[0]);
        var enqueue = Assert.IsType<EnqueueCall>(step.Actions[1]);
        Assert.Equal(("vip-desk", 15, 2, (string?)null), (enqueue.Queue, enqueue.PriorityBonus, enqueue.Skills["vip"], enqueue.PreferredAgent));
        Assert.False(enqueue.Skills.ContainsKey("billing"));
        Assert.Contains("start > vip > q", enqueue.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Start_QueueWithOwnQueue_OverridesAccumulatedQueue()
    {
        var flow = TestFlows.Flow("""
            "start": { "kind": "setQueue", "queue": "billing", "next": "q" },
            "q": { "kind": "queue", "queue": "network" }
            """);

        var step = IvrInterpreter.Start(flow, TestFlows.Caller());

        Assert.Equal("network", Assert.IsType<EnqueueCall>(Assert.Single(step.Actions)).Queue);
    }

    [Theory]
    [InlineData(ValueTier.Platinum, "vip")]
    [InlineData(ValueTier.Gold, "vip")]
    [InlineData(ValueTier.Silver, "general")]
    [InlineData(null, "general")]
    public void Start_BranchOnTier_FirstMatchOrDefault(ValueTier? tier, string queue)
    {
        var flow = TestFlows.Flow("""
            "start": { "kind": "branch", "conditions": [ { "label": "vip", "tier": ["Platinum", "Gold"], "next": "vip" } ], "default": "q" },
            "vip": { "kind": "queue", "queue": "vip" },
            "q": { "kind": "queue" }
            """);

        var step = IvrInterpreter.Start(flow, TestFlows.Caller(tier));

        Assert.Equal(queue, Assert.IsType<EnqueueCall>(Assert.Single(step.Actions)).Queue);
    }

    [Fact]
    public void Start_BranchMatch_RecordsReason()
    {
        var flow = TestFlows.Flow("""
            "start": { "kind": "branch", "conditions": [ { "label": "vip", "tier": ["Platinum", "Gold"], "next": "vip" } ], "default": "vip" },
            "vip": { "kind": "queue" }
            """);

        var session = IvrInterpreter.Start(flow, TestFlows.Caller(ValueTier.Platinum)).Session;

        Assert.Contains(session.Path, e => e.Text == "branch vip: tier Platinum in [Platinum, Gold] → vip");
    }

    [Fact]
    public void Start_BranchConditionsInOrder_AllCriteriaMustHold()
    {
        var flow = TestFlows.Flow("""
            "start": { "kind": "branch", "conditions": [
                { "label": "both", "stage": ["Decline"], "hasOpenComplaint": true, "next": "a" },
                { "label": "decline", "stage": ["Decline", "Churned"], "next": "b" },
                { "label": "withheld", "identityConfidence": ["Withheld"], "next": "c" } ], "default": "d" },
            "a": { "kind": "queue", "queue": "a" }, "b": { "kind": "queue", "queue": "b" },
            "c": { "kind": "queue", "queue": "c" }, "d": { "kind": "queue", "queue": "d" }
            """);
        var declineNoComplaint = TestFlows.Caller() with { Stage = LifecycleStage.Decline };
        var withheld = TestFlows.Caller() with { IdentityConfidence = CallerIdentityConfidence.Withheld };

        var b = IvrInterpreter.Start(flow, declineNoComplaint);
        var a = IvrInterpreter.Start(flow, declineNoComplaint with { HasOpenComplaint = true });
        var c = IvrInterpreter.Start(flow, withheld);

        Assert.Equal("b", Assert.IsType<EnqueueCall>(b.Actions[0]).Queue);
        Assert.Equal("a", Assert.IsType<EnqueueCall>(a.Actions[0]).Queue);
        Assert.Equal("c", Assert.IsType<EnqueueCall>(c.Actions[0]).Queue);
        Assert.Contains(a.Session.Path, e => e.Text == "branch both: stage Decline in [Decline]; has an open complaint → a");
    }

    [Theory]
    [InlineData("2026-11-04T12:00:00+08:00", "open")]
    [InlineData("2026-11-04T03:59:00Z", "closed")]
    [InlineData("2026-11-04T04:00:00Z", "open")]
    [InlineData("2026-11-04T20:00:00+08:00", "closed")]
    [InlineData("2026-11-07T12:00:00+08:00", "closed")]
    [InlineData("2026-11-05T12:00:00+08:00", "closed")]
    public void Start_BranchOnBusinessHours_UsesCalendarOffsetDaysAndClosedDates(string arrival, string queue)
    {
        var flow = TestFlows.Flow(
            """
            "start": { "kind": "branch", "conditions": [ { "businessHours": "office", "next": "open" } ], "default": "closed" },
            "open": { "kind": "queue", "queue": "open" }, "closed": { "kind": "queue", "queue": "closed" }
            """,
            extra: """
            "calendars": { "office": { "utcOffset": "+08:00", "weekly": [ { "days": ["Mon", "Tue", "Wed", "Thu", "Fri"], "open": "12:00", "close": "20:00" } ],
                                       "closedDates": ["2026-11-05"] } },
            """);
        var caller = TestFlows.Caller() with { ArrivedAt = DateTimeOffset.Parse(arrival, System.Globalization.CultureInfo.InvariantCulture) };

        var step = IvrInterpreter.Start(flow, caller);

        Assert.Equal(queue, Assert.IsType<EnqueueCall>(step.Actions[0]).Queue);
    }

    [Fact]
    public void Start_OutsideBusinessHours_RecordsLocalTimeInReason()
    {
        var flow = TestFlows.Flow(
            """
            "start": { "kind": "branch", "conditions": [ { "label": "closed", "outsideBusinessHours": "office", "next": "q" } ], "default": "q" },
            "q": { "kind": "queue" }
            """,
            extra: """ "calendars": { "office": { "utcOffset": "-05:00", "weekly": [ { "days": ["Mon"], "open": "09:00", "close": "17:00" } ] } }, """);
        var caller = TestFlows.Caller() with { ArrivedAt = new DateTimeOffset(2026, 11, 2, 23, 30, 0, TimeSpan.Zero) };

        var session = IvrInterpreter.Start(flow, caller).Session;

        Assert.Contains(session.Path, e => e.Text == "branch closed: outside office hours (Mon 18:30 at UTC-05:00) → q");
    }

    [Fact]
    public void Start_RouteToComplaintOwner_PrefersOwnerWithOverflow()
    {
        var flow = TestFlows.Flow("""
            "start": { "kind": "routeToOwner", "target": "complaintOwner", "overflowAfterSeconds": 20, "overflow": "complaints", "noOwner": "general" },
            "complaints": { "kind": "setQueue", "queue": "complaints", "skills": { "complaints": 1 }, "next": "q" },
            "general": { "kind": "queue", "queue": "general" },
            "q": { "kind": "queue" }
            """);
        var caller = TestFlows.Caller() with { HasOpenComplaint = true, ComplaintOwner = "agent7", AccountManager = "am1" };

        var step = IvrInterpreter.Start(flow, caller);

        var enqueue = Assert.IsType<EnqueueCall>(Assert.Single(step.Actions));
        Assert.Equal(("complaints", "agent7", TimeSpan.FromSeconds(20)), (enqueue.Queue, enqueue.PreferredAgent, enqueue.OverflowAfter));
        Assert.Contains(step.Session.Path, e => e.Text == "prefer complaint owner agent7 for 20 s, then overflow via complaints");
    }

    [Fact]
    public void Start_RouteToOwnerWithoutComplaint_TakesNoOwnerPath()
    {
        var flow = TestFlows.Flow("""
            "start": { "kind": "routeToOwner", "target": "complaintOwner", "overflowAfterSeconds": 20, "overflow": "q", "noOwner": "general" },
            "general": { "kind": "queue", "queue": "general" },
            "q": { "kind": "queue", "queue": "complaints" }
            """);

        var step = IvrInterpreter.Start(flow, TestFlows.Caller() with { ComplaintOwner = "agent7" });

        var enqueue = Assert.IsType<EnqueueCall>(Assert.Single(step.Actions));
        Assert.Equal(("general", (string?)null, (TimeSpan?)null), (enqueue.Queue, enqueue.PreferredAgent, enqueue.OverflowAfter));
    }

    [Theory]
    [InlineData("accountManager", true, "am1")]
    [InlineData("complaintOwnerOrAccountManager", true, "agent7")]
    [InlineData("complaintOwnerOrAccountManager", false, "am1")]
    public void Start_RouteToOwnerTargets_PickTheRightPerson(string target, bool complaint, string agent)
    {
        var flow = TestFlows.Flow($$"""
            "start": { "kind": "routeToOwner", "target": "{{target}}", "overflowAfterSeconds": 15, "overflow": "q" },
            "q": { "kind": "queue" }
            """);
        var caller = TestFlows.Caller() with { HasOpenComplaint = complaint, ComplaintOwner = complaint ? "agent7" : null, AccountManager = "am1" };

        var step = IvrInterpreter.Start(flow, caller);

        Assert.Equal(agent, Assert.IsType<EnqueueCall>(Assert.Single(step.Actions)).PreferredAgent);
    }

    [Fact]
    public void Handle_Callback_RequestsThenPlaysThenContinues()
    {
        var flow = TestFlows.Flow("""
            "start": { "kind": "callback", "queue": "callbacks", "prompt": "callback-confirmed", "next": "bye" },
            "bye": { "kind": "hangup", "prompt": "goodbye", "reason": "served" }
            """);

        var start = IvrInterpreter.Start(flow, TestFlows.Caller());
        var goodbye = IvrInterpreter.Handle(start.Session, Finished);
        var end = IvrInterpreter.Handle(start.Session, Finished);

        Assert.Equal("callbacks", Assert.IsType<RequestCallback>(start.Actions[0]).Queue);
        Assert.Equal(new PlayPrompt("callback-confirmed", false), start.Actions[1]);
        Assert.Equal([new PlayPrompt("goodbye", false)], goodbye.Actions);
        Assert.False(goodbye.IsFinished);
        Assert.Equal([new Hangup("served")], end.Actions);
        Assert.True(end.IsFinished);
    }

    [Fact]
    public void Handle_EventAfterFinish_ReturnsNothing()
    {
        var flow = TestFlows.Flow(""" "start": { "kind": "hangup", "reason": "closed" } """);
        var start = IvrInterpreter.Start(flow, TestFlows.Caller());

        var late = IvrInterpreter.Handle(start.Session, new Digit('1'));

        Assert.Equal([new Hangup("closed")], start.Actions);
        Assert.Empty(late.Actions);
        Assert.True(late.IsFinished);
    }
}
