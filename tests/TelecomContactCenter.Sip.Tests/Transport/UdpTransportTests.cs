using System.Net;
using System.Text;
using TelecomContactCenter.Sip.Messages;

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
}
