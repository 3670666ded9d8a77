using System.Net;
using System.Text;
using TelecomContactCenter.Sip.Messages;
using TelecomContactCenter.Sip.Transport;

namespace TelecomContactCenter.Sip.Tests.Transport;

public sealed class UdpTransportTests
{
    [Fact]
    public async Task Receive_RequestWithRport_StampsReceivedAndRportAndAnswersToSourcePort()
    {
        await using var fixture = await TransportFixture.StartAsync();
        using var client = TransportFixture.NewUdpClient();
        var clientPort = ((IPEndPoint)client.Client.LocalEndPoint!).Port;

        await client.SendAsync(Encoding.UTF8.GetBytes(TransportFixture.Options("z9hG4bKu1", 9)), fixture.Layer.UdpEndPoint);
        var inbound = await fixture.NextAsync();
        var request = (SipRequest)inbound.Message;
        await fixture.Layer.SendResponseAsync(SipResponse.CreateFor(request, 200, toTag: "s1"), inbound.Source, CancellationToken.None);
        var answer = await TransportFixture.ReceiveTextAsync(client);

        Assert.Equal("127.0.0.1", request.TopVia!.Received);
        Assert.Equal(clientPort, request.TopVia.RPort);
        Assert.StartsWith("SIP/2.0 200 OK\r\n", answer, StringComparison.Ordinal);
        Assert.Contains($"rport={clientPort}", answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Receive_MalformedButRespondable_Answers400AndKeepsListening()
    {
        await using var fixture = await TransportFixture.StartAsync();
        using var client = TransportFixture.NewUdpClient();
        var bad = TransportFixture.Options("z9hG4bKu2", 9).Replace("Max-Forwards: 70", "Max-Forwards: 300", StringComparison.Ordinal);

        await client.SendAsync(Encoding.UTF8.GetBytes(bad), fixture.Layer.UdpEndPoint);
        var answer = await TransportFixture.ReceiveTextAsync(client);
        await client.SendAsync(Encoding.UTF8.GetBytes(TransportFixture.Options("z9hG4bKu3", 9)), fixture.Layer.UdpEndPoint);
        var next = await fixture.NextAsync();

        Assert.StartsWith("SIP/2.0 400 Bad Request\r\n", answer, StringComparison.Ordinal);
        Assert.Equal(1, fixture.Layer.Statistics.MalformedAnswered);
        Assert.Equal("z9hG4bKu3", next.Message.TopVia!.Branch);
    }

    [Fact]
    public async Task Receive_Garbage_DroppedAndCountedAndKeepsListening()
    {
        await using var fixture = await TransportFixture.StartAsync();
        using var client = TransportFixture.NewUdpClient();

        await client.SendAsync(new byte[] { 0xff, 0x00, 0x41, 0x0d, 0x0a, 0x0d, 0x0a }, fixture.Layer.UdpEndPoint);
        await client.SendAsync("\r\n\r\n"u8.ToArray(), fixture.Layer.UdpEndPoint);
        await client.SendAsync(Encoding.UTF8.GetBytes(TransportFixture.Options("z9hG4bKu4", 9)), fixture.Layer.UdpEndPoint);
        var next = await fixture.NextAsync();

        Assert.Equal("z9hG4bKu4", next.Message.TopVia!.Branch);
        Assert.Equal(1, fixture.Layer.Statistics.MalformedDropped);
        Assert.Equal(2, fixture.Layer.Statistics.Received);
    }

    [Fact]
    public async Task Start_PortZero_ExposesBoundPorts()
    {
        await using var fixture = await TransportFixture.StartAsync();

        Assert.NotEqual(0, fixture.Layer.UdpEndPoint.Port);
        Assert.NotEqual(0, fixture.Layer.TcpEndPoint.Port);
    }

    [Fact]
    public async Task Start_AllInterfacesWithAdvertisedAddress_ReceivesOnEveryInterfaceAndWritesTheAdvertisedAddress()
    {
        await using var fixture = await TransportFixture.StartAsync(
            new SipTransportOptions { Address = "0.0.0.0", AdvertisedAddress = "127.0.0.2", UdpPort = 0, TcpPort = 0, UdpWorkers = 1 });
        using var client = TransportFixture.NewUdpClient();
        var port = fixture.Layer.UdpEndPoint.Port;

        await client.SendAsync(Encoding.UTF8.GetBytes(TransportFixture.Options("z9hG4bKa1", 9)), new IPEndPoint(IPAddress.Loopback, port));
        var first = await fixture.NextAsync();
        await client.SendAsync(Encoding.UTF8.GetBytes(TransportFixture.Options("z9hG4bKa2", 9)), fixture.Layer.UdpEndPoint);
        var second = await fixture.NextAsync();

        Assert.Equal(("z9hG4bKa1", "z9hG4bKa2"), (first.Message.TopVia!.Branch, second.Message.TopVia!.Branch));
        Assert.Equal(new IPEndPoint(IPAddress.Parse("127.0.0.2"), port), fixture.Layer.UdpEndPoint);
        Assert.Equal($"sip:127.0.0.2:{port}", fixture.Layer.CreateContactUri(SipTransportNames.Udp, null).ToString());
        Assert.Equal("127.0.0.2", fixture.Layer.CreateVia(SipTransportNames.Udp, "z9hG4bKv").Host);
    }

    [Theory]
    [InlineData("0.0.0.0", null, "must name the address peers reach")]
    [InlineData("::", "", "must name the address peers reach")]
    [InlineData("0.0.0.0", "edge.example", "is not a concrete IP address")]
    [InlineData("0.0.0.0", "0.0.0.0", "is not a concrete IP address")]
    public async Task Start_AllInterfacesWithoutAConcreteAdvertisedAddress_StopsNamingTheKey(string address, string? advertised, string problem)
    {
        var layer = new SipTransportLayer(new SipTransportOptions { Address = address, AdvertisedAddress = advertised, UdpPort = 0, TcpPort = 0 },
            Microsoft.Extensions.Logging.Abstractions.NullLogger<SipTransportLayer>.Instance);
        await using var _ = layer;

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => layer.StartAsync((_, _) => ValueTask.CompletedTask, CancellationToken.None));

        Assert.Contains("Sip:Transport:AdvertisedAddress", error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }
}
