using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TelecomContactCenter.Core.Routing;
using TelecomContactCenter.Server.Contact;
using TelecomContactCenter.Server.Data;

namespace TelecomContactCenter.Server.Tests.Hubs;

/// <summary>
/// Calls handed to the ACD through its entry point, agents on the SignalR .NET client over real WebSockets. Every
/// test logs its agents out again so the next one starts with nobody available.
/// </summary>
public sealed class AgentHubTests(HubServerFixture fixture) : IClassFixture<HubServerFixture>
{
    private const string Platinum = "+8613800000001";
    private const string Gold = "+8613800000002";
    private const string Standard = "+8613800000004";
    private const string Churned = "+8613800000005";

    [Fact]
    public async Task PlatinumCall_AnsweredEndedAndWrappedUp_PopsOnAgent1AndRefusesWrapUpUntilRecordedThenKeepsTheRecord()
    {
        await using var agent1 = await fixture.AgentAsync("agent1");
        await SetStatusAsync(agent1, "Available");
        var callId = NewCallId();

        await fixture.Calls.EnqueueAsync(Handoff(callId, Platinum, "vip-desk") with { IvrPath = ["welcome", "vip-bypass"], IvrDigits = "1" }, default);
        var pop = await agent1.NextAsync("ScreenPop", ById(callId));
        await agent1.InvokeAsync("AcceptCall", NewRequestId(), callId);
        fixture.Clock.Advance(TimeSpan.FromSeconds(30));
        await fixture.Calls.CallEndedAsync(new CallId(callId), default);
        await agent1.NextAsync("CallStateChanged", s => s.GetProperty("state").GetString() == "WrapUp");
        var refused = await Assert.ThrowsAsync<HubException>(() => agent1.InvokeAsync("CompleteWrapUp", NewRequestId(), callId));
        await agent1.InvokeAsync("SetDisposition", NewRequestId(), callId, "Resolved");
        var offers = pop.GetProperty("offers").EnumerateArray().ToList();
        var outcomeRequest = NewRequestId();
        foreach (var (offer, index) in offers.Select((o, i) => (o, i)))
        {
            await agent1.InvokeAsync("RecordOfferOutcome", index == 0 ? outcomeRequest : NewRequestId(), callId,
                offer.GetProperty("offerId").GetString(), index == 0 ? "Accepted" : "Declined", offer.GetProperty("scriptVersion").GetString());
        }

        await agent1.InvokeAsync("RecordOfferOutcome", outcomeRequest, callId, offers[0].GetProperty("offerId").GetString(), "Accepted",
            offers[0].GetProperty("scriptVersion").GetString());
        var completed = await agent1.InvokeAsync("CompleteWrapUp", NewRequestId(), callId);
        using var api = await fixture.ApiAsync("agent1");
        var record = (await api.GetFromJsonAsync<JsonElement>($"/api/interactions?caller={Uri.EscapeDataString(Platinum)}"))
            .EnumerateArray().Single(r => r.GetProperty("callId").GetString() == callId);
        await SetStatusAsync(agent1, "LoggedOut");

        var customer = pop.GetProperty("customer");
        Assert.Equal("Platinum", customer.GetProperty("tier").GetString());
        Assert.False(string.IsNullOrEmpty(customer.GetProperty("tierReason").GetString()));
        Assert.Equal(Platinum, pop.GetProperty("caller").GetProperty("e164").GetString());
        Assert.Equal("1", pop.GetProperty("ivr").GetProperty("digits").GetString());
        Assert.NotEmpty(offers);
        Assert.All(offers, o => Assert.False(string.IsNullOrWhiteSpace(o.GetProperty("script").GetString())));
        Assert.Contains("disposition", refused.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(completed.GetProperty("missing").EnumerateArray());
        Assert.Equal("agent1", record.GetProperty("agent").GetString());
        Assert.Equal("Resolved", record.GetProperty("disposition").GetString());
        Assert.Equal("Platinum", record.GetProperty("tier").GetString());
        Assert.Equal(30, record.GetProperty("talkSeconds").GetDouble());
        Assert.Equal(["welcome", "vip-bypass"], record.GetProperty("ivrPath").EnumerateArray().Select(p => p.GetString()));
        Assert.All(record.GetProperty("offers").EnumerateArray(), o => Assert.NotNull(o.GetProperty("outcome").GetString()));
        Assert.Equal(offers.Count, await OutcomeRowsAsync(customer.GetProperty("customerId").GetInt64(), "agent1"));
    }

    [Fact]
    public async Task WrapUpNotes_SavedThroughTheHub_AreInTheRecordTheNextPopsRecentContactsAndTheCsvExport()
    {
        const string notes = "客户要求下月回电, 账单已核对";
        await using var agent1 = await fixture.AgentAsync("agent1");
        await SetStatusAsync(agent1, "Available");
        var callId = NewCallId();
        await fixture.Calls.EnqueueAsync(Handoff(callId, Platinum, "vip-desk"), default);
        var pop = await agent1.NextAsync("ScreenPop", ById(callId));
        await agent1.InvokeAsync("AcceptCall", NewRequestId(), callId);
        await agent1.InvokeAsync("HangUp", NewRequestId(), callId);
        var tooLong = await Assert.ThrowsAsync<HubException>(() => agent1.InvokeAsync("SetNotes", NewRequestId(), callId, new string('x', 2001)));
        var saved = await agent1.InvokeAsync("SetNotes", NewRequestId(), callId, $"  {notes}  ");
        await agent1.InvokeAsync("SetDisposition", NewRequestId(), callId, "InfoGiven");
        foreach (var offer in pop.GetProperty("offers").EnumerateArray())
        {
            await agent1.InvokeAsync("RecordOfferOutcome", NewRequestId(), callId, offer.GetProperty("offerId").GetString(), "NotPresented",
                offer.GetProperty("scriptVersion").GetString());
        }

        await agent1.InvokeAsync("CompleteWrapUp", NewRequestId(), callId);
        // The customer calls back a minute later: the new pop's recent contacts carry the notes of the call before.
        fixture.Clock.Advance(TimeSpan.FromMinutes(1));
        var nextCallId = NewCallId();
        await fixture.Calls.EnqueueAsync(Handoff(nextCallId, Platinum, "vip-desk"), default);
        var nextPop = await agent1.NextAsync("ScreenPop", ById(nextCallId));
        await fixture.Calls.AbandonAsync(new CallId(nextCallId), default);
        await SetStatusAsync(agent1, "LoggedOut");
        using var api = await fixture.ApiAsync("agent1");
        var record = (await api.GetFromJsonAsync<JsonElement>($"/api/interactions?callId={Uri.EscapeDataString(callId)}")).EnumerateArray().Single();
        using var supervisor = await fixture.ApiAsync("supervisor1");
        var csv = await supervisor.GetStringAsync("/api/export/interactions.csv?from=2000-01-01T00:00:00Z&to=2100-01-01T00:00:00Z");

        Assert.Contains("2000", tooLong.Message, StringComparison.Ordinal);
        Assert.Equal(notes, saved.GetProperty("notes").GetString());
        Assert.Equal(notes, record.GetProperty("notes").GetString());
        var recent = nextPop.GetProperty("customer").GetProperty("lastInteractions").EnumerateArray().First();
        Assert.Equal(notes, recent.GetProperty("notes").GetString());
        Assert.Equal("InfoGiven", recent.GetProperty("disposition").GetString());
        var header = csv.Split("\r\n")[0].TrimStart('\uFEFF').Split(',');
        var row = csv.Split("\r\n").Single(l => l.Contains(callId, StringComparison.Ordinal));
        Assert.Equal("notes", header[^1]);
        Assert.EndsWith($",\"{notes}\"", row, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RingTimeout_FirstAgentDoesNotAnswer_CallIsOfferedToTheSecondAgent()
    {
        await using var agent1 = await fixture.AgentAsync("agent1");
        await using var agent2 = await fixture.AgentAsync("agent2");
        await SetStatusAsync(agent1, "Available");
        fixture.Clock.Advance(TimeSpan.FromSeconds(1));
        await SetStatusAsync(agent2, "Available");
        var callId = NewCallId();

        await fixture.Calls.EnqueueAsync(Handoff(callId, Gold, "vip-desk"), default);
        await agent1.NextAsync("ScreenPop", ById(callId));
        fixture.Clock.Advance(TimeSpan.FromSeconds(11));
        var withdrawn = await agent1.NextAsync("CallStateChanged", s => ById(callId)(s) && s.GetProperty("state").GetString() == "Withdrawn");
        var second = await agent2.NextAsync("ScreenPop", ById(callId));
        await fixture.Calls.AbandonAsync(new CallId(callId), default);
        await SetStatusAsync(agent1, "LoggedOut");
        await SetStatusAsync(agent2, "LoggedOut");

        Assert.Contains("did not answer", withdrawn.GetProperty("reason").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal("Gold", second.GetProperty("customer").GetProperty("tier").GetString());
    }

    [Fact]
    public async Task Abandon_WhileQueued_BoardShowsItAndTheRecordSaysAbandoned()
    {
        await using var supervisor = await fixture.SupervisorAsync();
        var callId = NewCallId();

        await fixture.Calls.EnqueueAsync(Handoff(callId, Churned, "retention"), default);
        var waiting = await supervisor.NextAsync("QueueStatistics", q => Retention(q) is { } r && r.GetProperty("waiting").GetInt32() == 1);
        await fixture.Calls.AbandonAsync(new CallId(callId), default);
        var after = await supervisor.NextAsync("QueueStatistics", q => Retention(q) is { } r && r.GetProperty("waiting").GetInt32() == 0);
        using var api = await fixture.ApiAsync("supervisor1");
        var record = (await api.GetFromJsonAsync<JsonElement>($"/api/interactions?callId={callId}")).EnumerateArray().Single();

        Assert.Equal(1, Retention(waiting)!.Value.GetProperty("waiting").GetInt32());
        Assert.Equal(1, Retention(after)!.Value.GetProperty("abandoned").GetInt32());
        Assert.Equal("Abandoned", record.GetProperty("disposition").GetString());
        Assert.Equal(JsonValueKind.Null, record.GetProperty("answeredAt").ValueKind);
    }

    [Fact]
    public async Task TwoCallersWaiting_OneAgent_PlatinumIsServedBeforeStandard()
    {
        await using var agent4 = await fixture.AgentAsync("agent4");
        var standardCall = NewCallId();
        var platinumCall = NewCallId();
        await fixture.Calls.EnqueueAsync(Handoff(standardCall, Standard, "general"), default);
        fixture.Clock.Advance(TimeSpan.FromSeconds(5));
        await fixture.Calls.EnqueueAsync(Handoff(platinumCall, Platinum, "general"), default);

        await SetStatusAsync(agent4, "Available");
        var first = await agent4.NextAsync("ScreenPop");
        await WorkThroughAsync(agent4, first);
        var second = await agent4.NextAsync("ScreenPop");
        await WorkThroughAsync(agent4, second);
        await SetStatusAsync(agent4, "LoggedOut");

        Assert.Equal(platinumCall, first.GetProperty("callId").GetString());
        Assert.Equal(standardCall, second.GetProperty("callId").GetString());
    }

    [Fact]
    public async Task DesktopDisconnects_WhileRinging_CallGoesElsewhereAndStatusSurvivesReconnect()
    {
        var agent5 = await fixture.AgentAsync("agent5");
        await using var agent4 = await fixture.AgentAsync("agent4");
        await SetStatusAsync(agent5, "Available");
        fixture.Clock.Advance(TimeSpan.FromSeconds(1));
        await SetStatusAsync(agent4, "Available");
        var callId = NewCallId();
        await fixture.Calls.EnqueueAsync(Handoff(callId, Standard, "general"), default);
        await agent5.NextAsync("ScreenPop", ById(callId));

        await agent5.AbortAsync();
        var elsewhere = await agent4.NextAsync("ScreenPop", ById(callId));
        await using var back = await fixture.AgentAsync("agent5");
        var state = await back.InvokeAsync("GetState");
        await fixture.Calls.AbandonAsync(new CallId(callId), default);
        await SetStatusAsync(back, "LoggedOut");
        await SetStatusAsync(agent4, "LoggedOut");
        await agent5.DisposeAsync();

        Assert.Equal(callId, elsewhere.GetProperty("callId").GetString());
        Assert.Equal("Available", state.GetProperty("status").GetString());
        Assert.Equal("Idle", state.GetProperty("state").GetString());
    }

    [Fact]
    public async Task WithheldCaller_Offered_PopSaysTheNumberIsWithheld()
    {
        await using var agent4 = await fixture.AgentAsync("agent4");
        await SetStatusAsync(agent4, "Available");
        var callId = NewCallId();

        await fixture.Calls.EnqueueAsync(new CallHandoff
        {
            CallId = new CallId(callId),
            Caller = new CallerIdentityInfo("anonymous", null, "Withheld"),
            Queue = "general",
        }, default);
        var pop = await agent4.NextAsync("ScreenPop", ById(callId));
        await fixture.Calls.AbandonAsync(new CallId(callId), default);
        await SetStatusAsync(agent4, "LoggedOut");

        Assert.Equal(JsonValueKind.Null, pop.GetProperty("customer").ValueKind);
        Assert.Contains("withheld", pop.GetProperty("notice").GetString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task AgentHub_WithoutToken_Returns401()
    {
        var status = await HubTestClient.RefusalStatusAsync(new Uri(fixture.BaseAddress, "/hubs/agent"), token: null);

        Assert.Equal(401, status);
    }

    [Fact]
    public async Task SupervisorHub_AgentToken_Returns403()
    {
        var token = await fixture.TokenAsync("agent3");

        var status = await HubTestClient.RefusalStatusAsync(new Uri(fixture.BaseAddress, "/hubs/supervisor"), token);

        Assert.Equal(403, status);
    }

    private static async Task WorkThroughAsync(HubTestClient agent, JsonElement pop)
    {
        var callId = pop.GetProperty("callId").GetString()!;
        await agent.InvokeAsync("AcceptCall", NewRequestId(), callId);
        await agent.InvokeAsync("HangUp", NewRequestId(), callId);
        await agent.InvokeAsync("SetDisposition", NewRequestId(), callId, "InfoGiven");
        foreach (var offer in pop.GetProperty("offers").EnumerateArray())
        {
            await agent.InvokeAsync("RecordOfferOutcome", NewRequestId(), callId, offer.GetProperty("offerId").GetString(), "NotPresented",
                offer.GetProperty("scriptVersion").GetString());
        }

        await agent.InvokeAsync("CompleteWrapUp", NewRequestId(), callId);
    }

    private async Task<int> OutcomeRowsAsync(long customerId, string agent)
    {
        await using var scope = fixture.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ContactCenterDbContext>();
        return await db.OfferOutcomes.CountAsync(o => o.CustomerId == customerId && o.Agent == agent);
    }

    [Fact]
    public async Task UnknownCaller_PopOffersNeedsDiscoveryToTheProspectInBothLanguages()
    {
        await using var agent2 = await fixture.AgentAsync("agent2");
        await SetStatusAsync(agent2, "Available");
        var callId = NewCallId();

        await fixture.Calls.EnqueueAsync(Handoff(callId, "+8617700000042", "general"), default);
        var pop = await agent2.NextAsync("ScreenPop", ById(callId));
        await fixture.Calls.AbandonAsync(new CallId(callId), default);
        await SetStatusAsync(agent2, "LoggedOut");

        var offer = Assert.Single(pop.GetProperty("offers").EnumerateArray());
        Assert.Equal("ACQ-1", offer.GetProperty("offerId").GetString());
        Assert.Contains("Our mobile plans run from ¥19", offer.GetProperty("scripts").GetProperty("en").GetString(), StringComparison.Ordinal);
        Assert.Contains("我们的手机套餐每月从19元", offer.GetProperty("scripts").GetProperty("zh-CN").GetString(), StringComparison.Ordinal);
        Assert.Empty(offer.GetProperty("missingSlots").EnumerateArray());
    }

    [Fact]
    public async Task ComplaintCustomer_OnlyTheComplaintOwnerReadsIllStayTheOwner()
    {
        var scripts = new Dictionary<string, string>();
        foreach (var agentName in new[] { "agent1", "agent3" })
        {
            await using var agent = await fixture.AgentAsync(agentName);
            await SetStatusAsync(agent, "Available");
            var callId = NewCallId();
            await fixture.Calls.EnqueueAsync(Handoff(callId, "+8613800000006", "general"), default);
            var pop = await agent.NextAsync("ScreenPop", ById(callId));
            // The desk redraws from GetState (every status change, every reconnect): its pop must read the same.
            var state = await agent.InvokeAsync("GetState");
            await fixture.Calls.AbandonAsync(new CallId(callId), default);
            await SetStatusAsync(agent, "LoggedOut");
            scripts[agentName] = Dec2Script(pop);
            scripts[agentName + " redrawn"] = Dec2Script(state.GetProperty("pop"));
        }

        Assert.Contains("I'll stay the owner of this until it's fixed, and I'll call you by ", scripts["agent1"], StringComparison.Ordinal);
        Assert.Equal(scripts["agent1"], scripts["agent1 redrawn"]);
        Assert.DoesNotContain("I'll stay the owner", scripts["agent3"], StringComparison.Ordinal);
        Assert.Contains("The colleague who owns your complaint", scripts["agent3"], StringComparison.Ordinal);
        Assert.Equal(scripts["agent3"], scripts["agent3 redrawn"]);
    }

    private static string Dec2Script(JsonElement pop) => pop.GetProperty("offers").EnumerateArray()
        .Single(o => o.GetProperty("offerId").GetString() == "DEC-2").GetProperty("scripts").GetProperty("en").GetString()!;

    private static JsonElement? Retention(JsonElement queues) =>
        queues.EnumerateArray().Where(q => q.GetProperty("queue").GetString() == "retention").Select(q => (JsonElement?)q).FirstOrDefault();

    private static Task<JsonElement> SetStatusAsync(HubTestClient agent, string status) =>
        agent.InvokeAsync("SetStatus", NewRequestId(), status, null);

    private static CallHandoff Handoff(string callId, string phone, string queue) => new()
    {
        CallId = new CallId(callId),
        Caller = new CallerIdentityInfo(phone, phone, "NetworkAsserted"),
        CustomerPhone = phone,
        Queue = queue,
    };

    private static Func<JsonElement, bool> ById(string callId) => e => e.GetProperty("callId").GetString() == callId;

    private static string NewCallId() => $"{Guid.NewGuid():N}@test";

    private static string NewRequestId() => Guid.NewGuid().ToString("N");
}
