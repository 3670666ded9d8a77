using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using TelecomContactCenter.Sip.Transport;

namespace TelecomContactCenter.Sip.Tests.Transport;

public sealed class TcpConnectionLimitTests
{
    private static SipTransportOptions Options(int maxConnections = 10) => new()
    {
        Address = "127.0.0.1",
        UdpPort = 0,
        TcpPort = 0,
        MaxTcpConnections = maxConnections,
        TcpIdleTimeout = TimeSpan.FromMinutes(1),
    };

    [Fact]
    public async Task IdleConnection_PastTimeout_IsClosed()
    {
        var clock = new FakeTimeProvider();
        await using var fixture = await TransportFixture.StartAsync(Options(), clock);
        using var client = new TcpClient();
        await client.ConnectAsync(fixture.Layer.TcpEndPoint);
        await client.GetStream().WriteAsync(Encoding.UTF8.GetBytes(TransportFixture.Options("z9hG4bKi1", 9, "TCP")));
        await fixture.NextAsync();

        clock.Advance(TimeSpan.FromSeconds(30));
        var openBeforeTimeout = client.Client.Poll(0, SelectMode.SelectRead) == false;
        clock.Advance(TimeSpan.FromSeconds(45));

        Assert.True(openBeforeTimeout);
        Assert.Equal(0, await ReadAsync(client));
    }

    [Fact]
    public async Task Accept_BeyondLimit_ClosesTheNewConnectionOnly()
    {
        await using var fixture = await TransportFixture.StartAsync(Options(maxConnections: 1));
        using var first = new TcpClient();
        await first.ConnectAsync(fixture.Layer.TcpEndPoint);
        await first.GetStream().WriteAsync(Encoding.UTF8.GetBytes(TransportFixture.Options("z9hG4bKl1", 9, "TCP", "l1")));
        await fixture.NextAsync();

        using var second = new TcpClient();
        await second.ConnectAsync(fixture.Layer.TcpEndPoint);
        var refused = await ReadAsync(second);
        await first.GetStream().WriteAsync(Encoding.UTF8.GetBytes(TransportFixture.Options("z9hG4bKl2", 9, "TCP", "l2")));
        var stillServed = await fixture.NextAsync();

        Assert.Equal(0, refused);
        Assert.Equal("l2", stillServed.Message.CallId);
    }

    private static async Task<int> ReadAsync(TcpClient client)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            return await client.GetStream().ReadAsync(new byte[64], timeout.Token);
        }
        catch (IOException)
        {
            return 0;
        }
    }
}
