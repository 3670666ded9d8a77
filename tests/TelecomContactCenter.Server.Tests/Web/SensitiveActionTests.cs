using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TelecomContactCenter.Server.Tests.Infrastructure;

namespace TelecomContactCenter.Server.Tests.Web;

public sealed class SensitiveActionTests(SqliteServerFixture fixture) : IClassFixture<SqliteServerFixture>
{
    [Fact]
    public async Task Reassign_BySupervisor_IsInTheAuditLogAdminsRead()
    {
        var supervisor = await fixture.ClientForAsync("supervisor1");
        var admin = await fixture.ClientForAsync("admin");
        var complaint = (await supervisor.GetFromJsonAsync<JsonElement>("/api/complaints?limit=500")).EnumerateArray()
            .First(c => c.GetProperty("owner").GetString() is not ("agent1" or "agent2"));
        var id = complaint.GetProperty("id").GetGuid();

        var reassigned = await supervisor.PostAsJsonAsync($"/api/complaints/{id}/reassign",
            new { newOwner = "agent2", reason = "owner on leave", version = complaint.GetProperty("version").GetInt64() });
        var audit = await admin.GetFromJsonAsync<JsonElement>("/api/audit");

        Assert.Equal(HttpStatusCode.OK, reassigned.StatusCode);
        Assert.Contains(audit.EnumerateArray(), e =>
            e.GetProperty("action").GetString() == "complaint.reassign" && e.GetProperty("target").GetString() == id.ToString()
            && e.GetProperty("actor").GetString() == "supervisor1");
    }

    [Fact]
    public async Task TierOverride_BySupervisor_ChangesTheProfileAtOnceAndIsAudited()
    {
        var supervisor = await fixture.ClientForAsync("supervisor1");
        var admin = await fixture.ClientForAsync("admin");
        var before = await supervisor.GetFromJsonAsync<JsonElement>("/api/customers/by-phone/%2B8613800000004");
        var id = before.GetProperty("customerId").GetInt64();

        var response = await supervisor.PostAsJsonAsync($"/api/customers/{id}/tier-override",
            new { tier = "Gold", reason = "Enterprise pilot contact", expiresOn = "2026-12-31" });
        var after = await supervisor.GetFromJsonAsync<JsonElement>("/api/customers/by-phone/%2B8613800000004");
        var audit = await admin.GetFromJsonAsync<JsonElement>("/api/audit");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Standard", before.GetProperty("tier").GetString());
        Assert.Equal("Gold", after.GetProperty("tier").GetString());
        Assert.Contains(audit.EnumerateArray(), e =>
            e.GetProperty("action").GetString() == "customer.tier-override" && e.GetProperty("target").GetString() == id.ToString()
            && e.GetProperty("actor").GetString() == "supervisor1");
    }

    [Fact]
    public async Task TierOverride_ByAgent_Returns403AndLeavesTheTier()
    {
        var agent = await fixture.ClientForAsync("agent1");
        var id = (await agent.GetFromJsonAsync<JsonElement>("/api/customers/by-phone/%2B8613800000005")).GetProperty("customerId").GetInt64();

        var response = await agent.PostAsJsonAsync($"/api/customers/{id}/tier-override",
            new { tier = "Platinum", reason = "friend of mine", expiresOn = "2026-12-31" });
        var after = await agent.GetFromJsonAsync<JsonElement>("/api/customers/by-phone/%2B8613800000005");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("Standard", after.GetProperty("tier").GetString());
    }

    [Fact]
    public async Task TierOverride_ExpiryBeyondTheAllowedMonths_Returns400()
    {
        var supervisor = await fixture.ClientForAsync("supervisor1");
        var id = (await supervisor.GetFromJsonAsync<JsonElement>("/api/customers/by-phone/%2B8613800000003")).GetProperty("customerId").GetInt64();

        var response = await supervisor.PostAsJsonAsync($"/api/customers/{id}/tier-override",
            new { tier = "Gold", reason = "open-ended", expiresOn = "2030-01-01" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
