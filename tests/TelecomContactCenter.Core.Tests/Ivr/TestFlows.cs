using TelecomContactCenter.Core.Ivr;

namespace TelecomContactCenter.Core.Tests.Ivr;

/// <summary>Builds flows from inline JSON states so each test shows the graph it drives.</summary>
internal static class TestFlows
{
    public static readonly HashSet<string> Prompts =
    [
        "welcome", "main-menu", "invalid-input", "no-input", "vip-welcome", "complaint-owner", "retention", "queue-wait",
        "callback-offer", "callback-confirmed", "out-of-hours", "goodbye", "transfer",
    ];

    public static readonly DateTimeOffset WeekdayNoonUtc8 = new(2026, 11, 4, 12, 0, 0, TimeSpan.FromHours(8));

    public static string Json(string states, string start = "start", string extra = "") =>
        $$"""{ "id": "t", "version": "1", "accessNumbers": ["10000"], "start": "{{start}}", {{extra}} "states": { {{states}} } }""";

    public static IvrFlow Flow(string states, string start = "start", string extra = "")
    {
        var result = IvrFlowLoader.Load(new IvrFlowSource("t.json", Json(states, start, extra)), Prompts);
        Assert.True(result.IsValid, string.Join(Environment.NewLine, result.Errors));
        return Assert.Single(result.Flows);
    }

    public static IReadOnlyList<string> Errors(string json)
    {
        var result = IvrFlowLoader.Load(new IvrFlowSource("t.json", json), Prompts);
        Assert.False(result.IsValid);
        return [.. result.Errors.Select(e => e.ToString())];
    }

    public static CallContext Caller(TelecomContactCenter.Core.Customers.ValueTier? tier = null) => new() { Tier = tier, ArrivedAt = WeekdayNoonUtc8 };

}
