using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TelecomContactCenter.Server.Tests.Infrastructure;

namespace TelecomContactCenter.Server.Tests.Api;

/// <summary>Next-best offers and outcome recording through HTTP; run once per database provider.</summary>
public abstract class OfferApiTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : ServerFixture
{
    [Theory]
    [InlineData("+8613800000002", "DEC-")]
    [InlineData("+8613800000004", "ACQ-")]
    [InlineData("+8613800000005", "CHN-")]
    public async Task NextBest_FixedCustomer_PrimaryOfferMatchesTheStage(string phone, string offerPrefix)
    {
        var client = await fixture.ClientForAsync("agent2");
        var customerId = await CustomerIdAsync(client, phone);

        var offers = await client.GetFromJsonAsync<JsonElement>($"/api/offers/next-best/{customerId}");

        var list = offers.GetProperty("offers").EnumerateArray().ToList();
        Assert.InRange(list.Count, 1, 3);
        var primary = Assert.Single(list, o => o.GetProperty("isPrimary").GetBoolean());
        Assert.StartsWith(offerPrefix, primary.GetProperty("offerId").GetString());
        Assert.Equal(offers.GetProperty("catalogueVersion").GetString(), primary.GetProperty("scriptVersion").GetString());
        foreach (var offer in list)
        {
            Assert.Empty(offer.GetProperty("missingSlots").EnumerateArray());
            var scripts = offer.GetProperty("scripts");
            Assert.Equal(offer.GetProperty("script").GetString(), scripts.GetProperty("en").GetString());
            Assert.DoesNotContain("{", scripts.GetProperty("en").GetString(), StringComparison.Ordinal);
            Assert.DoesNotContain("{", scripts.GetProperty("zh-CN").GetString(), StringComparison.Ordinal);
            Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", scripts.GetProperty("zh-CN").GetString());
        }
    }

    [Fact]
    public async Task RecordOutcome_AcceptedOffer_Returns201WithTheAgent()
    {
        var client = await fixture.ClientForAsync("agent2");
        var customerId = await CustomerIdAsync(client, "+8613800000002");
        var offers = await client.GetFromJsonAsync<JsonElement>($"/api/offers/next-best/{customerId}");
        var primary = offers.GetProperty("offers")[0];

        var response = await client.PostAsJsonAsync("/api/offers/outcomes", new
        {
            customerId,
            offerId = primary.GetProperty("offerId").GetString(),
            scriptVersion = primary.GetProperty("scriptVersion").GetString(),
            outcome = "Accepted",
        });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var outcome = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("agent2", outcome.GetProperty("agent").GetString());
        Assert.Equal("Accepted", outcome.GetProperty("outcome").GetString());
    }

    [Theory]
    [InlineData("NOPE-1", "Accepted")]
    [InlineData("ACQ-1", "Maybe")]
    public async Task RecordOutcome_UnknownOfferOrOutcome_Returns400ProblemDetails(string offerId, string outcome)
    {
        var client = await fixture.ClientForAsync("agent2");
        var customerId = await CustomerIdAsync(client, "+8613800000004");

        var response = await client.PostAsJsonAsync("/api/offers/outcomes", new { customerId, offerId, scriptVersion = "1", outcome });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private static async Task<long> CustomerIdAsync(HttpClient client, string phone) =>
        (await client.GetFromJsonAsync<JsonElement>($"/api/customers/by-phone/{Uri.EscapeDataString(phone)}"))
            .GetProperty("customerId").GetInt64();
}

public sealed class SqliteOfferApiTests(SqliteServerFixture fixture) : OfferApiTests<SqliteServerFixture>(fixture);

public sealed class PostgresOfferApiTests(PostgresServerFixture fixture) : OfferApiTests<PostgresServerFixture>(fixture);
