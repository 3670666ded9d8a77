using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TelecomContactCenter.Server.Tests.Infrastructure;

namespace TelecomContactCenter.Server.Tests.Api;

/// <summary>The wallboard's reads page through everything and refuse what they will not honour instead of cutting it.</summary>
public sealed class WallboardApiTests(SqliteServerFixture fixture) : IClassFixture<SqliteServerFixture>
{
    private static readonly HashSet<string> Terminal = ["Closed", "Withdrawn", "Merged"];

    [Fact]
    public async Task AtRisk_PagesOfThree_CoverEveryOpenComplaintOnceAndCountThemAll()
    {
        var supervisor = await fixture.ClientForAsync("supervisor1");
        var open = (await supervisor.GetFromJsonAsync<JsonElement>("/api/complaints?limit=500")).EnumerateArray()
            .Where(c => !Terminal.Contains(c.GetProperty("state").GetString()!)).Select(c => c.GetProperty("id").GetString()).ToHashSet();

        var seen = new List<string?>();
        var rows = new List<JsonElement>();
        for (var page = 1; ; page++)
        {
            var body = await supervisor.GetFromJsonAsync<JsonElement>($"/api/wallboard/at-risk?page={page}&pageSize=3");
            Assert.Equal(open.Count, body.GetProperty("total").GetInt32());
            var items = body.GetProperty("items").EnumerateArray().ToList();
            if (items.Count == 0)
            {
                break;
            }

            Assert.All(items, i => Assert.False(string.IsNullOrEmpty(i.GetProperty("customerName").GetString())));
            seen.AddRange(items.Select(i => i.GetProperty("id").GetString()));
            rows.AddRange(items);
        }

        Assert.True(open.Count > 3, $"{open.Count} open demo complaints");
        Assert.Equal(open.Order(), seen.Order());

        // A breached row says when it breached (never in the future); a running one when it falls due.
        var now = fixture.Clock.GetUtcNow();
        Assert.Contains(rows, r => r.GetProperty("isBreached").GetBoolean());
        Assert.All(rows, r => Assert.Equal(
            r.GetProperty("isBreached").GetBoolean(),
            r.GetProperty("breachedAt").ValueKind == JsonValueKind.String && r.GetProperty("breachedAt").GetDateTimeOffset() <= now));
        Assert.All(rows.Where(r => !r.GetProperty("isBreached").GetBoolean() && !r.GetProperty("isStopped").GetBoolean()),
            r => Assert.Equal(JsonValueKind.String, r.GetProperty("dueAt").ValueKind));
    }

    [Theory]
    [InlineData("/api/wallboard/at-risk?pageSize=201")]
    [InlineData("/api/wallboard/at-risk?page=0")]
    [InlineData("/api/complaints?limit=501")]
    public async Task OutOfRangePaging_IsAProblem400NotASilentCap(string path)
    {
        var supervisor = await fixture.ClientForAsync("supervisor1");

        var response = await supervisor.GetAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task AtRisk_Agent_Gets403()
    {
        var agent = await fixture.ClientForAsync("agent1");

        var response = await agent.GetAsync("/api/wallboard/at-risk");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}
