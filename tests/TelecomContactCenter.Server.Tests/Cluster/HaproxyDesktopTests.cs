using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using TelecomContactCenter.Server.Tests.Infrastructure;

namespace TelecomContactCenter.Server.Tests.Cluster;

/// <summary>
/// Two nodes on one PostgreSQL database and the Redis backplane, HAProxy on the shipped deploy/haproxy/haproxy.cfg in
/// front of them, and an agent's desktop (the SignalR .NET client, reconnecting by itself) that knows only HAProxy's
/// address: a supervisor's decision on the node the desktop is not on reaches it; its node stops, and the desktop
/// reconnects through HAProxy to the remaining node, where the next decision reaches it.
/// </summary>
public sealed class HaproxyDesktopTests(PostgresCluster postgres) : IClassFixture<PostgresCluster>, IDisposable
{
    private const string Agent = "agent3";
    private readonly string _keys = Path.Combine(Path.GetTempPath(), $"tcc-haproxy-keys-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_keys))
        {
            Directory.Delete(_keys, recursive: true);
        }
    }

    [Fact]
    public async Task DesktopThroughHaproxy_GetsPushesFromTheOtherNode_AndReconnectsToTheRemainingNodeWhenItsNodeStops()
    {
        await using var redis = await RedisServer.StartAsync();
        var (node1, node2) = await ClusterNode.StartPairAsync(postgres, _keys, "haproxy", redis.ConnectionString);
        await using var _ = node1;
        await using var __ = node2;
        await using var haproxy = await HaproxyServer.StartAsync(node1.BaseAddress, node2.BaseAddress);
        using var agent = await ClusterNode.SignInAsync(haproxy.BaseAddress, Agent);
        var cookies = new CookieContainer();
        await using var desktop = await DesktopAsync(haproxy.BaseAddress, agent, cookies);
        var decisions = RedisBackplaneTests.Decisions(desktop);
        var reconnected = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        desktop.Reconnected += id =>
        {
            reconnected.TrySetResult(id);
            return Task.CompletedTask;
        };
        var landedOn = NodeCookie(cookies, haproxy.BaseAddress);
        var (landed, other) = landedOn == "node1" ? (node1, node2) : (node2, node1);
        using var supervisor = await other.ApiAsync("supervisor1");

        var first = await RedisBackplaneTests.RequestDiscountAsync(agent);
        var approvedFirst = await supervisor.PostAsJsonAsync($"/api/discounts/{first}/approve", new { note = "Valued customer" });
        var pushedFirst = await RedisBackplaneTests.NextDecisionAsync(decisions);
        var connectionBefore = desktop.ConnectionId;
        await landed.DisposeAsync();
        using (var wait = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
        {
            await reconnected.Task.WaitAsync(wait.Token);
        }

        var movedTo = NodeCookie(cookies, haproxy.BaseAddress);
        var second = await RedisBackplaneTests.RequestDiscountAsync(agent, otherCustomer: true);
        var approvedSecond = await supervisor.PostAsJsonAsync($"/api/discounts/{second}/approve", new { note = "Second outage" });
        var pushedSecond = await RedisBackplaneTests.NextDecisionAsync(decisions);

        Assert.Contains(landedOn, new[] { "node1", "node2" });
        Assert.Equal(HttpStatusCode.OK, approvedFirst.StatusCode);
        Assert.Equal(first, pushedFirst.GetProperty("id").GetInt64());
        Assert.NotEqual(landedOn, movedTo);
        Assert.Equal(HubConnectionState.Connected, desktop.State);
        Assert.NotEqual(connectionBefore, desktop.ConnectionId);
        Assert.Equal(HttpStatusCode.OK, approvedSecond.StatusCode);
        Assert.Equal(second, pushedSecond.GetProperty("id").GetInt64());
    }

    /// <summary>
    /// The agent desktop's hub connection through HAProxy over WebSockets, keeping HAProxy's node cookie as a browser
    /// does, and reconnecting (every 200 ms) when its connection drops.
    /// </summary>
    internal static async Task<HubConnection> DesktopAsync(Uri haproxy, HttpClient signedIn, CookieContainer cookies)
    {
        var token = signedIn.DefaultRequestHeaders.Authorization!.Parameter;
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(haproxy, "/hubs/agent"), o =>
            {
                o.AccessTokenProvider = () => Task.FromResult(token);
                o.Cookies = cookies;
                o.Transports = Microsoft.AspNetCore.Http.Connections.HttpTransportType.WebSockets;
            })
            .WithAutomaticReconnect(new EveryFifthOfASecond())
            .AddJsonProtocol()
            .Build();
        await connection.StartAsync();
        return connection;
    }

    /// <summary>The node HAProxy pinned the desktop to (its TCCNODE cookie).</summary>
    private static string NodeCookie(CookieContainer cookies, Uri haproxy) =>
        cookies.GetCookies(haproxy)["TCCNODE"]?.Value ?? throw new InvalidOperationException("HAProxy set no TCCNODE cookie.");

    private sealed class EveryFifthOfASecond : IRetryPolicy
    {
        public TimeSpan? NextRetryDelay(RetryContext retryContext) => TimeSpan.FromMilliseconds(200);
    }
}
