using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TelecomContactCenter.Core.Routing;
using TelecomContactCenter.Server.Contact;
using TelecomContactCenter.Server.Data;
using TelecomContactCenter.Server.Discounts;
using TelecomContactCenter.Server.Profiles;
using TelecomContactCenter.Server.Tests.Hubs;

namespace TelecomContactCenter.Server.Tests.Discounts;

/// <summary>
/// Discounts on the tier's ladder: within the agent's rung applied at once; above it pending on the supervisors'
/// hub, approved or rejected there by API, the decision pushed to the agent's desktop, persisted and audited
/// (agents cannot decide); above the tier cap, longer than its months or for an unprofitable customer refused with
/// the rule's code, by REST (ProblemDetails) and by the hub alike.
/// </summary>
public sealed class DiscountApprovalTests(DiscountHubFixture fixture) : IClassFixture<DiscountHubFixture>
{
    private const string Platinum = "+8613800000001";

    [Fact]
    public async Task Goodwill_AboveAgentAuthority_PendingForSupervisorsApprovedPushedToAgentAndAudited()
    {
        await using var supervisorHub = await fixture.SupervisorAsync();
        await using var agentHub = await fixture.AgentAsync("agent3");
        using var agent = await fixture.ApiAsync("agent3");
        using var supervisor = await fixture.ApiAsync("supervisor1");
        using var admin = await fixture.ApiAsync("admin");
        var customerId = await CustomerIdAsync(agent, "+8613800000004");

        var requested = await agent.PostAsJsonAsync("/api/discounts", new { customerId, percent = 8, months = 3, reason = "Outage on 1 Nov" });
        var created = await requested.Content.ReadFromJsonAsync<JsonElement>();
        var id = created.GetProperty("id").GetInt64();
        var pending = await supervisorHub.NextAsync("PendingDiscounts", p => p.EnumerateArray().Any(d => d.GetProperty("id").GetInt64() == id));
        var byAgent = await agent.PostAsJsonAsync($"/api/discounts/{id}/approve", new { note = "self-approval" });
        var approved = await supervisor.PostAsJsonAsync($"/api/discounts/{id}/approve", new { note = "Valued customer" });
        var pushed = await agentHub.NextAsync("DiscountChanged", d => d.GetProperty("id").GetInt64() == id && d.GetProperty("status").GetString() == "Approved");
        var again = await supervisor.PostAsJsonAsync($"/api/discounts/{id}/reject", new { note = "changed my mind" });
        var audit = await admin.GetFromJsonAsync<JsonElement>("/api/audit");
        var stillPending = await supervisor.GetFromJsonAsync<JsonElement>("/api/discounts?status=Pending");

        Assert.Equal(HttpStatusCode.Created, requested.StatusCode);
        Assert.Equal("Pending", created.GetProperty("status").GetString());
        Assert.Equal(5, created.GetProperty("authorityPercent").GetDecimal());
        Assert.Equal("agent3", pending.EnumerateArray().First(d => d.GetProperty("id").GetInt64() == id).GetProperty("requestedBy").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, byAgent.StatusCode);
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        Assert.Equal("supervisor1", pushed.GetProperty("decidedBy").GetString());
        Assert.Equal(8, pushed.GetProperty("percent").GetDecimal());
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("application/problem+json", again.Content.Headers.ContentType?.MediaType);
        Assert.Contains(audit.EnumerateArray(), e => e.GetProperty("action").GetString() == "discount.approve"
            && e.GetProperty("actor").GetString() == "supervisor1" && e.GetProperty("target").GetString()!.StartsWith($"discount {id} ", StringComparison.Ordinal)
            && e.GetProperty("detail").GetString()!.Contains("8% for 3 months requested by agent3", StringComparison.Ordinal));
        Assert.DoesNotContain(stillPending.EnumerateArray(), d => d.GetProperty("id").GetInt64() == id);
    }

    [Fact]
    public async Task Goodwill_WithinAgentAuthority_AppliedAtOnceWithoutApproval()
    {
        using var agent = await fixture.ApiAsync("agent3");
        using var supervisor = await fixture.ApiAsync("supervisor1");
        var customerId = await CustomerIdAsync(agent, "+8613800000004");

        var response = await agent.PostAsJsonAsync("/api/discounts", new { customerId, percent = 5, months = 2, reason = "Late engineer visit" });
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        var pending = await supervisor.GetFromJsonAsync<JsonElement>("/api/discounts?status=Pending");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("Applied", created.GetProperty("status").GetString());
        Assert.Equal("agent3", created.GetProperty("decidedBy").GetString());
        Assert.DoesNotContain(pending.EnumerateArray(), d => d.GetProperty("id").GetInt64() == created.GetProperty("id").GetInt64());
    }

    [Fact]
    public async Task Reject_WithoutNote_Returns400AndWithNoteTellsTheAgentWhy()
    {
        await using var agentHub = await fixture.AgentAsync("agent4");
        using var agent = await fixture.ApiAsync("agent4");
        using var supervisor = await fixture.ApiAsync("supervisor1");
        var customerId = await CustomerIdAsync(agent, "+8613800000004");
        var created = await (await agent.PostAsJsonAsync("/api/discounts", new { customerId, percent = 10, months = 6, reason = "Threatens to port out" }))
            .Content.ReadFromJsonAsync<JsonElement>();
        var id = created.GetProperty("id").GetInt64();

        var bare = await supervisor.PostAsJsonAsync($"/api/discounts/{id}/reject", new { note = "" });
        var rejected = await supervisor.PostAsJsonAsync($"/api/discounts/{id}/reject", new { note = "Above the retention budget; offer MAT-4" });
        var pushed = await agentHub.NextAsync("DiscountChanged", d => d.GetProperty("id").GetInt64() == id && d.GetProperty("status").GetString() == "Rejected");
        var mine = await agent.GetFromJsonAsync<JsonElement>("/api/discounts");

        Assert.Equal(HttpStatusCode.BadRequest, bare.StatusCode);
        Assert.Equal("application/problem+json", bare.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, rejected.StatusCode);
        Assert.Equal("Above the retention budget; offer MAT-4", pushed.GetProperty("decisionNote").GetString());
        Assert.All(mine.EnumerateArray(), d => Assert.Equal("agent4", d.GetProperty("requestedBy").GetString()));
        Assert.Contains(mine.EnumerateArray(), d => d.GetProperty("id").GetInt64() == id && d.GetProperty("status").GetString() == "Rejected");
    }

    [Theory]
    [InlineData(0, 3, "reason")]
    [InlineData(101, 3, "reason")]
    [InlineData(12.345, 3, "reason")]
    [InlineData(10, 0, "reason")]
    [InlineData(10, 25, "reason")]
    [InlineData(10, 3, " ")]
    public async Task Request_BadInput_Returns400ProblemDetails(double percent, int months, string reason)
    {
        using var agent = await fixture.ApiAsync("agent5");
        var customerId = await CustomerIdAsync(agent, "+8613800000004");

        var response = await agent.PostAsJsonAsync("/api/discounts", new { customerId, percent, months, reason });
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("detail").GetString()));
    }

    [Fact]
    public async Task Request_UnknownCustomer_Returns404()
    {
        using var agent = await fixture.ApiAsync("agent5");

        var response = await agent.PostAsJsonAsync("/api/discounts", new { customerId = 999_999_999, percent = 3, months = 1, reason = "goodwill" });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Supervisor_AboveAgentAuthority_AppliesDirectlyAndIsAudited()
    {
        using var supervisor = await fixture.ApiAsync("supervisor1");
        using var admin = await fixture.ApiAsync("admin");
        var customerId = await CustomerIdAsync(supervisor, "+8613800000004");

        var response = await supervisor.PostAsJsonAsync("/api/discounts", new { customerId, percent = 10, months = 6, reason = "Escalated complaint settlement" });
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        var audit = await admin.GetFromJsonAsync<JsonElement>("/api/audit");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("Applied", created.GetProperty("status").GetString());
        Assert.Contains(audit.EnumerateArray(), e => e.GetProperty("action").GetString() == "discount.apply"
            && e.GetProperty("target").GetString()!.StartsWith($"discount {created.GetProperty("id").GetInt64()} ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AcceptedOffer_AboveAgentAuthority_WaitsForApprovalAndTheDesktopHearsTheDecision()
    {
        await using var supervisorHub = await fixture.SupervisorAsync();
        await using var agent1 = await fixture.AgentAsync("agent1");
        using var supervisor = await fixture.ApiAsync("supervisor1");
        await CustomerIdAsync(supervisor, Platinum);
        await agent1.InvokeAsync("SetStatus", NewRequestId(), "Available", null);
        var callId = await PlatinumCallsAsync();
        var pop = await agent1.NextAsync("ScreenPop", p => p.GetProperty("callId").GetString() == callId);
        var offer = pop.GetProperty("offers").EnumerateArray().First(o => o.GetProperty("discountPercent").GetDecimal() > 0);
        var offerId = offer.GetProperty("offerId").GetString()!;
        await agent1.InvokeAsync("AcceptCall", NewRequestId(), callId);

        await agent1.InvokeAsync("RecordOfferOutcome", NewRequestId(), callId, offerId, "Accepted", offer.GetProperty("scriptVersion").GetString());
        var asked = await agent1.NextAsync("DiscountChanged", d => d.GetProperty("callId").GetString() == callId);
        var pending = await supervisorHub.NextAsync("PendingDiscounts", p => p.EnumerateArray().Any(d => d.GetProperty("callId").GetString() == callId));
        var id = asked.GetProperty("id").GetInt64();
        var approved = await supervisor.PostAsJsonAsync($"/api/discounts/{id}/approve", new { note = (string?)null });
        var decided = await agent1.NextAsync("DiscountChanged", d => d.GetProperty("id").GetInt64() == id && d.GetProperty("status").GetString() == "Approved");
        await fixture.Calls.CallEndedAsync(new CallId(callId), default);
        await agent1.InvokeAsync("SetStatus", NewRequestId(), "LoggedOut", null);
        var after = await supervisor.GetFromJsonAsync<JsonElement>($"/api/customers/by-phone/{Uri.EscapeDataString(Platinum)}");

        Assert.Equal("Pending", asked.GetProperty("status").GetString());
        Assert.Equal(offerId, asked.GetProperty("offerId").GetString());
        Assert.Equal(offer.GetProperty("discountPercent").GetDecimal(), asked.GetProperty("percent").GetDecimal());
        Assert.Equal(0, asked.GetProperty("authorityPercent").GetDecimal());
        Assert.Contains(pending.EnumerateArray(), d => d.GetProperty("id").GetInt64() == id);
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        Assert.Equal("supervisor1", decided.GetProperty("decidedBy").GetString());
        // The customer now holds that discount: the profile the next pop reads does not offer it again.
        Assert.DoesNotContain(after.GetProperty("nextBestOffers").EnumerateArray(), o => o.GetProperty("offerId").GetString() == offerId);
    }

    private async Task<string> PlatinumCallsAsync()
    {
        var callId = $"{Guid.NewGuid():N}@test";
        await fixture.Calls.EnqueueAsync(new CallHandoff
        {
            CallId = new CallId(callId),
            Caller = new CallerIdentityInfo(Platinum, Platinum, "NetworkAsserted"),
            CustomerPhone = Platinum,
            Queue = "vip-desk",
        }, default);
        return callId;
    }

    [Theory]
    [InlineData("+8613800000001", "Platinum", 20, 6, 30, 12)]
    [InlineData("+8613800000002", "Gold", 15, 6, 25, 12)]
    [InlineData("+8613800000003", "Silver", 10, 3, 15, 6)]
    [InlineData("+8613800000004", "Standard", 5, 3, 10, 6)]
    public async Task Goodwill_EachTier_AgentRungAppliesAboveItWaitsAboveTheCapRefused(
        string phone, string tier, int agentPercent, int agentMonths, int capPercent, int capMonths)
    {
        using var agent = await fixture.ApiAsync("agent5");
        using var supervisor = await fixture.ApiAsync("supervisor1");
        var customerId = await CustomerIdAsync(agent, phone);
        var customer = await agent.GetFromJsonAsync<JsonElement>($"/api/customers/by-phone/{Uri.EscapeDataString(phone)}");

        // Asked while the customer holds no discount (a pending request is not in force).
        var overRung = await GrantAsync(agent, customerId, agentPercent + 1, agentMonths);
        var longerThanRung = await GrantAsync(agent, customerId, agentPercent, agentMonths + 1);
        var atCap = await GrantAsync(agent, customerId, capPercent, capMonths);
        var overCap = await GrantAsync(agent, customerId, capPercent + 1, 1);
        var tooLong = await GrantAsync(agent, customerId, 1, capMonths + 1);
        // Then the agent's rung in force: another 1 % is above the rung in all, and the cap counts the total.
        var atRung = await GrantAsync(agent, customerId, agentPercent, agentMonths);
        var onTop = await GrantAsync(agent, customerId, 1, 1);
        var onTopOverCap = await GrantAsync(agent, customerId, capPercent - agentPercent + 1, 1);
        var approveAtCap = await supervisor.PostAsJsonAsync($"/api/discounts/{atCap.GetProperty("id").GetInt64()}/approve", new { note = (string?)null });
        var approveProblem = await approveAtCap.Content.ReadFromJsonAsync<JsonElement>();
        var pending = await supervisor.GetFromJsonAsync<JsonElement>("/api/discounts?status=Pending");

        Assert.Equal(tier, customer.GetProperty("tier").GetString());
        Assert.Equal("Pending", overRung.GetProperty("status").GetString());
        Assert.Equal(agentPercent, overRung.GetProperty("authorityPercent").GetDecimal());
        Assert.Equal("Pending", longerThanRung.GetProperty("status").GetString());
        Assert.Equal("Pending", atCap.GetProperty("status").GetString());
        Assert.Equal("discount.tierCap", overCap.GetProperty("code").GetString());
        Assert.Contains($"{tier} cap of {capPercent}%", overCap.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("discount.months", tooLong.GetProperty("code").GetString());
        Assert.Equal("Applied", atRung.GetProperty("status").GetString());
        Assert.Equal("Pending", onTop.GetProperty("status").GetString());
        Assert.Equal("discount.tierCap", onTopOverCap.GetProperty("code").GetString());
        Assert.Contains($"on top of the {agentPercent}% in force ({capPercent + 1}% in all)", onTopOverCap.GetProperty("detail").GetString(), StringComparison.Ordinal);
        // The cap request waited while the rung was granted: approving it now would pass the cap, so it stays pending.
        Assert.Equal(HttpStatusCode.BadRequest, approveAtCap.StatusCode);
        Assert.Equal("discount.tierCap", approveProblem.GetProperty("code").GetString());
        Assert.Contains(pending.EnumerateArray(), d => d.GetProperty("id").GetInt64() == atCap.GetProperty("id").GetInt64()
            && d.GetProperty("customerInForcePercent").GetDecimal() == agentPercent);
    }

    [Fact]
    public async Task Goodwill_SupervisorAboveTheTierCap_RefusedToo()
    {
        using var supervisor = await fixture.ApiAsync("supervisor1");
        var customerId = await CustomerIdAsync(supervisor, "+8613800000004");

        var response = await supervisor.PostAsJsonAsync("/api/discounts", new { customerId, percent = 50, months = 24, reason = "Make them stay" });
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("discount.tierCap", problem.GetProperty("code").GetString());
    }

    [Fact]
    public async Task Goodwill_UnprofitableCustomer_RefusedNamingTheRuleByRestAndHub()
    {
        await using var agentHub = await fixture.AgentAsync("agent5");
        using var agent = await fixture.ApiAsync("agent5");
        long customerId;
        using (var scope = fixture.Services.CreateScope())
        {
            // A customer whose bills cost more to serve than they bring in: no paid incentives (§2.7).
            var db = scope.ServiceProvider.GetRequiredService<ContactCenterDbContext>();
            customerId = await db.Customers.Where(c => c.Status == TelecomContactCenter.Core.Customers.AccountStatus.Active).OrderByDescending(c => c.Id).Select(c => c.Id).FirstAsync();
            await db.MonthlyBills.Where(b => b.CustomerId == customerId).ExecuteUpdateAsync(u => u.SetProperty(b => b.CostToServe, b => b.Amount + 5));
        }

        var rest = await agent.PostAsJsonAsync("/api/discounts", new { customerId, percent = 1, months = 1, reason = "Late bill" });
        var problem = await rest.Content.ReadFromJsonAsync<JsonElement>();
        var hub = await Assert.ThrowsAsync<HubException>(() => agentHub.InvokeAsync(
            "RequestDiscount", NewRequestId(), new { customerId, percent = 1, months = 1, reason = "Late bill" }));

        Assert.Equal(HttpStatusCode.BadRequest, rest.StatusCode);
        Assert.Equal("discount.unprofitable", problem.GetProperty("code").GetString());
        Assert.Contains("[discount.unprofitable] ", hub.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Goodwill_ThroughTheHub_WithinTheRungAppliedAboveItPendingOverTheCapRefused()
    {
        await using var agentHub = await fixture.AgentAsync("agent5");
        using var agent = await fixture.ApiAsync("agent5");
        var customerId = await CustomerIdAsync(agent, "+8613800000003");

        var pending = await agentHub.InvokeAsync("RequestDiscount", NewRequestId(), new { customerId, percent = 12, months = 3, reason = "Outage, second week" });
        var applied = await agentHub.InvokeAsync("RequestDiscount", NewRequestId(), new { customerId, percent = 10, months = 3, reason = "Outage" });
        var overCap = await Assert.ThrowsAsync<HubException>(() => agentHub.InvokeAsync(
            "RequestDiscount", NewRequestId(), new { customerId, percent = 16, months = 3, reason = "Outage" }));
        var tooLong = await Assert.ThrowsAsync<HubException>(() => agentHub.InvokeAsync(
            "RequestDiscount", NewRequestId(), new { customerId, percent = 5, months = 7, reason = "Outage" }));

        Assert.Equal("Applied", applied.GetProperty("status").GetString());
        Assert.Equal("Pending", pending.GetProperty("status").GetString());
        Assert.Contains("[discount.tierCap] ", overCap.Message, StringComparison.Ordinal);
        Assert.Contains("[discount.months] ", tooLong.Message, StringComparison.Ordinal);
    }

    private static async Task<JsonElement> GrantAsync(HttpClient client, long customerId, decimal percent, int months) =>
        await (await client.PostAsJsonAsync("/api/discounts", new { customerId, percent, months, reason = "Network outage compensation" }))
            .Content.ReadFromJsonAsync<JsonElement>();

    /// <summary>
    /// The customer's id, after taking away every discount earlier tests gave them (and evaluating their profile
    /// again), since discounts in force count towards the ladder.
    /// </summary>
    private async Task<long> CustomerIdAsync(HttpClient client, string phone)
    {
        var customerId = (await client.GetFromJsonAsync<JsonElement>($"/api/customers/by-phone/{Uri.EscapeDataString(phone)}")).GetProperty("customerId").GetInt64();
        using var scope = fixture.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<ContactCenterDbContext>().Set<DiscountRequest>().Where(d => d.CustomerId == customerId).ExecuteDeleteAsync();
        await scope.ServiceProvider.GetRequiredService<ProfileEvaluator>().EvaluateCustomerAsync(customerId, default);
        return customerId;
    }

    private static string NewRequestId() => Guid.NewGuid().ToString("N");
}
