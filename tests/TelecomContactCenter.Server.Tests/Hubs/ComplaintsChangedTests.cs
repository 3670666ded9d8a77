using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace TelecomContactCenter.Server.Tests.Hubs;

/// <summary>
/// A wallboard hears of every complaint opened or changed (here opened by an agent, then reassigned by a supervisor),
/// so its at-risk table and open count follow the floor without a reload; the agent who loses the complaint and the
/// one who gets it hear it too, so both work lists change at once.
/// </summary>
public sealed class ComplaintsChangedTests(HubServerFixture fixture) : IClassFixture<HubServerFixture>
{
    [Fact]
    public async Task ComplaintOpenedThenReassigned_EveryWallboardIsToldBothTimes()
    {
        await using var board = await fixture.SupervisorAsync();
        await using var from = await fixture.AgentAsync("agent2");
        await using var to = await fixture.AgentAsync("agent3");
        using var agent = await fixture.ApiAsync("agent2");
        using var supervisor = await fixture.ApiAsync("supervisor1");

        var created = await agent.PostAsJsonAsync("/api/complaints",
            new { customerPhone = "+8613800000003", category = "NET", severity = "Medium", summary = "家里没有信号" });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        var opened = await board.NextAsync("ComplaintsChanged", p => p.GetString() == id);
        await from.NextAsync("WorkChanged", p => p.GetString() == id); // agent2 opened it: their own list changed
        var reassigned = await supervisor.PostAsJsonAsync($"/api/complaints/{id}/reassign", new { newOwner = "agent3", reason = "agent2 off sick" });
        var changed = await board.NextAsync("ComplaintsChanged", p => p.GetString() == id);
        var lost = await from.NextAsync("WorkChanged", p => p.GetString() == id);
        var gained = await to.NextAsync("WorkChanged", p => p.GetString() == id);
        var work = await (await fixture.ApiAsync("agent3")).GetFromJsonAsync<JsonElement>("/api/me/work");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.True(reassigned.IsSuccessStatusCode, await reassigned.Content.ReadAsStringAsync());
        Assert.Equal(id, opened.GetString());
        Assert.Equal(id, changed.GetString());
        Assert.Equal((id, id), (lost.GetString(), gained.GetString()));
        Assert.Contains(work.GetProperty("complaints").EnumerateArray(), c => c.GetProperty("id").GetString() == id);
    }
}
