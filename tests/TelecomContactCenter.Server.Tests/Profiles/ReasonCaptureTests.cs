using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TelecomContactCenter.Core.Routing;
using TelecomContactCenter.Server.Contact;
using TelecomContactCenter.Server.Tests.Hubs;

namespace TelecomContactCenter.Server.Tests.Profiles;

/// <summary>
/// What the customer says, captured on a live call (hub) or by REST: persisted, audited, read into the profile at
/// once, and the call's offers pushed again. Each test uses its own fixed demo customer.
/// </summary>
public sealed class ReasonCaptureTests(HubServerFixture fixture) : IClassFixture<HubServerFixture>
{
    private const string GoldDecline = "+8613800000002";
    private const string SilverGrowth = "+8613800000003";
    private const string StandardAcquisition = "+8613800000004";
    private const string StandardChurned = "+8613800000005";

    [Fact]
    public async Task PortOutReason_CapturedOnACall_NextPopIsDeclineWithTheIntentReason()
    {
        await using var agent = await fixture.AgentAsync("agent1");
        await SetStatusAsync(agent, "Available");
        var first = NewCallId();
        await fixture.Calls.EnqueueAsync(Handoff(first, SilverGrowth), default);
        var pop = await agent.NextAsync("ScreenPop", ById(first));
        var customerId = pop.GetProperty("customer").GetProperty("customerId").GetInt64();
        await agent.InvokeAsync("AcceptCall", NewRequestId(), first);

        var summary = await agent.InvokeAsync("CaptureReason", NewRequestId(),
            new { customerId, callId = first, kind = "ContactReason", code = "PORT_OUT", note = "asked for the PAC code" });
        var pushed = await agent.NextAsync("OffersUpdated", ById(first));
        await fixture.Calls.CallEndedAsync(new CallId(first), default);
        await agent.InvokeAsync("SetDisposition", NewRequestId(), first, "Retention");
        foreach (var offer in pushed.GetProperty("offers").EnumerateArray())
        {
            await agent.InvokeAsync("RecordOfferOutcome", NewRequestId(), first, offer.GetProperty("offerId").GetString(), "Declined", "");
        }

        await agent.InvokeAsync("CompleteWrapUp", NewRequestId(), first);
        var second = NewCallId();
        await fixture.Calls.EnqueueAsync(Handoff(second, SilverGrowth), default);
        var next = (await agent.NextAsync("ScreenPop", ById(second))).GetProperty("customer");
        await fixture.Calls.AbandonAsync(new CallId(second), default);
        await SetStatusAsync(agent, "LoggedOut");

        Assert.Equal("Growth", pop.GetProperty("customer").GetProperty("stage").GetString());
        Assert.Equal("Decline", summary.GetProperty("lifecycleStage").GetString());
        Assert.Equal("PORT_OUT", summary.GetProperty("reasons").GetProperty("contactReason").GetString());
        Assert.Equal(customerId, pushed.GetProperty("customerId").GetInt64());
        Assert.Equal("Decline", next.GetProperty("stage").GetString());
        Assert.Contains("DEC-HARD-INTENT", next.GetProperty("stageReasonCodes").EnumerateArray().Select(c => c.GetString()));
        // Intent alone scores Medium with today's weights; the scoring lane raises it to High. Either way not Low.
        Assert.Contains(next.GetProperty("churnBand").GetString(), new[] { "Medium", "High" });
    }

    [Fact]
    public async Task ComplaintOpenedMidCall_PushesOffersWithoutUpsell()
    {
        await using var agent = await fixture.AgentAsync("agent2");
        await SetStatusAsync(agent, "Available");
        var callId = NewCallId();
        await fixture.Calls.EnqueueAsync(Handoff(callId, StandardAcquisition), default);
        await agent.NextAsync("ScreenPop", ById(callId));
        await agent.InvokeAsync("AcceptCall", NewRequestId(), callId);

        await agent.InvokeAsync("CreateComplaint", NewRequestId(), new { category = "BILL", summary = "Charged twice" });
        var pushed = await agent.NextAsync("OffersUpdated", ById(callId));
        await fixture.Calls.CallEndedAsync(new CallId(callId), default);
        await SetStatusAsync(agent, "LoggedOut");

        Assert.All(pushed.GetProperty("offers").EnumerateArray(),
            o => Assert.Contains(o.GetProperty("kind").GetString(), new[] { "ServiceRecovery", "Informational" }));
    }

    [Fact]
    public async Task PrimaryOfferAnsweredThenComplaintOpened_RefreshedOffersStarOnlyTheNewPrimary()
    {
        await using var agent = await fixture.AgentAsync("agent4");
        await SetStatusAsync(agent, "Available");
        var callId = NewCallId();
        await fixture.Calls.EnqueueAsync(Handoff(callId, GoldDecline), default);
        var pop = await agent.NextAsync("ScreenPop", ById(callId));
        await agent.InvokeAsync("AcceptCall", NewRequestId(), callId);
        var primary = pop.GetProperty("offers").EnumerateArray().Single(o => o.GetProperty("isPrimary").GetBoolean());
        await agent.InvokeAsync("RecordOfferOutcome", NewRequestId(), callId, primary.GetProperty("offerId").GetString(), "Declined",
            primary.GetProperty("scriptVersion").GetString());

        await agent.InvokeAsync("CreateComplaint", NewRequestId(), new { category = "NET", summary = "No signal at home" });
        var pushed = await agent.NextAsync("OffersUpdated", ById(callId));
        var redrawn = (await agent.InvokeAsync("GetState")).GetProperty("pop");
        await fixture.Calls.CallEndedAsync(new CallId(callId), default);
        await SetStatusAsync(agent, "LoggedOut");

        // The declined offer stays listed with its outcome; the star marks what to say now, once.
        var offers = pushed.GetProperty("offers").EnumerateArray().ToList();
        Assert.Contains(offers, o => o.GetProperty("offerId").GetString() == primary.GetProperty("offerId").GetString());
        Assert.Single(offers, o => o.GetProperty("isPrimary").GetBoolean());
        Assert.Single(redrawn.GetProperty("offers").EnumerateArray(), o => o.GetProperty("isPrimary").GetBoolean());
    }

    [Fact]
    public async Task ExitReason_ByRest_SetsChurnTypeAndWinbackAndTellsDeliberateNonPaymentApart()
    {
        using var agent = await fixture.ApiAsync("agent3");
        using var admin = await fixture.ApiAsync("admin");
        var customerId = (await agent.GetFromJsonAsync<JsonElement>($"/api/customers/by-phone/{Uri.EscapeDataString(StandardChurned)}"))
            .GetProperty("customerId").GetInt64();

        var codes = await agent.GetFromJsonAsync<JsonElement>("/api/reasons");
        var network = await (await agent.PostAsJsonAsync($"/api/customers/{customerId}/reasons", new { kind = "ExitReason", code = "NET" }))
            .Content.ReadFromJsonAsync<JsonElement>();
        var malicious = await agent.PostAsJsonAsync($"/api/customers/{customerId}/reasons", new { kind = "ExitReason", code = "DELIBERATE_NON_PAYMENT" });
        var maliciousBody = await malicious.Content.ReadFromJsonAsync<JsonElement>();
        var audit = await admin.GetFromJsonAsync<JsonElement>("/api/audit");

        Assert.Contains("PORT_OUT", codes.GetProperty("ContactReason").EnumerateArray().Select(c => c.GetString()));
        Assert.Contains("DELIBERATE_NON_PAYMENT", codes.GetProperty("ExitReason").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal("OperatorCaused", network.GetProperty("reasons").GetProperty("churnType").GetString());
        Assert.True(network.GetProperty("reasons").GetProperty("winbackProbability").GetDouble() > 0);
        Assert.Equal(HttpStatusCode.OK, malicious.StatusCode);
        Assert.Equal("Malicious", maliciousBody.GetProperty("reasons").GetProperty("churnType").GetString());
        Assert.Equal(0, maliciousBody.GetProperty("reasons").GetProperty("winbackProbability").GetDouble());
        Assert.DoesNotContain(maliciousBody.GetProperty("offers").EnumerateArray(), o => o.GetProperty("kind").GetString() == "WinBack");
        Assert.Contains(audit.EnumerateArray(), e => e.GetProperty("action").GetString() == "reason.capture"
            && e.GetProperty("target").GetString() == $"customer {customerId}"
            && e.GetProperty("detail").GetString()!.Contains("DELIBERATE_NON_PAYMENT", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Mood", "PORT_OUT", "kind")]
    [InlineData("ExitReason", "PORT_OUT", "code")]
    [InlineData("1", "PORT_OUT", "kind")]
    public async Task Capture_UnknownKindOrCode_Returns400NamingTheField(string kind, string code, string field)
    {
        using var agent = await fixture.ApiAsync("agent3");
        var customerId = (await agent.GetFromJsonAsync<JsonElement>($"/api/customers/by-phone/{Uri.EscapeDataString(StandardChurned)}"))
            .GetProperty("customerId").GetInt64();

        var response = await agent.PostAsJsonAsync($"/api/customers/{customerId}/reasons", new { kind, code });
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(field, problem.GetProperty("field").GetString());
        Assert.Contains(field, problem.GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
    }

    private static Task<JsonElement> SetStatusAsync(HubTestClient agent, string status) =>
        agent.InvokeAsync("SetStatus", NewRequestId(), status, null);

    private static CallHandoff Handoff(string callId, string phone) => new()
    {
        CallId = new CallId(callId),
        Caller = new CallerIdentityInfo(phone, phone, "NetworkAsserted"),
        CustomerPhone = phone,
        Queue = "general",
    };

    private static Func<JsonElement, bool> ById(string callId) => e => e.GetProperty("callId").GetString() == callId;

    private static string NewCallId() => $"{Guid.NewGuid():N}@test";

    private static string NewRequestId() => Guid.NewGuid().ToString("N");
}
