using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TelecomContactCenter.Server.Data;

namespace TelecomContactCenter.Server.Tests.Hubs;

/// <summary>Hub methods keep the same field limits as the REST API: refused before the method runs, nothing stored.</summary>
public sealed class HubRequestLimitsTests(HubServerFixture fixture) : IClassFixture<HubServerFixture>
{
    [Fact]
    public async Task CreateComplaint_OversizedSummary_IsRefusedNamingTheFieldAndNotStored()
    {
        await using var agent1 = await fixture.AgentAsync("agent1");
        var before = await CountComplaintsAsync();

        var error = await Assert.ThrowsAsync<HubException>(() => agent1.InvokeAsync("CreateComplaint", "limits-1",
            new { customerId = 1, category = "BILL", summary = new string('x', 10_000) }));

        Assert.Contains("summary", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, await CountComplaintsAsync());
    }

    [Fact]
    public async Task RecordOfferOutcome_ScriptVersionWithALineBreak_IsRefusedNamingTheArgument()
    {
        await using var agent1 = await fixture.AgentAsync("agent1");

        var error = await Assert.ThrowsAsync<HubException>(() => agent1.InvokeAsync("RecordOfferOutcome", "limits-2",
            "no-such-call", "ACQ-1", "Accepted", "2026.11.1\nforged"));

        Assert.Contains("scriptVersion", error.Message, StringComparison.Ordinal);
    }

    private async Task<int> CountComplaintsAsync()
    {
        await using var scope = fixture.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ContactCenterDbContext>().Complaints.CountAsync();
    }
}
