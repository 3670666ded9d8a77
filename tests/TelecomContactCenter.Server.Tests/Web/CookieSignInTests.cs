using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using TelecomContactCenter.Core.Routing;
using TelecomContactCenter.Server.AgentDesk;
using TelecomContactCenter.Server.Tests.Infrastructure;

namespace TelecomContactCenter.Server.Tests.Web;

public sealed class CookieSignInTests(SqliteServerFixture fixture) : IClassFixture<SqliteServerFixture>
{
    [Fact]
    public async Task CookieSignIn_AfterFreeFailures_MakesTheSameAddressWait()
    {
        var browser = fixture.Factory.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true });
        var token = await AntiforgeryAsync(browser);
        var failures = new List<HttpStatusCode>();

        for (var i = 0; i < 4; i++)
        {
            failures.Add((await SignInAsync(browser, token, "agent4", "wrong-password")).StatusCode);
        }

        var waiting = await SignInAsync(browser, token, "agent4", ServerFixture.Password);

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests], failures);
        Assert.Equal(HttpStatusCode.TooManyRequests, waiting.StatusCode);
        Assert.NotNull(waiting.Headers.RetryAfter);
        Assert.Equal("Locked out", (await waiting.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());
    }

    [Fact]
    public async Task CookieWrite_WithoutAntiforgeryHeader_Returns400AndWithIt201()
    {
        var browser = fixture.Factory.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true });
        var signedIn = await SignInAsync(browser, await AntiforgeryAsync(browser), "agent1", ServerFixture.Password);
        var complaint = new { customerPhone = "+8613800000002", category = "BILL", summary = "cookie write" };

        var forged = await browser.PostAsJsonAsync("/api/complaints", complaint);
        var userToken = await AntiforgeryAsync(browser);
        var genuine = await browser.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/complaints")
        {
            Content = JsonContent.Create(complaint),
            Headers = { { "X-CSRF-TOKEN", userToken } },
        });

        Assert.Equal(HttpStatusCode.NoContent, signedIn.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(HttpStatusCode.Created, genuine.StatusCode);
        Assert.Equal("agent1", (await genuine.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("owner").GetString());
    }

    [Fact]
    public async Task SignOut_AvailableAgent_LeavesTheQueuesSoNoCallIsOfferedToTheEmptyDesk()
    {
        var browser = fixture.Factory.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true });
        await SignInAsync(browser, await AntiforgeryAsync(browser), "agent5", ServerFixture.Password);
        var desk = fixture.Factory.Services.GetRequiredService<IAgentDesk>();
        var before = await desk.SetStatusAsync("agent5", AgentStatus.Available, null, default);

        var signedOut = await browser.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/auth/signout")
        {
            Headers = { { "X-CSRF-TOKEN", await AntiforgeryAsync(browser) } },
        });
        var after = await desk.StateOfAsync("agent5", default);

        Assert.Equal(HttpStatusCode.NoContent, signedOut.StatusCode);
        Assert.Equal("Available", before.Status);
        Assert.Equal("LoggedOut", after.Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/auth/me")).StatusCode);
    }

    [Fact]
    public async Task CookieSignIn_WithoutAntiforgeryToken_Returns400()
    {
        var browser = fixture.Factory.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true });

        var response = await browser.PostAsJsonAsync("/api/auth/cookie", new { userName = "agent2", password = ServerFixture.Password });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task ExportComplaints_Supervisor_ReturnsCsvWithEveryComplaintInRange()
    {
        var supervisor = await fixture.ClientForAsync("supervisor1");
        var all = await supervisor.GetFromJsonAsync<JsonElement>("/api/complaints?limit=500");

        var response = await supervisor.GetAsync("/api/export/complaints.csv?from=2000-01-01T00:00:00Z&to=2100-01-01T00:00:00Z");
        var lines = (await response.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("id,customer_id,customer_name,tier,category", lines[0].TrimStart('\uFEFF'), StringComparison.Ordinal);
        Assert.Equal(all.GetArrayLength(), lines.Length - 1);
    }

    private static async Task<string> AntiforgeryAsync(HttpClient browser) =>
        (await browser.GetFromJsonAsync<JsonElement>("/api/auth/antiforgery")).GetProperty("token").GetString()!;

    private static Task<HttpResponseMessage> SignInAsync(HttpClient browser, string token, string userName, string password) =>
        browser.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/auth/cookie")
        {
            Content = JsonContent.Create(new { userName, password }),
            Headers = { { "X-CSRF-TOKEN", token } },
        });
}
