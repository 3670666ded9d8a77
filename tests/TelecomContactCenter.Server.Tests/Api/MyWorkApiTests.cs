using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TelecomContactCenter.Server.Tests.Infrastructure;

namespace TelecomContactCenter.Server.Tests.Api;

/// <summary>GET /api/me/work: the agent's own open complaints in the order they fall due, and nothing finished.</summary>
public sealed class MyWorkApiTests(SqliteServerFixture fixture) : IClassFixture<SqliteServerFixture>
{
    [Fact]
    public async Task MyWork_ComplaintsOfTwoTiers_SoonestDueFirstWithBandsAndWithdrawnLeftOut()
    {
        var client = await fixture.ClientForAsync("agent3");
        var silver = await CreateAsync(client, "+8613800000003", "BILL");
        var platinum = await CreateAsync(client, "+8613800000001", "NET");
        var withdrawn = await CreateAsync(client, "+8613800000004", "PAY");
        var response = await client.PostAsJsonAsync($"/api/complaints/{withdrawn}/triggers", new { trigger = "Withdraw", reason = "customer changed their mind" });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());

        var work = await client.GetFromJsonAsync<JsonElement>("/api/me/work");

        var complaints = work.GetProperty("complaints").EnumerateArray().ToList();
        var ids = complaints.Select(c => c.GetProperty("id").GetGuid()).ToList();
        Assert.Contains(silver, ids);
        Assert.Contains(platinum, ids);
        Assert.DoesNotContain(withdrawn, ids);
        // The Platinum customer's SLA is the shorter one: opened later, it is due sooner and comes first.
        Assert.True(ids.IndexOf(platinum) < ids.IndexOf(silver), string.Join(", ", ids));
        var dues = complaints.Select(c => c.GetProperty("sla").GetProperty("dueAt")).Where(d => d.ValueKind == JsonValueKind.String)
            .Select(d => d.GetDateTimeOffset()).ToList();
        Assert.Equal(dues.Order(), dues);
        var first = complaints[ids.IndexOf(platinum)];
        Assert.Equal("OnTrack", first.GetProperty("sla").GetProperty("band").GetString());
        Assert.False(string.IsNullOrEmpty(first.GetProperty("customerName").GetString()));
        Assert.Equal(JsonValueKind.Array, work.GetProperty("callbacks").ValueKind);
        Assert.Equal(JsonValueKind.Array, work.GetProperty("discounts").ValueKind);
    }

    [Fact]
    public async Task MyWork_AnotherAgentsComplaint_IsNotInMine()
    {
        var other = await fixture.ClientForAsync("agent2");
        var theirs = await CreateAsync(other, "+8613800000003", "ENC");
        var client = await fixture.ClientForAsync("agent3");

        var work = await client.GetFromJsonAsync<JsonElement>("/api/me/work");

        Assert.DoesNotContain(theirs, work.GetProperty("complaints").EnumerateArray().Select(c => c.GetProperty("id").GetGuid()));
    }

    private static async Task<Guid> CreateAsync(HttpClient client, string phone, string category)
    {
        var response = await client.PostAsJsonAsync("/api/complaints",
            new { customerPhone = phone, category, severity = "Medium", summary = "My-work test" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }
}
