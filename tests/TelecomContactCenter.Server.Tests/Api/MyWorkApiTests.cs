using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TelecomContactCenter.Server.Tests.Infrastructure;

namespace TelecomContactCenter.Server.Tests.Api;

/// <summary>
/// GET /api/me/work: the agent's own open complaints in the order they fall due, and nothing finished; GET
/// /api/customers/{id}/offer-history: what the 360 shows of the customer's discounts and offer outcomes.
/// </summary>
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

    [Fact]
    public async Task OfferHistory_OutcomeAndGrantedDiscount_ShownNewestFirstWithTheDiscountActiveUntilItsMonthsEnd()
    {
        var client = await fixture.ClientForAsync("agent3");
        var customer = await client.GetFromJsonAsync<JsonElement>($"/api/customers/by-phone/{Uri.EscapeDataString("+8613800000005")}");
        var customerId = customer.GetProperty("customerId").GetInt64();
        var scriptVersion = TelecomContactCenter.Core.Offers.OfferCatalogue.LoadEmbedded().Version;
        foreach (var (offer, outcome) in new[] { ("MAT-4", "Accepted"), ("MAT-1", "Declined") })
        {
            var recorded = await client.PostAsJsonAsync("/api/offers/outcomes", new { customerId, offerId = offer, scriptVersion, outcome });
            Assert.True(recorded.IsSuccessStatusCode, await recorded.Content.ReadAsStringAsync());
            fixture.Clock.Advance(TimeSpan.FromMinutes(1));
        }

        var granted = await client.PostAsJsonAsync("/api/discounts", new { customerId, percent = 2, months = 3, reason = "Goodwill for a dropped call" });
        Assert.True(granted.IsSuccessStatusCode, await granted.Content.ReadAsStringAsync());

        var history = await client.GetFromJsonAsync<JsonElement>($"/api/customers/{customerId}/offer-history");

        var outcomes = history.GetProperty("recentOutcomes").EnumerateArray().ToList();
        Assert.Equal(("MAT-1", "Declined"), (outcomes[0].GetProperty("offerId").GetString(), outcomes[0].GetProperty("outcome").GetString()));
        Assert.Equal("MAT-4", outcomes[1].GetProperty("offerId").GetString());
        Assert.Equal("agent3", outcomes[0].GetProperty("agent").GetString());
        var discount = Assert.Single(history.GetProperty("activeDiscounts").EnumerateArray(), d => d.GetProperty("percent").GetDecimal() == 2);
        Assert.Equal(discount.GetProperty("from").GetDateTimeOffset().AddMonths(3), discount.GetProperty("until").GetDateTimeOffset());
    }

    /// <summary>Opens a complaint as the signed-in <paramref name="client"/>; the new id.</summary>
    internal static async Task<Guid> CreateAsync(HttpClient client, string phone, string category)
    {
        var response = await client.PostAsJsonAsync("/api/complaints",
            new { customerPhone = phone, category, severity = "Medium", summary = "My-work test" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }
}
