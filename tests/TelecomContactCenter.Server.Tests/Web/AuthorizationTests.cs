using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TelecomContactCenter.Server.Tests.Infrastructure;

namespace TelecomContactCenter.Server.Tests.Web;

public sealed class AuthorizationTests(SqliteServerFixture fixture) : IClassFixture<SqliteServerFixture>
{
    [Theory]
    [InlineData("GET", "/api/complaints")]
    [InlineData("GET", "/api/interactions?caller=%2B8613800000001")]
    [InlineData("GET", "/api/discounts")]
    [InlineData("POST", "/api/discounts/1/approve")]
    [InlineData("POST", "/hubs/agent/negotiate?negotiateVersion=1")]
    [InlineData("POST", "/hubs/supervisor/negotiate?negotiateVersion=1")]
    public async Task Request_Anonymous_Returns401(string method, string path)
    {
        var client = fixture.Factory.CreateClient();

        var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("/api/export/complaints.csv?from=2026-10-01T00:00:00Z&to=2026-12-01T00:00:00Z")]
    [InlineData("/api/export/interactions.csv?from=2026-10-01T00:00:00Z&to=2026-12-01T00:00:00Z")]
    [InlineData("/api/audit")]
    public async Task SupervisorEndpoint_Agent_Returns403(string path)
    {
        var agent = await fixture.ClientForAsync("agent3");

        var response = await agent.GetAsync(path);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task NegotiateSupervisorHub_Agent_Returns403()
    {
        var agent = await fixture.ClientForAsync("agent3");

        var response = await agent.PostAsync("/hubs/supervisor/negotiate?negotiateVersion=1", null);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task GetComplaint_OwnedByAnotherAgent_Returns404ButOwnerAndSupervisorSeeIt()
    {
        var supervisor = await fixture.ClientForAsync("supervisor1");
        var owned = await supervisor.GetFromJsonAsync<JsonElement>("/api/complaints?owner=agent1&limit=1");
        var id = owned[0].GetProperty("id").GetGuid();
        var agent1 = await fixture.ClientForAsync("agent1");
        var agent2 = await fixture.ClientForAsync("agent2");

        var byOther = await agent2.GetAsync($"/api/complaints/{id}");
        var triggerByOther = await agent2.PostAsJsonAsync($"/api/complaints/{id}/triggers", new { trigger = "Withdraw" });
        var byOwner = await agent1.GetAsync($"/api/complaints/{id}");
        var bySupervisor = await supervisor.GetAsync($"/api/complaints/{id}");

        Assert.Equal(HttpStatusCode.NotFound, byOther.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, triggerByOther.StatusCode);
        Assert.Equal(HttpStatusCode.OK, byOwner.StatusCode);
        Assert.Equal(HttpStatusCode.OK, bySupervisor.StatusCode);
    }

    [Fact]
    public async Task ListComplaints_Agent_ReturnsOnlyTheirOwnEvenWhenAskingForAnother()
    {
        var agent = await fixture.ClientForAsync("agent1");

        var complaints = await agent.GetFromJsonAsync<JsonElement>("/api/complaints?owner=agent2&limit=500");

        Assert.NotEqual(0, complaints.GetArrayLength());
        Assert.All(complaints.EnumerateArray(), c => Assert.Equal("agent1", c.GetProperty("owner").GetString()));
    }
}
