using System.Net.Sockets;
using System.Text;
using TelecomContactCenter.Sip.Messages;
using TelecomContactCenter.Sip.Transport;

namespace TelecomContactCenter.Sip.Tests.Transport;

public sealed class TcpTransportTests
{
    [Fact]
    public async Task Receive_SplitAndCoalescedMessagesWithKeepAlives_FramesEachByContentLength()
    {
        await using var fixture = await TransportFixture.StartAsync();
        using var client = new TcpClient();
        await client.ConnectAsync(fixture.Layer.TcpEndPoint);
        var stream = client.GetStream();
        var first = TransportFixture.Options("z9hG4bKt1", 9, "TCP", "c1");
        var second = TransportFixture.Options("z9hG4bKt2", 9, "TCP", "c2").Replace("Content-Length: 0", "Content-Length: 4", StringComparison.Ordinal) + "body";
        var third = TransportFixture.Options("z9hG4bKt3", 9, "TCP", "c3");
        var all = Encoding.UTF8.GetBytes("\r\n\r\n" + first + second + "\r\n" + third);

        await stream.WriteAsync(all.AsMemory(0, 50));
        await stream.FlushAsync();
        await stream.WriteAsync(all.AsMemory(50));
        var received = new[] { await fixture.NextAsync(), await fixture.NextAsync(), await fixture.NextAsync() };

        Assert.Equal(["c1", "c2", "c3"], received.Select(r => r.Message.CallId));
        Assert.Equal("body", Encoding.UTF8.GetString(received[1].Message.Body.Span));
        Assert.All(received, r => Assert.Equal(SipTransportNames.Tcp, r.Source.Transport));
    }

    [Fact]
    public async Task SendResponse_OverTcp_ReturnsOnTheSameConnection()
    {
        await using var fixture = await TransportFixture.StartAsync();
        using var client = new TcpClient();
        await client.ConnectAsync(fixture.Layer.TcpEndPoint);
        var stream = client.GetStream();

        await stream.WriteAsync(Encoding.UTF8.GetBytes(TransportFixture.Options("z9hG4bKt4", 9, "TCP")));
        var inbound = await fixture.NextAsync();
        await fixture.Layer.SendResponseAsync(SipResponse.CreateFor((SipRequest)inbound.Message, 200, toTag: "x"), inbound.Source, CancellationToken.None);
        var buffer = new byte[2048];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        var read = await stream.ReadAsync(buffer, timeout.Token);

        Assert.StartsWith("SIP/2.0 200 OK\r\n", Encoding.UTF8.GetString(buffer, 0, read), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendResponse_ConnectionGone_ConnectsToViaSentBy()
    {
        await using var fixture = await TransportFixture.StartAsync();
        var phone = new TcpListener(System.Net.IPAddress.Loopback, 0);
        phone.Start();
        var port = ((System.Net.IPEndPoint)phone.LocalEndpoint).Port;
        var request = (SipRequest)TelecomContactCenter.Sip.Parsing.SipParser.ParseMessage(TransportFixture.Options("z9hG4bKt5", port, "TCP")
            .Replace("10.1.1.1", "127.0.0.1", StringComparison.Ordinal));
        var gone = new SipPeer(SipTransportNames.Tcp, new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 1), ConnectionId: 999);

        await fixture.Layer.SendResponseAsync(SipResponse.CreateFor(request, 200, toTag: "x"), gone, CancellationToken.None);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        using var accepted = await phone.AcceptTcpClientAsync(timeout.Token);
        var buffer = new byte[2048];
        var read = await accepted.GetStream().ReadAsync(buffer, timeout.Token);
        phone.Stop();

        Assert.StartsWith("SIP/2.0 200 OK\r\n", Encoding.UTF8.GetString(buffer, 0, read), StringComparison.Ordinal);
    }
}
