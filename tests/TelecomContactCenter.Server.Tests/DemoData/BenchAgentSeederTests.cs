using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using TelecomContactCenter.Server.Auth;
using TelecomContactCenter.Server.Tests.Infrastructure;

namespace TelecomContactCenter.Server.Tests.DemoData;

/// <summary>A SQLite host seeded with three bench agents (DemoData:BenchAgents=3).</summary>
public sealed class BenchAgentsFixture : ServerFixture
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"tcc-benchagents-{Guid.NewGuid():N}");

    public override string Provider => "Sqlite";

    protected override IReadOnlyDictionary<string, string?> Settings() => new Dictionary<string, string?>
    {
        ["Database:Provider"] = "Sqlite",
        ["Database:SqlitePath"] = Path.Combine(_directory, "contactcenter.db"),
        ["DemoData:BenchAgents"] = "3",
    };

    protected override Task PrepareDatabaseAsync()
    {
        Directory.CreateDirectory(_directory);
        return Task.CompletedTask;
    }

    protected override Task ReleaseDatabaseAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }
}

public sealed class BenchAgentSeederTests(BenchAgentsFixture fixture) : IClassFixture<BenchAgentsFixture>
{
    [Fact]
    public async Task Login_BenchAgentWithDemoPassword_SignsInAsAgent()
    {
        using var client = await fixture.ClientForAsync("benchagent3");

        var me = await client.GetFromJsonAsync<JsonElement>("/api/auth/me");

        Assert.Equal("benchagent3", me.GetProperty("userName").GetString());
        Assert.Contains("Agent", me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public async Task Login_BenchAgentWithWrongPassword_IsRefused()
    {
        using var client = fixture.Factory.CreateClient();

        var response = await client.PostAsJsonAsync("/api/auth/login", new { userName = "benchagent2", password = "not-the-password" });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task FindAsync_BenchAgent_HasDigestCredentialForThePhone()
    {
        var lookup = fixture.Factory.Services.GetRequiredService<SipCredentialLookup>();

        var credential = await lookup.FindAsync("benchagent1", CancellationToken.None);

        var expected = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("benchagent1:contactcenter:" + ServerFixture.Password)));
        Assert.NotNull(credential);
        Assert.Equal(expected, credential.Ha1Sha256);
    }

    [Fact]
    public async Task FindAsync_BeyondTheConfiguredCount_FindsNoAgent()
    {
        var lookup = fixture.Factory.Services.GetRequiredService<SipCredentialLookup>();

        Assert.Null(await lookup.FindAsync("benchagent4", CancellationToken.None));
    }
}

public sealed class BenchAgentDefaultTests(SqliteServerFixture fixture) : IClassFixture<SqliteServerFixture>
{
    [Fact]
    public async Task FindAsync_DefaultDemoData_CreatesNoBenchAgents()
    {
        var lookup = fixture.Factory.Services.GetRequiredService<SipCredentialLookup>();

        Assert.Null(await lookup.FindAsync("benchagent1", CancellationToken.None));
    }
}
