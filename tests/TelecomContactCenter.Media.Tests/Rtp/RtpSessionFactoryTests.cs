using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Time.Testing;
using TelecomContactCenter.Media.Ports;
using TelecomContactCenter.Media.Rtp;

namespace TelecomContactCenter.Media.Tests.Rtp;

public sealed class RtpSessionFactoryTests
{
    private static readonly RtpSessionOptions Options = new() { Cname = "t" };

    [Fact]
    public void TryOpen_OnlyPairIsHeldByAnotherSocket_FailsAndReturnsTheLease()
    {
        using var squatter = BindEvenEphemeralPort();
        var port = ((IPEndPoint)squatter.LocalEndPoint!).Port;
        var allocator = new RtpPortAllocator(new RtpPortOptions { MinPort = port, MaxPort = port + 1 });
        var factory = new RtpSessionFactory(allocator, new FakeTimeProvider());

        var opened = factory.TryOpen(IPAddress.Loopback, Options, out var session);

        Assert.False(opened);
        Assert.Null(session);
        Assert.Equal(0, allocator.InUse);
    }

    [Fact]
    public async Task DisposeAsync_SessionOnALeasedPair_ReturnsThePairToTheAllocator()
    {
        var (allocator, factory) = FactoryOnFreshEphemeralRange();
        Assert.True(factory.TryOpen(IPAddress.Loopback, Options, out var session));
        var port = session.LocalRtpEndPoint.Port;
        Assert.Equal((1, port + 1), (allocator.InUse, session.LocalRtcpEndPoint.Port));

        await session.DisposeAsync();

        Assert.Equal(0, allocator.InUse);
    }

    // Ports the OS just handed out and released are, in practice, free for the moment the test needs them.
    private static (RtpPortAllocator Allocator, RtpSessionFactory Factory) FactoryOnFreshEphemeralRange()
    {
        int port;
        using (var probe = BindEvenEphemeralPort())
        {
            port = ((IPEndPoint)probe.LocalEndPoint!).Port;
        }

        var allocator = new RtpPortAllocator(new RtpPortOptions { MinPort = port, MaxPort = port + 1 });
        return (allocator, new RtpSessionFactory(allocator, new FakeTimeProvider()));
    }

    private static Socket BindEvenEphemeralPort()
    {
        while (true)
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            var port = ((IPEndPoint)socket.LocalEndPoint!).Port;
            if (port % 2 == 0 && port < 65535)
            {
                return socket;
            }

            socket.Dispose();
        }
    }
}
