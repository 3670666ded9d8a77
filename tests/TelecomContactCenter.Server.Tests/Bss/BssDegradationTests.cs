using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using TelecomContactCenter.Server.Tests.Infrastructure;

namespace TelecomContactCenter.Server.Tests.Bss;

/// <summary>The host configured for a failing operator BSS: calls still get a decision, the 360 says why not.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "xUnit disposes it through IAsyncLifetime.DisposeAsync.")]
public sealed class BssDegradationTests : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"tcc-bss-{Guid.NewGuid():N}");
    private LocalBssServer _bss = null!;
    private ServerFactory _factory = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        _bss = await LocalBssServer.StartAsync(BssBehaviour.Failing);
        _factory = new ServerFactory(
            new Dictionary<string, string?>
            {
                ["Database:SqlitePath"] = Path.Combine(_directory, "contactcenter.db"),
                ["Bss:Source"] = "Rest",
                ["Bss:BaseUrl"] = _bss.BaseUrl.ToString(),
                ["Bss:AttemptTimeout"] = "00:00:00.300",
                ["Bss:TotalTimeout"] = "00:00:01",
            },
            // The resilience pipeline's timeouts and retry delays run on the host clock, so this host keeps real time.
            TimeProvider.System);
        _ = _factory.Server;
    }

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        await _bss.DisposeAsync();
        HostFolder.Delete(_directory);
    }

    [Fact]
    public async Task ByPhone_BssFailing_Returns503ProfileUnavailable()
    {
        var client = await ClientAsync();

        var response = await client.GetAsync("/api/customers/by-phone/%2B8613800000001");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("Profile unavailable", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());
    }

    [Fact]
    public async Task RoutingDecision_BssFailing_FallsBackToGeneralQueue()
    {
        var client = await ClientAsync();

        var decision = await client.GetFromJsonAsync<JsonElement>("/api/routing/decision?caller=%2B8613800000001");

        Assert.Equal("general", decision.GetProperty("targetQueue").GetString());
        Assert.False(decision.GetProperty("profileAvailable").GetBoolean());
    }

    private async Task<HttpClient> ClientAsync()
    {
        var client = _factory.CreateClient();
        var login = await client.PostAsJsonAsync("/api/auth/login", new { userName = "agent1", password = ServerFixture.Password });
        var token = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
