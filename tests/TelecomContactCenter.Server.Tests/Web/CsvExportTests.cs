using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TelecomContactCenter.Server.Data;
using TelecomContactCenter.Server.Tests.Infrastructure;

namespace TelecomContactCenter.Server.Tests.Web;

/// <summary>The supervisor's CSV exports open in Excel with Chinese names intact and carry what a manager reports on.</summary>
public sealed class CsvExportTests(SqliteServerFixture fixture) : IClassFixture<SqliteServerFixture>
{
    private const string Range = "from=2000-01-01T00:00:00Z&to=2100-01-01T00:00:00Z";

    [Fact]
    public async Task ComplaintsCsv_ChineseCustomerName_IsUtf8WithBomAndCarriesSlaDueBreachAndResolution()
    {
        await using (var scope = fixture.Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ContactCenterDbContext>();
            var customer = await db.Customers.SingleAsync(c => c.Phone == "+8613800000002");
            customer.Name = "王芳";
            await db.SaveChangesAsync();
        }

        var supervisor = await fixture.ClientForAsync("supervisor1");
        var created = await supervisor.PostAsJsonAsync("/api/complaints", new { customerPhone = "+8613800000002", category = "NET", summary = "断网三天" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();

        var bytes = await supervisor.GetByteArrayAsync($"/api/export/complaints.csv?{Range}");
        var text = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(bytes, 3, bytes.Length - 3);
        var lines = text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var header = lines[0].Split(',');
        var row = lines.Single(l => l.StartsWith(id!, StringComparison.Ordinal)).Split(',');
        string Field(string column) => row[Array.IndexOf(header, column)];

        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        Assert.Equal("王芳", Field("customer_name"));
        Assert.Equal("断网三天", Field("summary"));
        Assert.True(DateTimeOffset.TryParse(Field("sla_due_at"), out _), $"sla_due_at '{Field("sla_due_at")}'");
        Assert.Equal("false", Field("sla_breached"));
        Assert.Contains("resolution_code", header);
        Assert.Contains("root_cause", header);
    }

    [Fact]
    public async Task InteractionsCsv_HasWaitTalkWrapOffersAndIvrPathColumnsAndBom()
    {
        var supervisor = await fixture.ClientForAsync("supervisor1");

        var bytes = await supervisor.GetByteArrayAsync($"/api/export/interactions.csv?{Range}");
        var header = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3).Split("\r\n")[0].Split(',');

        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        Assert.Superset(
            new HashSet<string> { "ivr_path", "wait_seconds", "talk_seconds", "wrap_seconds", "offers", "offers_accepted", "disposition", "customer_name" },
            header.ToHashSet());
    }
}
