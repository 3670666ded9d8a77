using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TelecomContactCenter.Core.Complaints;
using TelecomContactCenter.Core.Customers;
using TelecomContactCenter.Server.Complaints;
using TelecomContactCenter.Server.Data;
using TelecomContactCenter.Server.Discounts;
using TelecomContactCenter.Server.Ivr.Callbacks;
using TelecomContactCenter.Server.Tests.Bridge;
using TelecomContactCenter.Testing;

namespace TelecomContactCenter.Server.Tests.Web;

/// <summary>
/// The supervisor wallboard in Debian's Chromium at 1920×1080 (tests/browser/wallboard.mjs) on a database with 620
/// more open complaints than the demo's, so the earliest due sits beyond the newest 500; a discount waiting for
/// approval, callbacks due tomorrow, and a real sipp Platinum caller waiting in the VIP queue with no agent signed in.
/// </summary>
public sealed class WallboardBrowserTests(BridgeHost host) : IClassFixture<BridgeHost>, IDisposable
{
    private const string Platinum = "+8613800000001";
    private const int Seeded = 620;
    private readonly ScenarioFolder _scenarios = new();

    [Fact]
    public async Task Wallboard_MoreThan500OpenComplaints_OrdersAtRiskByDueAcrossAllPagesAlarmsOnVipWaitingAndReadsInChinese()
    {
        var earliest = await SeedAsync();
        // The caller waits in the VIP queue (nobody is signed in) well past the 20 s target, then hangs up.
        var caller = Sipp.RunAsync(_scenarios.Write("caller.xml", BridgeScenarios.Caller(rtpAfterMs: 1000, hangUpAfterMs: 150_000)), host.Udp,
            ["-s", "10000", "-key", "caller", Platinum, "-m", "1", "-timeout", "200s"], deadline: TimeSpan.FromSeconds(260));
        var (exitCode, transcript) = await BrowserScript.RunAsync("wallboard.mjs", host.BaseAddress, [earliest.ToString()]);
        var callerRun = await caller;
        Assert.True(exitCode == 0, transcript);
        Assert.Contains("PASS", transcript, StringComparison.Ordinal);
        Assert.Contains("axe-core: 0 violations (zh-CN)", transcript, StringComparison.Ordinal);
        Assert.Contains("the wait goes on: ", transcript, StringComparison.Ordinal);
        Assert.True(callerRun.ExitCode == 0, callerRun.Describe());
        Assert.True(File.Exists(Path.Combine(BrowserScript.OutputFolder, "wallboard-1920x1080-en.png")));
        Assert.True(File.Exists(Path.Combine(BrowserScript.OutputFolder, "wallboard-1920x1080-zh-CN.png")));
    }

    /// <summary>
    /// Adds <see cref="Seeded"/> open complaints (600 from this morning, 20 breached Platinum ones from ten days ago), a pending
    /// discount for agent1 and five callbacks due tomorrow; returns the id of the most overdue open complaint, checked to be older
    /// than the newest 500 (the list the old board read).
    /// </summary>
    private async Task<Guid> SeedAsync()
    {
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ContactCenterDbContext>();
        var sla = scope.ServiceProvider.GetRequiredService<ComplaintSla>();
        var now = scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow();
        var customers = await db.Customers.AsNoTracking().Join(db.CustomerProfiles, c => c.Id, p => p.CustomerId, (c, p) => new { c.Id, p.Tier })
            .OrderBy(c => c.Id).Take(Seeded).ToListAsync();
        Assert.Equal(Seeded, customers.Count);
        var categories = Enum.GetValues<ComplaintCategory>();
        // The newest 600: created a minute apart this morning, on the business-hours targets of Standard to Gold.
        // The oldest 20: Platinum, opened the Friday before last during business hours, 20 min apart, long breached:
        // the board that read the newest 500 never showed them.
        var friday = new DateTimeOffset(now.ToOffset(TimeSpan.FromHours(8)).Date.AddDays(-10), TimeSpan.FromHours(8));
        while (friday.DayOfWeek != DayOfWeek.Friday)
        {
            friday = friday.AddDays(-1);
        }

        foreach (var (customer, i) in customers.Select((c, i) => (c, i)))
        {
            var old = i >= Seeded - 20;
            var createdAt = old ? friday.AddHours(10).AddMinutes(20 * (i - (Seeded - 20))) : now.AddMinutes(-i - 1);
            db.Complaints.Add(new Complaint
            {
                Id = ComplaintId.New(createdAt),
                CustomerId = customer.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Owner = $"agent{(i % 5) + 1}",
                Category = categories[i % categories.Length],
                Severity = ComplaintSeverity.Medium,
                TierAtCreation = old ? ValueTier.Platinum : (ValueTier)(i % 3),
                SlaKind = SlaKind.NonFault,
                CreatedAt = createdAt,
                Summary = "Wallboard test complaint.",
            });
        }

        db.Set<DiscountRequest>().Add(new DiscountRequest
        {
            CustomerId = customers[3].Id,
            Percent = 15,
            Months = 6,
            Reason = "Competitor offered 15% off",
            RequestedBy = "agent1",
            RequestedAt = now.AddMinutes(-3),
            AuthorityPercent = 5,
            Status = DiscountStatus.Pending,
        });
        // The same customer already holds 5 % off, which the approver adds to the request.
        db.Set<DiscountRequest>().Add(new DiscountRequest
        {
            CustomerId = customers[3].Id,
            Percent = 5,
            Months = 3,
            Reason = "Late engineer visit",
            RequestedBy = "agent2",
            RequestedAt = now.AddDays(-10),
            AuthorityPercent = 5,
            Status = DiscountStatus.Applied,
            DecidedBy = "agent2",
            DecidedAt = now.AddDays(-10),
        });
        var tomorrow = new DateTimeOffset(now.ToOffset(TimeSpan.FromHours(8)).Date.AddDays(1), TimeSpan.FromHours(8));
        for (var i = 0; i < 5; i++)
        {
            db.Set<CallbackRequest>().Add(new CallbackRequest
            {
                CallId = $"wallboard-test-{i}",
                CallerNumber = $"+86138000100{i:00}",
                CustomerId = customers[i].Id,
                Tier = customers[i].Tier,
                Priority = 10,
                Queue = "callbacks",
                Flow = "main",
                RequestedAt = now.AddHours(-1),
                DueAt = tomorrow.AddHours(9 + (i % 2)).ToUniversalTime(),
                Status = CallbackStatus.Pending,
            });
        }

        await db.SaveChangesAsync();
        var open = await ComplaintQueries.WithHistory(db.Complaints.AsNoTracking())
            .Where(c => !ComplaintStates.Terminal.Contains(c.State)).ToListAsync();
        Assert.True(open.Count > 500, $"{open.Count} open complaints");
        // The longest overdue: breached, at the earliest instant.
        var earliest = open.Where(c => sla.StatusOf(c, now).IsBreached).MinBy(c => sla.StatusOf(c, now).BreachedAt)!;
        var newest500 = open.OrderByDescending(c => c.CreatedAt).Take(500).Select(c => c.Id).ToHashSet();
        Assert.DoesNotContain(earliest.Id, newest500);
        return earliest.Id.Value;
    }

    public void Dispose() => _scenarios.Dispose();

}
