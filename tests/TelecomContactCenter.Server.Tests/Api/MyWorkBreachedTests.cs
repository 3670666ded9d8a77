using System.Net.Http.Json;
using System.Text.Json;
using TelecomContactCenter.Server.Tests.Infrastructure;

namespace TelecomContactCenter.Server.Tests.Api;

/// <summary>
/// An agent's breached complaint heads their work list and says since when it is overdue, instead of sinking below
/// complaints due days from now (its due time is gone, which once sorted it with the paused ones). A fixture of its
/// own: the test moves the clock three days on.
/// </summary>
public sealed class MyWorkBreachedTests(SqliteServerFixture fixture) : IClassFixture<SqliteServerFixture>
{
    [Fact]
    public async Task MyWork_ABreachedComplaint_ComesFirstWithWhenItBreached()
    {
        var client = await fixture.ClientForAsync("agent4");
        var late = await MyWorkApiTests.CreateAsync(client, "+8613800000001", "NET");
        fixture.Clock.Advance(TimeSpan.FromDays(3));
        client = await fixture.ClientForAsync("agent4"); // a new shift, a new sign-in
        var fresh = await MyWorkApiTests.CreateAsync(client, "+8613800000003", "NET");

        var complaints = (await client.GetFromJsonAsync<JsonElement>("/api/me/work")).GetProperty("complaints").EnumerateArray().ToList();
        var ids = complaints.Select(c => c.GetProperty("id").GetGuid()).ToList();
        var sla = complaints[ids.IndexOf(late)].GetProperty("sla");

        // Breached ones first, the earliest breach on top (the demo gives agent4 some of its own), then the rest.
        var breached = complaints.TakeWhile(c => c.GetProperty("sla").GetProperty("isBreached").GetBoolean()).ToList();
        var breachedAt = breached.Select(c => c.GetProperty("sla").GetProperty("breachedAt").GetDateTimeOffset()).ToList();
        Assert.DoesNotContain(complaints.Skip(breached.Count), c => c.GetProperty("sla").GetProperty("isBreached").GetBoolean());
        Assert.Equal(breachedAt.Order(), breachedAt);
        Assert.InRange(ids.IndexOf(late), 0, breached.Count - 1);
        Assert.True(ids.IndexOf(fresh) >= breached.Count);
        Assert.True(sla.GetProperty("isBreached").GetBoolean());
        Assert.Equal(JsonValueKind.Null, sla.GetProperty("dueAt").ValueKind);
        Assert.InRange(sla.GetProperty("breachedAt").GetDateTimeOffset(), fixture.Clock.GetUtcNow().AddDays(-3), fixture.Clock.GetUtcNow());
    }
}
