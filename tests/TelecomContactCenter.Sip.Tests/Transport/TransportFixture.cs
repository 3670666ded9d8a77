using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Logging.Abstractions;
using TelecomContactCenter.Sip.Transport;

namespace TelecomContactCenter.Sip.Tests.Transport;

/// <summary>A transport layer on ephemeral loopback ports whose inbound messages land in a channel.</summary>
internal sealed class TransportFixture : IAsyncDisposable
{
    private TransportFixture(SipTransportLayer layer) => Layer = layer;

    public SipTransportLayer Layer { get; }

    public Channel<InboundMessage> Inbound { get; } = Channel.CreateUnbounded<InboundMessage>();

    /// <summary>Starts a layer; by default with one UDP worker, so datagrams reach the channel in arrival order.</summary>
    public static async Task<TransportFixture> StartAsync(SipTransportOptions? options = null, TimeProvider? time = null)
    {
        var layer = new SipTransportLayer(
            options ?? new SipTransportOptions { Address = "127.0.0.1", UdpPort = 0, TcpPort = 0, UdpWorkers = 1 }, NullLogger<SipTransportLayer>.Instance, time);
        var fixture = new TransportFixture(layer);
        await layer.StartAsync((message, token) => fixture.Inbound.Writer.WriteAsync(message, token), CancellationToken.None);
        return fixture;
    }

    public async Task<InboundMessage> NextAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        return await Inbound.Reader.ReadAsync(timeout.Token);
    }

    public ValueTask DisposeAsync() => Layer.DisposeAsync();

    public static string Options(string branch, int localPort, string transport = "UDP", string callId = "t-1") =>
        "OPTIONS sip:10000@127.0.0.1 SIP/2.0\r\n" +
        $"Via: SIP/2.0/{transport} 10.1.1.1:{localPort};branch={branch};rport\r\n" +
        "Max-Forwards: 70\r\nFrom: <sip:tester@example.com>;tag=a1\r\nTo: <sip:10000@example.com>\r\n" +
        $"Call-ID: {callId}\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n";

    public static async Task<string> ReceiveTextAsync(UdpClient client)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        var result = await client.ReceiveAsync(timeout.Token);
        return Encoding.UTF8.GetString(result.Buffer);
    }

    public static UdpClient NewUdpClient() => new(new IPEndPoint(IPAddress.Loopback, 0));
}
