using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TelecomContactCenter.Server.Data;
using TelecomContactCenter.Server.Supervision;
using TelecomContactCenter.Server.Tests.Infrastructure;

namespace TelecomContactCenter.Server.Tests.DemoData;

/// <summary>
/// The demo does not decay: a service started 60 days after its demo data was generated still shows the six fixed
/// customers of the README with their documented tier and stage, because the generated history moves with the clock.
/// Run once per database provider (the shift is SQL of each dialect).
/// </summary>
public abstract class DemoClockTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : ServerFixture
{
    [Fact]
    public async Task StartSixtyDaysAfterGeneration_FixedCustomersKeepTheirDocumentedTierAndStage()
    {
        var generatedAt = fixture.Clock.GetUtcNow();

        await fixture.RestartLaterAsync(TimeSpan.FromDays(60));
        var client = await fixture.ClientForAsync("agent2");

        var now = fixture.Clock.GetUtcNow();
        var lastClosedMonth = new DateOnly(now.Year, now.Month, 1).AddMonths(-1);
        foreach (var (phone, tier, stage) in new[]
        {
            ("+8613800000001", "Platinum", "Maturity"), ("+8613800000002", "Gold", "Decline"), ("+8613800000003", "Silver", "Growth"),
            ("+8613800000004", "Standard", "Acquisition"), ("+8613800000005", "Standard", "Churned"), ("+8613800000006", "Gold", "Maturity"),
        })
        {
            var customer = await client.GetFromJsonAsync<JsonElement>($"/api/customers/by-phone/{Uri.EscapeDataString(phone)}");

            Assert.Equal((phone, tier, stage), (phone, customer.GetProperty("tier").GetString(), customer.GetProperty("lifecycleStage").GetString()));
            Assert.True(customer.GetProperty("evaluatedAt").GetDateTimeOffset() >= now, $"{phone} was not re-evaluated after the shift");
            if (stage != "Churned")
            {
                var trend = customer.GetProperty("arpuTrend").EnumerateArray().ToList();
                Assert.Equal(lastClosedMonth, DateOnly.Parse(trend[^1].GetProperty("month").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        Assert.True(now - generatedAt >= TimeSpan.FromDays(60));
    }

    [Fact]
    public async Task StartSixtyDaysAfterGeneration_TheDocumentedComplaintMovedWithTheClockAndIsNotBreached()
    {
        await fixture.RestartLaterAsync(TimeSpan.FromDays(60));
        var client = await fixture.ClientForAsync("agent1");
        var now = fixture.Clock.GetUtcNow();

        var customer = await client.GetFromJsonAsync<JsonElement>($"/api/customers/by-phone/{Uri.EscapeDataString("+8613800000006")}");
        var complaint = Assert.Single(customer.GetProperty("openComplaints").EnumerateArray());
        var id = complaint.GetProperty("id").GetString();
        var trail = await client.GetFromJsonAsync<JsonElement>($"/api/complaints/{id}/audit");

        // Opened two hours before the data was generated, so two hours (whole days shifted) before this start.
        Assert.InRange(now - complaint.GetProperty("createdAt").GetDateTimeOffset(), TimeSpan.FromHours(1), TimeSpan.FromDays(1));
        Assert.NotEqual("Breached", complaint.GetProperty("slaBand").GetString());
        Assert.All(trail.EnumerateArray(), t => Assert.True(now - t.GetProperty("at").GetDateTimeOffset() < TimeSpan.FromDays(1)));
    }

    [Fact]
    public async Task StartSixtyDaysAfterGeneration_TheMovedComplaintsAlertsAreRaisedAgainNotSilencedByOldOnes()
    {
        var monitor = fixture.Factory.Services.GetRequiredService<SlaMonitor>();
        var demoComplaint = await DocumentedComplaintIdAsync();
        for (var hours = 0; hours < 72 && (await AlertsOfAsync(demoComplaint)).Count == 0; hours++)
        {
            fixture.Clock.Advance(TimeSpan.FromHours(1));
            await monitor.ScanAsync(default);
        }

        Assert.NotEmpty(await AlertsOfAsync(demoComplaint));

        await fixture.RestartLaterAsync(TimeSpan.FromDays(60));
        var restartedAt = fixture.Clock.GetUtcNow();

        // The complaint is two hours old again; an alert raised weeks ago would keep its point from ever being raised.
        Assert.All(await AlertsOfAsync(demoComplaint), raisedAt => Assert.True(restartedAt - raisedAt < TimeSpan.FromDays(1),
            $"an alert raised at {raisedAt:u} survived the move to {restartedAt:u}"));
        await fixture.Factory.Services.GetRequiredService<SlaMonitor>().ScanAsync(default);
        Assert.NotEmpty(await AlertsOfAsync(demoComplaint));
    }

    private async Task<string> DocumentedComplaintIdAsync()
    {
        var client = await fixture.ClientForAsync("agent1");
        var customer = await client.GetFromJsonAsync<JsonElement>($"/api/customers/by-phone/{Uri.EscapeDataString("+8613800000006")}");
        return Assert.Single(customer.GetProperty("openComplaints").EnumerateArray()).GetProperty("id").GetString()!;
    }

    private async Task<IReadOnlyList<DateTimeOffset>> AlertsOfAsync(string complaintId)
    {
        await using var scope = fixture.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ContactCenterDbContext>();
        var key = Guid.Parse(complaintId).ToString();
        return await db.Set<SlaAlertRecord>().AsNoTracking().Where(a => a.ComplaintId == key).Select(a => a.RaisedAt).ToListAsync();
    }
}

public sealed class SqliteDemoClockTests(SqliteServerFixture fixture) : DemoClockTests<SqliteServerFixture>(fixture);

public sealed class PostgresDemoClockTests(PostgresServerFixture fixture) : DemoClockTests<PostgresServerFixture>(fixture);
