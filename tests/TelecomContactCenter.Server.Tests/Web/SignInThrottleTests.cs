using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using TelecomContactCenter.Server.Tests.Infrastructure;

namespace TelecomContactCenter.Server.Tests.Web;

/// <summary>
/// Sign-in throttling per account and source address. Each request reaches the host with the connection address
/// set as Kestrel would set it for a client bound to that loopback address (127.0.0.2 the attacker, 127.0.0.1 the
/// agent's desk).
/// </summary>
public sealed class SignInThrottleTests(SqliteServerFixture fixture) : IClassFixture<SqliteServerFixture>
{
    private static readonly IPAddress Desk = IPAddress.Parse("127.0.0.1");
    private static readonly IPAddress Attacker = IPAddress.Parse("127.0.0.2");

    [Fact]
    public async Task WrongPasswordsFromAnotherAddress_BlockThatAddressWithAProgressiveDelay_AgentStillSignsInAtTheDesk()
    {
        var statuses = new List<int>();
        var first = await LoginAsync("agent3", "guess", Attacker);
        Assert.True(first.StatusCode == 401, first.Body);
        statuses.Add(first.StatusCode);
        for (var i = 0; i < 2; i++)
        {
            statuses.Add((await LoginAsync("agent3", "guess", Attacker)).StatusCode);
        }

        var tooSoon = await LoginAsync("agent3", "guess", Attacker);
        fixture.Clock.Advance(TimeSpan.FromSeconds(2));
        statuses.Add((await LoginAsync("agent3", "guess", Attacker)).StatusCode);
        var secondWait = await LoginAsync("agent3", "guess", Attacker);
        fixture.Clock.Advance(TimeSpan.FromSeconds(4));
        statuses.Add((await LoginAsync("agent3", "guess", Attacker)).StatusCode);
        var attackerWithRightPassword = await LoginAsync("agent3", ServerFixture.Password, Attacker);
        var agentAtDesk = await LoginAsync("agent3", ServerFixture.Password, Desk);

        Assert.Equal([401, 401, 401, 401, 401], statuses);
        Assert.Equal((429, "2"), (tooSoon.StatusCode, tooSoon.Headers.RetryAfter?.ToString()));
        Assert.Equal((429, "4"), (secondWait.StatusCode, secondWait.Headers.RetryAfter?.ToString()));
        Assert.Equal(429, attackerWithRightPassword.StatusCode);
        Assert.Equal("300", attackerWithRightPassword.Headers.RetryAfter?.ToString());
        Assert.Equal(200, agentAtDesk.StatusCode);
        Assert.True(JsonDocument.Parse(agentAtDesk.Body).RootElement.TryGetProperty("accessToken", out _));
    }

    [Fact]
    public async Task PasswordSprayFromOneAddress_BlocksTheAddressForEveryAccount()
    {
        var spray = IPAddress.Parse("127.0.0.3");
        for (var i = 0; i < 20; i++)
        {
            await LoginAsync($"nobody{i}", "guess", spray);
        }

        var realUserFromSpray = await LoginAsync("agent5", ServerFixture.Password, spray);
        var realUserElsewhere = await LoginAsync("agent5", ServerFixture.Password, Desk);

        Assert.Equal(429, realUserFromSpray.StatusCode);
        Assert.Equal(200, realUserElsewhere.StatusCode);
    }

    private async Task<(int StatusCode, HttpResponseHeaders Headers, string Body)> LoginAsync(string userName, string password, IPAddress from)
    {
        using var client = new HttpClient(fixture.Factory.Server.CreateHandler(c => c.Connection.RemoteIpAddress = from))
        {
            BaseAddress = fixture.Factory.Server.BaseAddress,
        };
        using var response = await client.PostAsJsonAsync("/api/auth/login", new { userName, password });
        return ((int)response.StatusCode, response.Headers, await response.Content.ReadAsStringAsync());
    }
}
