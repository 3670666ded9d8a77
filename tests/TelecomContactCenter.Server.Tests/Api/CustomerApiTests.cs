using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TelecomContactCenter.Server.Tests.Infrastructure;

namespace TelecomContactCenter.Server.Tests.Api;

/// <summary>The customer 360, routing and sign-in through HTTP; run once per database provider.</summary>
public abstract class CustomerApiTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : ServerFixture
{
    [Theory]
    [InlineData("+8613800000001", "Platinum", "Maturity")]
    [InlineData("+8613800000002", "Gold", "Decline")]
    [InlineData("+8613800000003", "Silver", "Growth")]
    [InlineData("+8613800000004", "Standard", "Acquisition")]
    [InlineData("+8613800000005", "Standard", "Churned")]
    [InlineData("+8613800000006", "Gold", "Maturity")]
    public async Task ByPhone_FixedDemoCustomer_HasDocumentedTierAndStage(string phone, string tier, string stage)
    {
        var client = await fixture.ClientForAsync("agent2");

        var customer = await client.GetFromJsonAsync<JsonElement>($"/api/customers/by-phone/{Uri.EscapeDataString(phone)}");

        Assert.Equal(tier, customer.GetProperty("tier").GetString());
        Assert.Equal(stage, customer.GetProperty("lifecycleStage").GetString());
        Assert.StartsWith(tier, customer.GetProperty("tierReason").GetString());
        Assert.NotEmpty(customer.GetProperty("stageReasonCodes").EnumerateArray());
    }

    [Fact]
    public async Task ByPhone_PlatinumCustomer_CarriesTheTiersRevenueBasisForTheDesktopToWord()
    {
        var client = await fixture.ClientForAsync("agent2");

        var customer = await client.GetFromJsonAsync<JsonElement>("/api/customers/by-phone/%2B8613800000001");

        var basis = customer.GetProperty("tierBasis");
        Assert.Equal(("Rank", "Platinum", 1d), (basis.GetProperty("kind").GetString(), basis.GetProperty("tier").GetString(), basis.GetProperty("topPercent").GetDouble()));
        Assert.Equal(JsonValueKind.Array, customer.GetProperty("tierReasonCodes").ValueKind);
    }

    [Theory]
    [InlineData("138-0000-0001")]
    [InlineData("0086 138 0000 0001")]
    [InlineData("8613800000001")]
    public async Task ByPhone_NationalOrInternationalFormat_FindsTheSameCustomer(string phone)
    {
        var client = await fixture.ClientForAsync("agent2");

        var customer = await client.GetFromJsonAsync<JsonElement>($"/api/customers/by-phone/{Uri.EscapeDataString(phone)}");

        Assert.Equal("+8613800000001", customer.GetProperty("phone").GetString());
    }

    [Fact]
    public async Task ByPhone_PlatinumCustomer_ShowsAccountManagerBySignInProductsAndSixBills()
    {
        var client = await fixture.ClientForAsync("agent2");

        var customer = await client.GetFromJsonAsync<JsonElement>("/api/customers/by-phone/%2B8613800000001");

        var manager = customer.GetProperty("accountManager");
        Assert.Equal("agent2", manager.GetProperty("userName").GetString());
        Assert.False(string.IsNullOrEmpty(manager.GetProperty("displayName").GetString()));
        Assert.True(customer.GetProperty("products").GetArrayLength() >= 2);
        Assert.Equal(6, customer.GetProperty("arpuTrend").GetArrayLength());
        Assert.True(customer.GetProperty("clv").GetDecimal() > 0);
    }

    [Fact]
    public async Task ByPhone_CustomerWithComplaint_ShowsOpenComplaintOwnedByAgent1WithSlaState()
    {
        var client = await fixture.ClientForAsync("agent2");

        var customer = await client.GetFromJsonAsync<JsonElement>("/api/customers/by-phone/%2B8613800000006");

        var complaint = Assert.Single(customer.GetProperty("openComplaints").EnumerateArray());
        Assert.Equal("agent1", complaint.GetProperty("owner").GetString());
        Assert.Equal("OnTrack", complaint.GetProperty("slaBand").GetString());
        Assert.NotEqual(JsonValueKind.Null, complaint.GetProperty("dueAt").ValueKind);
    }

    [Fact]
    public async Task ByPhone_UnknownNumber_Returns404ProblemDetails()
    {
        var client = await fixture.ClientForAsync("agent2");

        var response = await client.GetAsync("/api/customers/by-phone/%2B8613999999999");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("hello")]
    [InlineData("12")]
    public async Task ByPhone_Garbage_Returns400ProblemDetails(string phone)
    {
        var client = await fixture.ClientForAsync("agent2");

        var response = await client.GetAsync($"/api/customers/by-phone/{phone}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task ByPhone_WithoutToken_Returns401()
    {
        var client = fixture.Factory.CreateClient();

        var response = await client.GetAsync("/api/customers/by-phone/%2B8613800000001");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Healthz_WithoutToken_Returns200()
    {
        var client = fixture.Factory.CreateClient();

        var response = await client.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("+8613800000001", "vip-desk", null)]
    [InlineData("+8613800000006", "complaint-owner", "agent1")]
    [InlineData("+8613800000003", "general", null)]
    [InlineData("+8613999999999", "general", null)]
    [InlineData("0086 138 0000 0001", "vip-desk", null)]
    [InlineData("138-0000-0006", "complaint-owner", "agent1")]
    public async Task RoutingDecision_Caller_PicksDocumentedQueue(string caller, string queue, string? agent)
    {
        var client = await fixture.ClientForAsync("agent3");

        var decision = await client.GetFromJsonAsync<JsonElement>($"/api/routing/decision?caller={Uri.EscapeDataString(caller)}");

        Assert.Equal(queue, decision.GetProperty("targetQueue").GetString());
        Assert.Equal(agent, decision.GetProperty("targetAgent").GetString());
        Assert.False(string.IsNullOrEmpty(decision.GetProperty("reason").GetString()));
    }

    [Fact]
    public async Task Login_WrongPassword_Returns401ProblemDetails()
    {
        var client = fixture.Factory.CreateClient();

        var response = await client.PostAsJsonAsync("/api/auth/login", new { userName = "agent4", password = "nope" });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Login_AfterFailuresFromOneAddress_MakesThatAddressWaitEvenWithTheRightPassword()
    {
        var client = fixture.Factory.CreateClient();
        for (var i = 0; i < 5; i++)
        {
            await client.PostAsJsonAsync("/api/auth/login", new { userName = "agent5", password = "wrong" });
        }

        var response = await client.PostAsJsonAsync("/api/auth/login", new { userName = "agent5", password = ServerFixture.Password });

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.Equal("Locked out", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());
    }

    [Fact]
    public async Task OpenApi_Document_ListsTheCustomerLookup()
    {
        var client = fixture.Factory.CreateClient();

        var document = await client.GetStringAsync("/openapi/v1.json");

        Assert.Contains("/api/customers/by-phone/{phone}", document);
        Assert.Contains("/api/complaints/{id}/triggers", document);
    }
}

public sealed class SqliteCustomerApiTests(SqliteServerFixture fixture) : CustomerApiTests<SqliteServerFixture>(fixture);

public sealed class PostgresCustomerApiTests(PostgresServerFixture fixture) : CustomerApiTests<PostgresServerFixture>(fixture);
