using System.Net;
using System.Net.Sockets;
using System.Text;
using TelecomContactCenter.Sip.Messages;
using TelecomContactCenter.Sip.Parsing;

namespace TelecomContactCenter.Sip.Tests.UserAgent;

/// <summary>A hand-driven UDP peer: writes exact requests and reads the stack's responses.</summary>
internal sealed class RawSipClient(IPEndPoint stack) : IDisposable
{
    private readonly UdpClient _udp = new(new IPEndPoint(IPAddress.Loopback, 0));

    public int Port => ((IPEndPoint)_udp.Client.LocalEndPoint!).Port;

    public Task SendAsync(string text) => _udp.SendAsync(Encoding.UTF8.GetBytes(text), stack).AsTask();

    public string Request(string method, string callId, long cseq, string? toTag = null, string branch = "z9hG4bKraw", string body = "") =>
        $"{method} sip:10000@127.0.0.1:{stack.Port} SIP/2.0\r\n" +
        $"Via: SIP/2.0/UDP 127.0.0.1:{Port};branch={branch}{cseq};rport\r\n" +
        "From: <sip:caller@127.0.0.1>;tag=c1\r\n" +
        $"To: <sip:10000@127.0.0.1>{(toTag is null ? string.Empty : ";tag=" + toTag)}\r\n" +
        $"Call-ID: {callId}\r\nCSeq: {cseq} {method}\r\nMax-Forwards: 70\r\n" +
        $"Contact: <sip:caller@127.0.0.1:{Port}>\r\n" +
        (body.Length > 0 ? "Content-Type: application/sdp\r\n" : string.Empty) +
        $"Content-Length: {Encoding.UTF8.GetByteCount(body)}\r\n\r\n{body}";

    /// <summary>The next response whose status is at least <paramref name="minimumStatus"/> (for that method).</summary>
    public async Task<SipResponse> ReceiveAsync(int minimumStatus = 101, string? method = null)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        while (true)
        {
            var datagram = await _udp.ReceiveAsync(timeout.Token);
            var message = SipParser.ParseMessage(datagram.Buffer);
            if (message is SipResponse response && response.StatusCode >= minimumStatus
                && (method is null || response.CSeq?.Method == method))
            {
                return response;
            }
        }
    }

    public void Dispose() => _udp.Dispose();
}
