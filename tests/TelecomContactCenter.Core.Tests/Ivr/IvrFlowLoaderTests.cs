using TelecomContactCenter.Core.Ivr;

namespace TelecomContactCenter.Core.Tests.Ivr;

public sealed class IvrFlowLoaderTests
{
    private const string Queue = """ "q": { "kind": "queue" } """;

    [Theory]
    [InlineData("""{ "id": "t", "version": "1", "accessNumbers": ["10000"], "start": "q" }""", "t.json: the flow is missing required property 'states'")]
    [InlineData("""{ "id": "t", "version": "1", "accessNumbers": ["10000"], "start": "q", "colour": 1, "states": { "q": { "kind": "queue" } } }""", "t.json: the flow has unknown property 'colour'")]
    [InlineData("""{ "id": "T!", "version": "1", "accessNumbers": ["10000"], "start": "q", "states": { "q": { "kind": "queue" } } }""", "'id' value 'T!' does not match")]
    [InlineData("""{ "id": "t", "version": "1", "accessNumbers": [], "start": "q", "states": { "q": { "kind": "queue" } } }""", "'accessNumbers' must be a non-empty array")]
    [InlineData("""{ "id": "t", "version": "1", "accessNumbers": ["10 000"], "start": "q", "states": { "q": { "kind": "queue" } } }""", "'accessNumbers' has '10 000'")]
    [InlineData("""{ "id": "t", "version": "1", "accessNumbers": ["1"], "mode": "proxy", "start": "q", "states": { "q": { "kind": "queue" } } }""", "'mode' must be \"media\" or \"routing-only\"")]
    [InlineData("""{ "id": "t", "version": "1", "accessNumbers": ["1"], "start": "q", "states": { "q": { "kind": "dance" } } }""", "state 'q': 'kind' must be one of play, menu")]
    [InlineData("""{ "id": "t", "version": "1", "accessNumbers": ["1"], "start": "q", "states": { "q": { "kind": "queue", "next": "x" } } }""", "state 'q': a queue state has unknown property 'next'")]
    [InlineData("""{ "id": "t", "version": "1", "accessNumbers": ["1"], "start": "q", "states": { "q": { "kind": "play", "prompt": "welcome" } } }""", "state 'q': a play state is missing required property 'next'")]
    [InlineData("""{ "id": "t", "version": "1", "accessNumbers": ["1"], "start": "q", "states": { "q": [] } }""", "state 'q': must be an object, not an array")]
    [InlineData("""{ "id": "t", "version": "1", "accessNumbers": ["1"], "start": "q", "states": {} }""", "t.json: the flow: 'states' must be an object with at least one state")]
    [InlineData("""{ "id": "t" """, "t.json: not valid JSON")]
    [InlineData("""{ "id": "t", "version": "1", "accessNumbers": ["1"], "start": "q", "calendars": { "office": { "utcOffset": "+8", "weekly": [ { "days": ["Mon"], "open": "09:00", "close": "17:00" } ] } }, "states": { "q": { "kind": "queue" } } }""", "t.json: calendar 'office': 'utcOffset' value '+8' does not match")]
    [InlineData("""{ "id": "t", "version": "1", "accessNumbers": ["1"], "start": "q", "calendars": { "office": { "utcOffset": "+08:00", "weekly": [ { "days": ["Mon"], "open": "17:00", "close": "09:00" } ] } }, "states": { "q": { "kind": "queue" } } }""", "t.json: calendar 'office' window 1: needs days and open < close")]
    [InlineData("""{ "id": "t", "version": "1", "accessNumbers": ["1"], "start": "q", "calendars": { "office": { "utcOffset": "+08:00", "weekly": [ { "days": ["Monday"], "open": "09:00", "close": "17:00" } ] } }, "states": { "q": { "kind": "queue" } } }""", "'days' has 'Monday', expected Mon, Tue")]
    public void Load_SchemaViolation_NamesFileAndProblem(string json, string expected)
    {
        var errors = TestFlows.Errors(json);

        Assert.Contains(errors, e => e.Contains(expected, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(""" "start": { "kind": "menu", "prompt": "main-menu", "choices": { "A": "q" }, "timeoutSeconds": 5, "retries": 1, "onExhausted": "q" }, """, "choice key 'A' must be one of 0-9, * or #")]
    [InlineData(""" "start": { "kind": "menu", "prompt": "main-menu", "choices": { "1": "q" }, "timeoutSeconds": 0, "retries": 1, "onExhausted": "q" }, """, "'timeoutSeconds' must be an integer from 1 to 60")]
    [InlineData(""" "start": { "kind": "menu", "prompt": "main-menu", "choices": { "1": "q" }, "timeoutSeconds": 5, "retries": 10, "onExhausted": "q" }, """, "'retries' must be an integer from 0 to 9")]
    [InlineData(""" "start": { "kind": "branch", "conditions": [ { "tier": ["Diamond"], "next": "q" } ], "default": "q" }, """, "'tier' has 'Diamond', expected Standard, Silver, Gold, Platinum")]
    [InlineData(""" "start": { "kind": "branch", "conditions": [ { "stage": ["Decline", "Decline"], "next": "q" } ], "default": "q" }, """, "'stage' lists 'Decline' twice")]
    [InlineData(""" "start": { "kind": "branch", "conditions": [ { "tier": ["Gold,Silver"], "next": "q" } ], "default": "q" }, """, "'tier' has 'Gold,Silver'")]
    [InlineData(""" "start": { "kind": "branch", "conditions": [ { "identityConfidence": ["1"], "next": "q" } ], "default": "q" }, """, "'identityConfidence' has '1'")]
    [InlineData(""" "start": { "kind": "branch", "conditions": [ { "businessHours": "a", "outsideBusinessHours": "b", "next": "q" } ], "default": "q" }, """, "use only one of 'businessHours' and 'outsideBusinessHours'")]
    [InlineData(""" "start": { "kind": "branch", "conditions": [ { "hasOpenComplaint": "yes", "next": "q" } ], "default": "q" }, """, "'hasOpenComplaint' must be true or false")]
    [InlineData(""" "start": { "kind": "branch", "conditions": [], "default": "q" }, """, "'conditions' must be a non-empty array")]
    [InlineData(""" "start": { "kind": "setQueue", "queue": "billing", "skills": { "billing": 0 }, "next": "q" }, """, "'billing' must be an integer from 1 to 10")]
    [InlineData(""" "start": { "kind": "routeToOwner", "target": "boss", "overflowAfterSeconds": 5, "overflow": "q" }, """, "'target' must be one of complaintOwner")]
    [InlineData(""" "start": { "kind": "play", "prompt": "Welcome.wav", "next": "q" }, """, "'prompt' value 'Welcome.wav' does not match")]
    public void Load_NodeSchemaViolation_NamesState(string state, string expected)
    {
        var errors = TestFlows.Errors(TestFlows.Json(state + Queue));

        Assert.Contains(errors, e => e.StartsWith("t.json: state 'start': ", StringComparison.Ordinal) && e.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Load_UnknownStart_IsReported()
    {
        var errors = TestFlows.Errors(TestFlows.Json(Queue, start: "begin"));

        Assert.Equal(["t.json: start state 'begin' does not exist"], errors);
    }

    [Fact]
    public void Load_DanglingMenuTransition_NamesDigitAndTarget()
    {
        var errors = TestFlows.Errors(TestFlows.Json("""
            "menu-main": { "kind": "menu", "prompt": "main-menu", "choices": { "1": "q", "9": "billing2" }, "timeoutSeconds": 5, "retries": 1, "onExhausted": "q" },
            """ + Queue, start: "menu-main"));

        Assert.Equal(["t.json: state 'menu-main': transition '9' goes to unknown state 'billing2'"], errors);
    }

    [Fact]
    public void Load_DanglingNext_IsReported()
    {
        var errors = TestFlows.Errors(TestFlows.Json(""" "start": { "kind": "play", "prompt": "welcome", "next": "nowhere" } """));

        Assert.Equal(["t.json: state 'start': 'next' goes to unknown state 'nowhere'"], errors);
    }

    [Fact]
    public void Load_UnreachableState_IsReported()
    {
        var errors = TestFlows.Errors(TestFlows.Json("""
            "start": { "kind": "queue" }, "orphan": { "kind": "hangup" }
            """));

        Assert.Equal(["t.json: state 'orphan': unreachable from start state 'start'"], errors);
    }

    [Fact]
    public void Load_MissingPrompt_IsReported()
    {
        var errors = TestFlows.Errors(TestFlows.Json(""" "start": { "kind": "play", "prompt": "jingle", "next": "q" }, """ + Queue));

        Assert.Equal(["t.json: state 'start': prompt 'jingle' is missing (no prompts/jingle.wav)"], errors);
    }

    [Fact]
    public void Load_UnknownCalendar_IsReported()
    {
        var errors = TestFlows.Errors(TestFlows.Json("""
            "start": { "kind": "branch", "conditions": [ { "label": "open", "businessHours": "office", "next": "q" } ], "default": "q" },
            """ + Queue));

        Assert.Equal(["t.json: state 'start': condition 'open' names unknown calendar 'office'"], errors);
    }

    [Fact]
    public void Load_CycleWithNoTerminal_IsALoopWithNoExit()
    {
        var errors = TestFlows.Errors(TestFlows.Json("""
            "start": { "kind": "menu", "prompt": "main-menu", "choices": { "1": "a" }, "timeoutSeconds": 5, "retries": 1, "onExhausted": "a" },
            "a": { "kind": "menu", "prompt": "welcome", "choices": { "1": "start" }, "timeoutSeconds": 5, "retries": 1, "onExhausted": "start" }
            """));

        Assert.Contains("t.json: state 'start': loop with no exit: no queue or hangup state can be reached from here", errors);
        Assert.Contains("t.json: state 'a': loop with no exit: no queue or hangup state can be reached from here", errors);
    }

    [Fact]
    public void Load_MenuExhaustionLeadingBack_HasNoRetryBound()
    {
        var errors = TestFlows.Errors(TestFlows.Json("""
            "start": { "kind": "menu", "prompt": "main-menu", "choices": { "1": "q" }, "timeoutSeconds": 5, "retries": 2, "onExhausted": "sorry" },
            "sorry": { "kind": "play", "prompt": "invalid-input", "next": "start" },
            """ + Queue));

        var error = Assert.Single(errors);
        Assert.Equal("t.json: state 'sorry': loop with no exit: 'sorry' → 'start' → 'sorry' repeats without caller input (a menu's onExhausted leads back to it, so its retries never run out)", error);
    }

    [Fact]
    public void Load_InstantStatesInACycle_AreALoop()
    {
        var errors = TestFlows.Errors(TestFlows.Json("""
            "start": { "kind": "branch", "conditions": [ { "tier": ["Gold"], "next": "q" } ], "default": "again" },
            "again": { "kind": "setQueue", "queue": "general", "next": "start" },
            """ + Queue));

        Assert.Equal(["t.json: state 'again': loop with no exit: 'again' → 'start' → 'again' repeats without caller input"], errors);
    }

    [Fact]
    public void Load_MenuChoiceLoopingBack_IsAllowed()
    {
        var flow = TestFlows.Flow("""
            "start": { "kind": "menu", "prompt": "main-menu", "choices": { "0": "start", "1": "q" }, "timeoutSeconds": 5, "retries": 1, "onExhausted": "q" },
            """ + Queue);

        Assert.Equal("start", flow.Start);
    }

    [Fact]
    public void Load_RoutingOnlyFlowWithMedia_IsRejected()
    {
        var errors = TestFlows.Errors(TestFlows.Json(""" "start": { "kind": "play", "prompt": "welcome", "next": "q" }, """ + Queue, extra: """ "mode": "routing-only", """));

        Assert.Equal(["t.json: state 'start': a routing-only flow has no media: only branch, setQueue, routeToOwner and queue without prompt are allowed"], errors);
    }

    [Fact]
    public void Load_DuplicateAccessNumberAcrossFiles_KeepsFirstAndReportsSecond()
    {
        var a = new IvrFlowSource("a.json", TestFlows.Json(Queue, start: "q"));
        var b = new IvrFlowSource("b.json", TestFlows.Json(Queue, start: "q").Replace("\"id\": \"t\"", "\"id\": \"u\"", StringComparison.Ordinal));

        var result = IvrFlowLoader.Load([b, a], TestFlows.Prompts);

        Assert.Equal(["b.json: access number 10000 is also claimed by a.json"], result.Errors.Select(e => e.ToString()));
        Assert.Equal("a.json", result.FindByAccessNumber("10000")?.FileName);
        Assert.Throws<IvrFlowException>(() => result.ThrowIfInvalid());
    }

    [Fact]
    public void Load_DuplicateFlowId_IsReported()
    {
        var a = new IvrFlowSource("a.json", TestFlows.Json(Queue, start: "q"));
        var b = new IvrFlowSource("b.json", TestFlows.Json(Queue, start: "q").Replace("10000", "10002", StringComparison.Ordinal));

        var result = IvrFlowLoader.Load([a, b], null);

        Assert.Equal(["b.json: flow id 't' is also used by a.json"], result.Errors.Select(e => e.ToString()));
    }

    [Fact]
    public void FromStream_ReadsUtf8Text()
    {
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(TestFlows.Json(Queue, start: "q")));

        var result = IvrFlowLoader.Load(IvrFlowSource.FromStream("s.json", stream), null);

        Assert.Equal("s.json", Assert.Single(result.Flows).FileName);
    }
}
