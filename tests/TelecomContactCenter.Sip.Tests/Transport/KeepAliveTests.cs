using System.Net;
using System.Net.Sockets;
using TelecomContactCenter.Sip.Authentication;
using TelecomContactCenter.Sip.Tests.Registrar;

namespace TelecomContactCenter.Sip.Tests.Transport;

/// <summary>RFC 5626 §3.5.1 keep-alives on a TCP flow, against the running stack.</summary>
public sealed class KeepAliveTests
{
    [Fact]
    public async Task Tcp_DoubleCrlfPing_IsAnsweredWithOneCrlfPongAndTheFlowStaysOpen()
    {
        await using var harness = await RegistrarHarness.StartAsync(new DigestOptions());
        using var phone = new TcpClient();
        await phone.ConnectAsync(IPAddress.Loopback, harness.TcpPort);
        var flow = phone.GetStream();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));

        await flow.WriteAsync("\r\n\r\n"u8.ToArray(), deadline.Token);
        var pong = new byte[2];
        await flow.ReadExactlyAsync(pong, deadline.Token);
        await flow.WriteAsync("\r\n\r\n"u8.ToArray(), deadline.Token);
        var second = new byte[2];
        await flow.ReadExactlyAsync(second, deadline.Token);

        Assert.Equal("\r\n"u8.ToArray(), pong);
        Assert.Equal("\r\n"u8.ToArray(), second);
    }
}
