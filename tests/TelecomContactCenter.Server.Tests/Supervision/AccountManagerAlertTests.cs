using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TelecomContactCenter.Server.Data;
using TelecomContactCenter.Server.Supervision;
using TelecomContactCenter.Server.Tests.Hubs;

namespace TelecomContactCenter.Server.Tests.Supervision;

/// <summary>
/// Alert points by tier and the account manager's share of them, on the host's manual clock: the Platinum demo
/// customer's manager is agent2, a demo agent on the agent hub; the Silver demo customer has no manager.
/// </summary>
public sealed class AccountManagerAlertTests(HubServerFixture fixture) : IClassFixture<HubServerFixture>
{
    [Fact]
    public async Task Scan_PlatinumAndSilverComplaintsRunPastTheirSla_AlertAtTheTierPointsAndTellTheAccountManager()
    {
        await using var supervisor = await fixture.SupervisorAsync();
        await using var agent1 = await fixture.AgentAsync("agent1");
        await using var agent2 = await fixture.AgentAsync("agent2");
        var platinum = await CreateComplaintAsync(agent1, "+8613800000001");
        var silver = await CreateComplaintAsync(agent1, "+8613800000003");
        var monitor = fixture.Services.GetRequiredService<SlaMonitor>();

        await monitor.ScanAsync(default);
        var opened = await agent2.NextAsync("SlaAlert", a => Is(a, platinum, 0), TimeSpan.FromSeconds(20));
        // Monday 14:00 Beijing + 3 days passes both SLAs (4 and 18 business hours).
        fixture.Clock.Advance(TimeSpan.FromDays(3));
        await monitor.ScanAsync(default);
        var breach = await agent2.NextAsync("SlaAlert", a => Is(a, platinum, 100), TimeSpan.FromSeconds(20));
        var silverBreach = await supervisor.NextAsync("SlaAlert", a => Is(a, silver, 100), TimeSpan.FromSeconds(20));
        var toManagerAboutSilver = agent2.Drain("SlaAlert").Where(a => Is(a, silver, null));
        var platinumPoints = await ThresholdsAsync(platinum);
        var silverPoints = await ThresholdsAsync(silver);

        Assert.Contains("Platinum complaint opened", opened.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal([0, 50, 100], platinumPoints);
        Assert.Equal([75, 100], silverPoints);
        Assert.Equal("Platinum", breach.GetProperty("tier").GetString());
        Assert.Equal("Silver", silverBreach.GetProperty("tier").GetString());
        Assert.Empty(toManagerAboutSilver);
    }

    [Fact]
    public async Task Create_PlatinumComplaintByRest_AccountManagerToldAtOnceWithoutAScan()
    {
        await using var agent2 = await fixture.AgentAsync("agent2");
        using var api = await fixture.ApiAsync("agent3");

        var response = await api.PostAsJsonAsync("/api/complaints", new { customerPhone = "+8613800000001", category = "PROV", summary = "Line not moved" });
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var opened = await agent2.NextAsync("SlaAlert", a => Is(a, id, 0), TimeSpan.FromSeconds(20));

        Assert.Equal("agent3", opened.GetProperty("owner").GetString());
        Assert.Contains("Platinum complaint opened", opened.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var thresholds = await ThresholdsAsync(id);
        Assert.Equal([0], thresholds);
    }

    [Fact]
    public async Task Scan_BreachedComplaintsNobodyWorked_EscalatedWhetherOpenedOnTheHubOrByRest()
    {
        await using var agent1 = await fixture.AgentAsync("agent1");
        var monitor = fixture.Services.GetRequiredService<SlaMonitor>();
        var byHub = await CreateComplaintAsync(agent1, "+8613800000001", "ENC");
        string byRest;
        using (var before = await fixture.ApiAsync("agent1"))
        {
            var response = await before.PostAsJsonAsync("/api/complaints", new { customerPhone = "+8613800000001", category = "INCONV", summary = "Shop closed early" });
            byRest = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        }

        // Eight hours from 14:00 Beijing pass the Platinum SLA of 4 business hours on any weekday.
        fixture.Clock.Advance(TimeSpan.FromHours(8));
        await monitor.ScanAsync(default);
        List<SlaAlertRecord> breaches;
        await using (var scope = fixture.Services.CreateAsyncScope())
        {
            // The scan on the clock's tick or the one above: whichever ran first raised the breach once.
            var db = scope.ServiceProvider.GetRequiredService<ContactCenterDbContext>();
            breaches = await db.Set<SlaAlertRecord>().AsNoTracking()
                .Where(a => (a.ComplaintId == byHub || a.ComplaintId == byRest) && a.Threshold == 100).ToListAsync();
        }

        using var api = await fixture.ApiAsync("agent1");
        var hubView = await api.GetFromJsonAsync<JsonElement>($"/api/complaints/{byHub}");
        var restView = await api.GetFromJsonAsync<JsonElement>($"/api/complaints/{byRest}");
        var hubAudit = await api.GetFromJsonAsync<JsonElement>($"/api/complaints/{byHub}/audit");

        Assert.Equal("EscalatedBackOffice", hubView.GetProperty("state").GetString());
        Assert.Equal("EscalatedBackOffice", restView.GetProperty("state").GetString());
        Assert.All(new[] { byHub, byRest }, id => Assert.Contains(breaches, a => a.ComplaintId == id && a.Escalated
            && a.Detail.Contains("big-customer", StringComparison.Ordinal)));
        Assert.Contains(hubAudit.EnumerateArray(), e => e.GetProperty("actor").GetString() == SlaMonitor.Actor && e.GetProperty("trigger").GetString() == "StartWork");
    }

    private static bool Is(JsonElement alert, string complaintId, int? threshold) =>
        alert.GetProperty("complaintId").GetString() == complaintId && (threshold is null || alert.GetProperty("threshold").GetInt32() == threshold);

    private async Task<int[]> ThresholdsAsync(string complaintId)
    {
        await using var scope = fixture.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ContactCenterDbContext>();
        return await db.Set<SlaAlertRecord>().Where(a => a.ComplaintId == complaintId).Select(a => a.Threshold).OrderBy(t => t).ToArrayAsync();
    }

    private async Task<string> CreateComplaintAsync(HubTestClient agent, string phone, string category = "BILL")
    {
        using var api = await fixture.ApiAsync("agent1");
        var customer = await api.GetFromJsonAsync<JsonElement>($"/api/customers/by-phone/{Uri.EscapeDataString(phone)}");
        var complaint = await agent.InvokeAsync("CreateComplaint", Guid.NewGuid().ToString("N"), new
        {
            customerId = customer.GetProperty("customerId").GetInt64(),
            category,
            summary = "Charged twice for roaming",
        });
        return complaint.GetProperty("id").GetString()!;
    }
}
