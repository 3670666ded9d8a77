using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TelecomContactCenter.Core.Complaints;
using TelecomContactCenter.Core.Routing;
using TelecomContactCenter.Server.Complaints;
using TelecomContactCenter.Server.Contact;
using TelecomContactCenter.Server.Data;
using TelecomContactCenter.Server.Tests.Hubs;

namespace TelecomContactCenter.Server.Tests.Complaints;

/// <summary>
/// The complaint rules around the workflow, through REST and the agent hub alike: fault SLAs from the category, one
/// ticket per issue, the owner rule, reasons named, FCR bound to the creating call and counted as Core defines it.
/// </summary>
public sealed class ComplaintRulesTests(HubServerFixture fixture) : IClassFixture<HubServerFixture>
{
    private const string Platinum = "+8613800000001";
    private const string GoldDecline = "+8613800000002";
    private const string SilverGrowth = "+8613800000003";
    private const string StandardAcquisition = "+8613800000004";
    private const string StandardChurned = "+8613800000005";
    private const string GoldWithComplaint = "+8613800000006";

    [Fact]
    public async Task Create_NetworkCategory_FaultSlaUnlessTheAgentSaysNonFault()
    {
        using var agent = await fixture.ApiAsync("agent3");
        var gold = fixture.Services.GetRequiredService<IOptions<SlaOptions>>().Value.Gold;

        var network = await CreateAsync(agent, GoldDecline, "NET");
        var overridden = await CreateAsync(agent, GoldWithComplaint, "NET", faultKind: "NonFault", severity: "High");
        var bad = await agent.PostAsJsonAsync("/api/complaints", new { customerPhone = Platinum, category = "NET", faultKind = "Sometimes" });

        Assert.Equal("Fault", network.GetProperty("slaKind").GetString());
        Assert.Equal("High", network.GetProperty("severity").GetString());
        Assert.Equal(gold.FaultHours, network.GetProperty("sla").GetProperty("targetHours").GetDouble());
        Assert.Equal("NonFault", overridden.GetProperty("slaKind").GetString());
        Assert.Equal(gold.NonFaultBusinessHours, overridden.GetProperty("sla").GetProperty("targetHours").GetDouble());
        Assert.Equal("High", overridden.GetProperty("severity").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("faultKind", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_WithoutSeverity_StartsAtTheCategorysDefaultWhichTheDeskIsToldToo()
    {
        using var agent = await fixture.ApiAsync("agent4");
        using var anonymous = fixture.Http();

        var fraud = await CreateAsync(agent, SilverGrowth, "FRAUD");
        var inconvenience = await CreateAsync(agent, SilverGrowth, "INCONV");
        var chosen = await CreateAsync(agent, Platinum, "FRAUD", severity: "Low");
        var settings = await anonymous.GetFromJsonAsync<JsonElement>("/api/desk/settings");

        Assert.Equal("High", fraud.GetProperty("severity").GetString());
        Assert.Equal("Medium", inconvenience.GetProperty("severity").GetString());
        Assert.Equal("Low", chosen.GetProperty("severity").GetString());
        var net = settings.GetProperty("complaintDefaults").GetProperty("NET");
        Assert.Equal(("High", "Fault"), (net.GetProperty("severity").GetString(), net.GetProperty("faultKind").GetString()));
        Assert.Equal("Medium", settings.GetProperty("complaintDefaults").GetProperty("BILL").GetProperty("severity").GetString());
    }

    [Fact]
    public async Task Create_SameCustomerAndCategoryStillOpen_409NamingItUnlessAttachedThenOneTicket()
    {
        using var agent = await fixture.ApiAsync("agent3");
        using var admin = await fixture.ApiAsync("admin");
        var first = await CreateAsync(agent, StandardAcquisition, "BILL");
        var id = first.GetProperty("id").GetGuid();

        var duplicate = await agent.PostAsJsonAsync("/api/complaints", new { customerPhone = StandardAcquisition, category = "BILL", summary = "again" });
        var problem = await duplicate.Content.ReadFromJsonAsync<JsonElement>();
        var attached = await agent.PostAsJsonAsync("/api/complaints",
            new { customerPhone = StandardAcquisition, category = "BILL", summary = "again", callId = "call-repeat", attachToExisting = true });
        var view = await attached.Content.ReadFromJsonAsync<JsonElement>();
        var audit = await agent.GetFromJsonAsync<JsonElement>($"/api/complaints/{id}/audit");

        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
        Assert.Equal(id, problem.GetProperty("existingComplaintId").GetGuid());
        Assert.Equal(HttpStatusCode.OK, attached.StatusCode);
        Assert.Equal(id, view.GetProperty("id").GetGuid());
        Assert.False(view.GetProperty("isFirstContact").GetBoolean());
        Assert.Contains(audit.EnumerateArray(), e => e.GetProperty("trigger").GetString() == "RepeatContact"
            && e.GetProperty("reason").GetString()!.Contains("call-repeat", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CreateComplaintOnHub_CallerHasThatComplaintOpen_RefusedNamingItUnlessAttached()
    {
        await using var agent = await fixture.AgentAsync("agent2");
        await agent.InvokeAsync("SetStatus", NewRequestId(), "Available", null);
        var callId = $"{Guid.NewGuid():N}@test";
        await fixture.Calls.EnqueueAsync(new CallHandoff
        {
            CallId = new CallId(callId),
            Caller = new CallerIdentityInfo(GoldWithComplaint, GoldWithComplaint, "NetworkAsserted"),
            CustomerPhone = GoldWithComplaint,
            Queue = "general",
        }, default);
        var pop = await agent.NextAsync("ScreenPop", p => p.GetProperty("callId").GetString() == callId);
        var open = pop.GetProperty("customer").GetProperty("openComplaints").EnumerateArray()
            .First(c => c.GetProperty("category").GetString() == "Billing").GetProperty("id").GetGuid();
        await agent.InvokeAsync("AcceptCall", NewRequestId(), callId);

        var refused = await Assert.ThrowsAsync<HubException>(() =>
            agent.InvokeAsync("CreateComplaint", NewRequestId(), new { category = "BILL", summary = "still wrong" }));
        var attached = await agent.InvokeAsync("CreateComplaint", NewRequestId(), new { category = "BILL", summary = "still wrong", attachToExisting = true });
        await fixture.Calls.CallEndedAsync(new CallId(callId), default);
        await agent.InvokeAsync("SetStatus", NewRequestId(), "LoggedOut", null);

        Assert.Contains(open.ToString(), refused.Message, StringComparison.Ordinal);
        Assert.Contains("attachToExisting", refused.Message, StringComparison.Ordinal);
        Assert.Equal(open, attached.GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task FireTrigger_OnAnotherAgentsComplaint_RefusedByRestAndHubAlikeButASupervisorMay()
    {
        using var owner = await fixture.ApiAsync("agent3");
        using var other = await fixture.ApiAsync("agent4");
        using var supervisor = await fixture.ApiAsync("supervisor1");
        await using var otherHub = await fixture.AgentAsync("agent4");
        var id = (await CreateAsync(owner, StandardChurned, "PAY")).GetProperty("id").GetGuid();

        var rest = await other.PostAsJsonAsync($"/api/complaints/{id}/triggers", new { trigger = "Classify" });
        var hub = await Assert.ThrowsAsync<HubException>(() =>
            otherHub.InvokeAsync("FireComplaintTrigger", NewRequestId(), id, "Classify", null, null));
        var bySupervisor = await supervisor.PostAsJsonAsync($"/api/complaints/{id}/triggers", new { trigger = "Classify" });

        Assert.Equal(HttpStatusCode.NotFound, rest.StatusCode);
        Assert.Contains("not yours", hub.Message, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, bySupervisor.StatusCode);
    }

    [Fact]
    public async Task Escalate_WithoutReason_400NamingReason()
    {
        using var agent = await fixture.ApiAsync("agent3");
        var id = (await CreateAsync(agent, GoldDecline, "PROV")).GetProperty("id").GetGuid();
        await FireAsync(agent, id, "Classify");
        await FireAsync(agent, id, "StartWork");

        var response = await agent.PostAsJsonAsync($"/api/complaints/{id}/triggers", new { trigger = "EscalateToBackOffice" });
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("reason", problem.GetProperty("field").GetString());
        Assert.Contains("reason", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fcr_CountsOnlyConfirmedResolutionsOnTheCreatingCall()
    {
        using var agent = await fixture.ApiAsync("agent5");
        using var scope = fixture.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ContactCenterDbContext>();
        var before = await ComplaintFcr.CountAsync(db, fixture.Clock.GetUtcNow(), default);

        var onCreatingCall = await ResolveAsync(agent, Platinum, "ENC", createdOn: "call-fcr-1", resolvedOn: "call-fcr-1", confirm: true);
        var onLaterCall = await ResolveAsync(agent, SilverGrowth, "ENC", createdOn: "call-fcr-2", resolvedOn: "call-fcr-3", confirm: true);
        await ResolveAsync(agent, StandardChurned, "ENC", createdOn: "call-fcr-4", resolvedOn: "call-fcr-4", confirm: false);
        var after = await ComplaintFcr.CountAsync(db, fixture.Clock.GetUtcNow(), default);

        Assert.True(onCreatingCall.GetProperty("isFirstContact").GetBoolean());
        Assert.False(onLaterCall.GetProperty("isFirstContact").GetBoolean());
        Assert.Equal(before.FirstContact + 1, after.FirstContact);
        Assert.Equal(before.Closed + 2, after.Closed);
    }

    private static async Task<JsonElement> ResolveAsync(HttpClient agent, string phone, string category, string createdOn, string resolvedOn, bool confirm)
    {
        var id = (await CreateAsync(agent, phone, category, callId: createdOn)).GetProperty("id").GetGuid();
        await FireAsync(agent, id, "Classify");
        await FireAsync(agent, id, "StartWork");
        await FireAsync(agent, id, "ResolveOnCall", callId: resolvedOn);
        var resolution = await agent.PostAsJsonAsync($"/api/complaints/{id}/resolution", new { resolutionCode = "APOLOGY", rootCause = category });
        Assert.Equal(HttpStatusCode.OK, resolution.StatusCode);
        return confirm ? await FireAsync(agent, id, "ConfirmResolution") : await resolution.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task<JsonElement> CreateAsync(
        HttpClient client, string phone, string category, string? faultKind = null, string? severity = null, string? callId = null)
    {
        var response = await client.PostAsJsonAsync("/api/complaints",
            new { customerPhone = phone, category, faultKind, severity, callId, summary = "Test complaint" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task<JsonElement> FireAsync(HttpClient client, Guid id, string trigger, string? callId = null)
    {
        var response = await client.PostAsJsonAsync($"/api/complaints/{id}/triggers", new { trigger, callId });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static string NewRequestId() => Guid.NewGuid().ToString("N");
}
