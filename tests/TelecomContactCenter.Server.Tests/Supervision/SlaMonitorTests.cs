using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using TelecomContactCenter.Server.Supervision;
using TelecomContactCenter.Server.Tests.Hubs;

namespace TelecomContactCenter.Server.Tests.Supervision;

/// <summary>The SLA monitor on the host's manual clock, observed through the supervisor and agent hubs.</summary>
public sealed class SlaMonitorTests(HubServerFixture fixture) : IClassFixture<HubServerFixture>
{
    private const string Platinum = "+8613800000001";

    [Fact]
    public async Task Scan_PlatinumComplaintHalfwayThroughItsSla_AlertsSupervisorAndOwnerOnce()
    {
        await using var supervisor = await fixture.SupervisorAsync();
        await using var agent1 = await fixture.AgentAsync("agent1");
        var complaint = await CreateComplaintAsync(agent1, Guid.NewGuid().ToString("N"));
        var id = complaint.GetProperty("id").GetString();

        // Platinum non-fault: 4 business hours from 14:00 Beijing, so 50% falls at 16:00.
        fixture.Clock.Advance(TimeSpan.FromHours(2) + TimeSpan.FromMinutes(1));
        var toSupervisor = await supervisor.NextAsync("SlaAlert", a => a.GetProperty("complaintId").GetString() == id, TimeSpan.FromSeconds(20));
        var toOwner = await agent1.NextAsync("SlaAlert", a => a.GetProperty("complaintId").GetString() == id, TimeSpan.FromSeconds(20));
        var again = await fixture.Services.GetRequiredService<SlaMonitor>().ScanAsync(default);

        Assert.Equal(50, toSupervisor.GetProperty("threshold").GetInt32());
        Assert.Equal("Warning50", toSupervisor.GetProperty("band").GetString());
        Assert.False(toSupervisor.GetProperty("escalated").GetBoolean());
        Assert.Equal(50, toOwner.GetProperty("threshold").GetInt32());
        Assert.DoesNotContain(again, a => a.ComplaintId.ToString() == id);
    }

    [Fact]
    public async Task CreateComplaint_SameRequestIdTwice_OpensOneComplaintOwnedByTheAgent()
    {
        await using var agent3 = await fixture.AgentAsync("agent3");
        var requestId = Guid.NewGuid().ToString("N");

        var first = await CreateComplaintAsync(agent3, requestId, "PAY");
        var second = await CreateComplaintAsync(agent3, requestId, "PAY");

        Assert.Equal(first.GetProperty("id").GetString(), second.GetProperty("id").GetString());
        Assert.Equal("agent3", first.GetProperty("owner").GetString());
    }

    /// <summary>One category per test: a second open complaint of a category for the customer is refused as a duplicate.</summary>
    private async Task<JsonElement> CreateComplaintAsync(HubTestClient agent, string requestId, string category = "BILL")
    {
        using var api = await fixture.ApiAsync("agent1");
        var customer = await api.GetFromJsonAsync<JsonElement>($"/api/customers/by-phone/{Uri.EscapeDataString(Platinum)}");
        return await agent.InvokeAsync("CreateComplaint", requestId, new
        {
            customerId = customer.GetProperty("customerId").GetInt64(),
            category,
            summary = "Charged twice for roaming",
        });
    }
}
