using System.Text.Json;
using TelecomContactCenter.Core.Customers;
using TelecomContactCenter.Core.Ivr;
using TelecomContactCenter.Testing;

namespace TelecomContactCenter.Core.Tests.Ivr;

public sealed class ShippedFlowsTests
{
    private static readonly Lazy<IvrFlowLoadResult> Shipped = new(() =>
    {
        var folder = Path.Combine(RepositoryFiles.Root(), "ivr-flows");
        var sources = Directory.GetFiles(folder, "*.json")
            .Where(f => !f.EndsWith(".schema.json", StringComparison.Ordinal))
            .Select(f => new IvrFlowSource(Path.GetFileName(f), File.ReadAllText(f)));
        return IvrFlowLoader.Load(sources, TestFlows.Prompts);
    });

    private static readonly PromptFinished Finished = new();

    private static IvrFlow Main => Shipped.Value.FindByAccessNumber("10000")!;

    [Fact]
    public void Load_ShippedFlows_AreValidAndClaimTheDemoNumbers()
    {
        var result = Shipped.Value;

        Assert.True(result.IsValid, string.Join(Environment.NewLine, result.Errors));
        Assert.Equal(IvrFlowMode.Media, result.FindByAccessNumber("10000")?.Mode);
        Assert.Equal(IvrFlowMode.RoutingOnly, result.FindByAccessNumber("10001")?.Mode);
    }

    [Fact]
    public void Queues_ShippedFlows_MainNamesEveryDeskWithItsSkillsAndTheRedirectingFlowNone()
    {
        var queues = Main.Queues().ToDictionary(q => q.Queue, q => string.Join(",", q.Skills.Select(s => $"{s.Key}{s.Value}")));

        Assert.Equal(
            new Dictionary<string, string>
            {
                ["vip-desk"] = "vip1",
                ["complaints"] = "complaints1",
                ["retention"] = "retention1",
                ["billing"] = "billing1",
                ["network"] = "network1",
                ["general"] = "",
            },
            queues);
        Assert.Empty(Shipped.Value.FindByAccessNumber("10001")!.Queues());
    }

    [Fact]
    public void Schema_ListsExactlyTheKindsTheLoaderReads()
    {
        using var schema = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryFiles.Root(), "ivr-flows", "ivr-flow.schema.json")));

        var kinds = schema.RootElement.GetProperty("$defs").GetProperty("state").GetProperty("properties").GetProperty("kind")
            .GetProperty("enum").EnumerateArray().Select(k => k.GetString()).ToArray();
        var consts = IvrNodeReader.Kinds.Select(k => schema.RootElement.GetProperty("$defs").GetProperty(k).GetProperty("properties")
            .GetProperty("kind").GetProperty("const").GetString());

        Assert.Equal(IvrNodeReader.Kinds, kinds);
        Assert.Equal(IvrNodeReader.Kinds, consts);
    }

    [Theory]
    [InlineData(ValueTier.Platinum, "am1")]
    [InlineData(ValueTier.Gold, null)]
    public void Main_Vip_QueuedTheMomentIdentifiedWithTheWelcomePlayingMeanwhile(ValueTier tier, string? preferred)
    {
        var caller = Caller(tier) with { AccountManager = "am1" };

        var start = IvrInterpreter.Start(Main, caller);

        // Green channel: the first step already hands the call to the ACD, so the agent's phone rings during the welcome.
        Assert.Equal(new PlayPrompt("vip-welcome", false), start.Actions[0]);
        var enqueue = Assert.IsType<EnqueueCall>(start.Actions[^1]);
        Assert.Equal(("vip-desk", 1, preferred), (enqueue.Queue, enqueue.Skills["vip"], enqueue.PreferredAgent));
        Assert.DoesNotContain(start.Session.Path, e => e.State == "main-menu");
    }

    [Fact]
    public void Main_PlatinumWithAccountManager_TriesTheAccountManagerForABoundedWait()
    {
        var caller = Caller(ValueTier.Platinum) with { AccountManager = "agent2" };

        var enqueue = Assert.IsType<EnqueueCall>(IvrInterpreter.Start(Main, caller).Actions[^1]);

        Assert.Equal(("agent2", TimeSpan.FromSeconds(15), "vip-desk"), (enqueue.PreferredAgent, enqueue.OverflowAfter, enqueue.Queue));
    }

    [Theory]
    [InlineData(ValueTier.Platinum)]
    [InlineData(ValueTier.Gold)]
    public void Main_AtRiskVip_GoesToRetentionAtOnce(ValueTier tier)
    {
        var caller = Caller(tier) with { Stage = LifecycleStage.Decline, AccountManager = "agent2" };

        var start = IvrInterpreter.Start(Main, caller);

        var enqueue = Assert.IsType<EnqueueCall>(start.Actions[^1]);
        Assert.Equal(("retention", 1, null), (enqueue.Queue, enqueue.Skills["retention"], enqueue.PreferredAgent));
        Assert.Equal(new PlayPrompt("vip-welcome", false), start.Actions[0]);
    }

    [Fact]
    public void Main_VipOutOfHours_StillReachesVipDesk()
    {
        var caller = Caller(ValueTier.Gold) with { ArrivedAt = new DateTimeOffset(2026, 11, 4, 3, 0, 0, TimeSpan.FromHours(8)) };

        var start = IvrInterpreter.Start(Main, caller);

        Assert.Equal("vip-desk", Assert.IsType<EnqueueCall>(start.Actions[^1]).Queue);
    }

    [Fact]
    public void Main_OpenComplaint_RoutesToOwnerWithOverflowToComplaints()
    {
        var caller = Caller(ValueTier.Silver) with { HasOpenComplaint = true, ComplaintOwner = "agent3" };

        var start = IvrInterpreter.Start(Main, caller);
        var end = IvrInterpreter.Handle(start.Session, Finished);

        Assert.Equal([new PlayPrompt("complaint-owner", false)], start.Actions);
        var enqueue = Assert.IsType<EnqueueCall>(end.Actions[^1]);
        Assert.Equal(("complaints", "agent3", TimeSpan.FromSeconds(20), 20), (enqueue.Queue, enqueue.PreferredAgent, enqueue.OverflowAfter, enqueue.PriorityBonus));
    }

    [Fact]
    public void Main_Decline_GoesToRetentionSkill()
    {
        var caller = Caller(ValueTier.Standard) with { Stage = LifecycleStage.Decline };

        var start = IvrInterpreter.Start(Main, caller);
        var end = IvrInterpreter.Handle(start.Session, Finished);

        Assert.Equal([new PlayPrompt("retention", false)], start.Actions);
        var enqueue = Assert.IsType<EnqueueCall>(end.Actions[^1]);
        Assert.Equal(("retention", 1), (enqueue.Queue, enqueue.Skills["retention"]));
    }

    [Theory]
    [InlineData('1', "billing")]
    [InlineData('2', "network")]
    [InlineData('3', "complaints")]
    [InlineData('4', "general")]
    public void Main_StandardCaller_MenuDigitPicksQueue(char key, string queue)
    {
        var session = IvrInterpreter.Start(Main, Caller(ValueTier.Standard)).Session;
        IvrInterpreter.Handle(session, Finished);

        var step = IvrInterpreter.Handle(session, new Digit(key));

        Assert.Equal(new PlayPrompt("queue-wait", false), step.Actions[0]);
        Assert.Equal(queue, Assert.IsType<EnqueueCall>(step.Actions[1]).Queue);
    }

    [Fact]
    public void Main_UnknownCallerSilent_GetsFourAttemptsThenGeneral()
    {
        var session = IvrInterpreter.Start(Main, Caller(null)).Session;
        IvrInterpreter.Handle(session, Finished);
        var timeouts = 0;
        IvrStep step;
        do
        {
            IvrInterpreter.Handle(session, Finished);
            step = IvrInterpreter.Handle(session, new InputTimeout());
            timeouts++;
            if (!step.IsFinished)
            {
                Assert.Equal([new PlayPrompt("no-input", true)], step.Actions);
                IvrInterpreter.Handle(session, Finished);
            }
        }
        while (!step.IsFinished && timeouts < 10);

        Assert.Equal(4, timeouts);
        Assert.Equal("general", Assert.IsType<EnqueueCall>(step.Actions[^1]).Queue);
    }

    [Theory]
    [InlineData('1', true)]
    [InlineData('5', false)]
    public void Main_OutOfHours_OffersCallbackThenGoodbye(char key, bool callback)
    {
        var caller = Caller(ValueTier.Standard) with { ArrivedAt = new DateTimeOffset(2026, 11, 7, 19, 0, 0, TimeSpan.FromHours(8)) };
        var session = IvrInterpreter.Start(Main, caller).Session;
        var offer = IvrInterpreter.Handle(session, Finished);

        var answer = IvrInterpreter.Handle(session, new Digit(key));

        Assert.Equal(new PlayPrompt("callback-offer", true), offer.Actions[0]);
        Assert.Equal(callback, answer.Actions.OfType<RequestCallback>().Any());
        Assert.Equal(new PlayPrompt(callback ? "callback-confirmed" : "goodbye", false), answer.Actions[^1]);
        Assert.Contains(session.Path, e => e.Text.StartsWith("branch closed: outside contact-centre hours (Sat 19:00", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(ValueTier.Platinum, false, "vip-desk")]
    [InlineData(ValueTier.Standard, true, "complaints")]
    [InlineData(ValueTier.Silver, false, "general")]
    public void RoutingOnly_FinishesInStartWithoutMedia(ValueTier tier, bool complaint, string queue)
    {
        var flow = Shipped.Value.FindByAccessNumber("10001")!;
        var caller = Caller(tier) with { HasOpenComplaint = complaint, ComplaintOwner = complaint ? "agent3" : null };

        var step = IvrInterpreter.Start(flow, caller);

        Assert.True(step.IsFinished);
        Assert.Equal(queue, Assert.IsType<EnqueueCall>(Assert.Single(step.Actions)).Queue);
    }

    private static CallContext Caller(ValueTier? tier) =>
        new() { Tier = tier, Stage = LifecycleStage.Maturity, IdentityConfidence = CallerIdentityConfidence.NetworkAsserted, ArrivedAt = TestFlows.WeekdayNoonUtc8 };
}
