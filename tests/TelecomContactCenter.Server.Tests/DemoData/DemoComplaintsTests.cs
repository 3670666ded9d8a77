using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TelecomContactCenter.Server.Data;
using TelecomContactCenter.Server.Tests.Infrastructure;

namespace TelecomContactCenter.Server.Tests.DemoData;

/// <summary>
/// The demo's open complaints read as a Chinese contact centre's agents type them: every summary in Chinese, varied
/// by category, never a placeholder; the documented complaint of +8613800000006 is its double charge for a data pack.
/// </summary>
public sealed class DemoComplaintsTests(SqliteServerFixture fixture) : IClassFixture<SqliteServerFixture>
{
    [Fact]
    public async Task DemoComplaints_Summaries_ChineseAndVariedAsAgentsTypeThem()
    {
        await using var scope = fixture.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ContactCenterDbContext>();

        var summaries = await db.Complaints.AsNoTracking().Select(c => c.Summary).ToListAsync();

        Assert.NotEmpty(summaries);
        Assert.All(summaries, s => Assert.Contains(s!, c => c >= '\u4e00' && c <= '\u9fff'));
        Assert.True(summaries.Distinct().Count() >= 8, $"only {summaries.Distinct().Count()} different summaries");
        Assert.Contains("十月份的流量包被重复扣了两次费", summaries);
    }
}
