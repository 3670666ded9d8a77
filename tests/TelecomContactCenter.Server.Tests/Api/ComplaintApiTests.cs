using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TelecomContactCenter.Core.Complaints;
using TelecomContactCenter.Server.Data;
using TelecomContactCenter.Server.Tests.Infrastructure;

namespace TelecomContactCenter.Server.Tests.Api;

/// <summary>The complaint workflow through HTTP; run once per database provider.</summary>
public abstract class ComplaintApiTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : ServerFixture
{
    [Fact]
    public async Task Create_AsAgent_CallerOwnsItAndThe360ShowsIt()
    {
        var client = await fixture.ClientForAsync("agent3");

        var created = await CreateAsync(client, "+8613800000003", "BILL");

        Assert.Equal("agent3", created.GetProperty("owner").GetString());
        Assert.Equal("Captured", created.GetProperty("state").GetString());
        Assert.Equal("Silver", created.GetProperty("tier").GetString());
        var customer = await client.GetFromJsonAsync<JsonElement>("/api/customers/by-phone/%2B8613800000003");
        Assert.Contains(customer.GetProperty("openComplaints").EnumerateArray(),
            c => c.GetProperty("id").GetGuid() == created.GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task FireTrigger_NotPermittedInState_Returns409NamingPermittedTriggers()
    {
        var client = await fixture.ClientForAsync("agent3");
        var created = await CreateAsync(client, "+8613800000004", "BILL");

        var response = await client.PostAsJsonAsync($"/api/complaints/{created.GetProperty("id")}/triggers", new { trigger = "ResolveOnCall" });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var permitted = problem.GetProperty("permittedTriggers").EnumerateArray().Select(t => t.GetString()).ToList();
        Assert.Contains("Classify", permitted);
        Assert.Contains("Classify", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task FireTrigger_StaleVersion_Returns409AndLeavesStateUnchanged()
    {
        var client = await fixture.ClientForAsync("agent3");
        var created = await CreateAsync(client, "+8613800000004", "PAY");
        var id = created.GetProperty("id").GetGuid();
        await FireAsync(client, id, "Classify", version: 0);

        var response = await client.PostAsJsonAsync($"/api/complaints/{id}/triggers", new { trigger = "StartWork", version = 0 });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var current = await client.GetFromJsonAsync<JsonElement>($"/api/complaints/{id}");
        Assert.Equal("Open", current.GetProperty("state").GetString());
    }

    [Fact]
    public async Task FullFirstContactPath_ClosesAuditsEveryStepAndClearsThe360()
    {
        var client = await fixture.ClientForAsync("agent4");
        var created = await CreateAsync(client, "+8613800000001", "BILL");
        var id = created.GetProperty("id").GetGuid();

        await FireAsync(client, id, "Classify");
        await FireAsync(client, id, "StartWork");
        await FireAsync(client, id, "ResolveOnCall");
        var resolution = await client.PostAsJsonAsync($"/api/complaints/{id}/resolution", new { resolutionCode = "REFUND", rootCause = "BILL" });
        resolution.EnsureSuccessStatusCode();
        var closed = await FireAsync(client, id, "ConfirmResolution");

        Assert.Equal("Closed", closed.GetProperty("state").GetString());
        var audit = await client.GetFromJsonAsync<JsonElement>($"/api/complaints/{id}/audit");
        Assert.Equal(
            new[] { "Classify", "StartWork", "ResolveOnCall", "RecordResolution", "ConfirmResolution" },
            audit.EnumerateArray().Select(a => a.GetProperty("trigger").GetString() ?? "").ToArray());
        Assert.All(audit.EnumerateArray(), a => Assert.Equal("agent4", a.GetProperty("actor").GetString()));
        var customer = await client.GetFromJsonAsync<JsonElement>("/api/customers/by-phone/%2B8613800000001");
        Assert.DoesNotContain(customer.GetProperty("openComplaints").EnumerateArray(), c => c.GetProperty("id").GetGuid() == id);
    }

    [Fact]
    public async Task Reassign_AsAgent_Returns403()
    {
        var client = await fixture.ClientForAsync("agent3");
        var created = await CreateAsync(client, "+8613800000004", "PROV");

        var response = await client.PostAsJsonAsync($"/api/complaints/{created.GetProperty("id")}/reassign",
            new { newOwner = "agent2", reason = "holiday" });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Reassign_AsSupervisor_ChangesOwner()
    {
        var agent = await fixture.ClientForAsync("agent3");
        var created = await CreateAsync(agent, "+8613800000004", "FEAT");
        var supervisor = await fixture.ClientForAsync("supervisor1");

        var response = await supervisor.PostAsJsonAsync($"/api/complaints/{created.GetProperty("id")}/reassign",
            new { newOwner = "agent2", reason = "agent3 on leave" });

        response.EnsureSuccessStatusCode();
        Assert.Equal("agent2", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("owner").GetString());
    }

    [Fact]
    public async Task List_FilteredByOwnerAndState_ReturnsOnlyMatches()
    {
        var client = await fixture.ClientForAsync("agent1");

        var list = await client.GetFromJsonAsync<JsonElement>("/api/complaints?owner=agent1&state=InProgressFirstContact");

        Assert.NotEmpty(list.EnumerateArray());
        Assert.All(list.EnumerateArray(), c =>
        {
            Assert.Equal("agent1", c.GetProperty("owner").GetString());
            Assert.Equal("InProgressFirstContact", c.GetProperty("state").GetString());
        });
    }

    [Theory]
    [InlineData("/api/complaints?state=Sleeping")]
    [InlineData("/api/complaints?slaBand=Purple")]
    public async Task List_UnknownFilterValue_Returns400ProblemDetails(string url)
    {
        var client = await fixture.ClientForAsync("agent1");

        var response = await client.GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Create_UnknownCategory_Returns400ProblemDetails()
    {
        var client = await fixture.ClientForAsync("agent1");

        var response = await client.PostAsJsonAsync("/api/complaints", new { customerPhone = "+8613800000001", category = "MOOD" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("BILL", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task SaveChanges_TwoWritersOnOneComplaint_SecondGetsConcurrencyConflict()
    {
        var client = await fixture.ClientForAsync("agent1");
        var id = new ComplaintId((await CreateAsync(client, "+8613800000004", "ENC")).GetProperty("id").GetGuid());
        using var scopeA = fixture.Factory.Services.CreateScope();
        using var scopeB = fixture.Factory.Services.CreateScope();
        var dbA = scopeA.ServiceProvider.GetRequiredService<ContactCenterDbContext>();
        var dbB = scopeB.ServiceProvider.GetRequiredService<ContactCenterDbContext>();
        var workflow = new ComplaintWorkflow(new SlaPolicy());
        var a = await dbA.Complaints.Include(c => c.Transitions).SingleAsync(c => c.Id == id);
        var b = await dbB.Complaints.Include(c => c.Transitions).SingleAsync(c => c.Id == id);
        workflow.Fire(a, ComplaintTrigger.Classify, "agent1", null, fixture.Clock.GetUtcNow());
        workflow.Fire(b, ComplaintTrigger.Withdraw, "agent2", "customer hung up", fixture.Clock.GetUtcNow());
        await dbA.SaveChangesAsync();

        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => dbB.SaveChangesAsync());
    }

    [Fact]
    public async Task Restart_SameDatabase_KeepsComplaintsTokensAndDoesNotReseed()
    {
        var client = await fixture.ClientForAsync("agent2");
        var id = (await CreateAsync(client, "+8613800000003", "INCONV")).GetProperty("id").GetGuid();

        await fixture.RestartAsync();

        // The token issued before the restart still signs the agent in.
        var after = fixture.Factory.CreateClient();
        after.DefaultRequestHeaders.Authorization = client.DefaultRequestHeaders.Authorization;
        var complaint = await after.GetFromJsonAsync<JsonElement>($"/api/complaints/{id}");
        Assert.Equal("agent2", complaint.GetProperty("owner").GetString());
        using var scope = fixture.Factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ContactCenterDbContext>();
        Assert.Equal(ServerFactory.DemoCustomers + 6, await db.Customers.CountAsync());
    }

    /// <summary>Each test its own category per customer: a second open complaint of one category is refused as a duplicate.</summary>
    private static async Task<JsonElement> CreateAsync(HttpClient client, string phone, string category)
    {
        var response = await client.PostAsJsonAsync("/api/complaints",
            new { customerPhone = phone, category, severity = "Medium", summary = "Test complaint" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task<JsonElement> FireAsync(HttpClient client, Guid id, string trigger, long? version = null)
    {
        var response = await client.PostAsJsonAsync($"/api/complaints/{id}/triggers", new { trigger, version });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}

public sealed class SqliteComplaintApiTests(SqliteServerFixture fixture) : ComplaintApiTests<SqliteServerFixture>(fixture);

public sealed class PostgresComplaintApiTests(PostgresServerFixture fixture) : ComplaintApiTests<PostgresServerFixture>(fixture);
