using System.Net;
using System.Net.Sockets;
using System.Text;

namespace TelecomContactCenter.Media.Tests.Sipp;

/// <summary>
/// Just enough of a SIP UAS over UDP for one test call from sipp: it reads requests and answers them with the
/// headers RFC 3261 §8.2.6 says a response copies. The real SIP stack lives elsewhere; this only lets the media
/// layer meet a real peer.
/// </summary>
internal sealed class MinimalUas : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly byte[] _buffer = new byte[65535];

    public MinimalUas() => _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));

    public IPEndPoint EndPoint => (IPEndPoint)_socket.LocalEndPoint!;

    public async Task<SipRequest> ReceiveAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await _socket.ReceiveFromAsync(_buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), cancellationToken);
            var text = Encoding.UTF8.GetString(_buffer, 0, result.ReceivedBytes);
            if (!text.StartsWith("SIP/2.0", StringComparison.Ordinal))
            {
                return SipRequest.Parse(text, (IPEndPoint)result.RemoteEndPoint);
            }
        }
    }

    public async Task RespondAsync(SipRequest request, int status, string reason, string? sdp, CancellationToken cancellationToken)
    {
        var response = new StringBuilder()
            .Append("SIP/2.0 ").Append(status).Append(' ').Append(reason).Append("\r\n")
            .Append("Via: ").Append(request.Header("Via")).Append("\r\n")
            .Append("From: ").Append(request.Header("From")).Append("\r\n")
            .Append("To: ").Append(request.Header("To")).Append(request.Header("To").Contains(";tag=", StringComparison.Ordinal) ? string.Empty : ";tag=ivr1").Append("\r\n")
            .Append("Call-ID: ").Append(request.Header("Call-ID")).Append("\r\n")
            .Append("CSeq: ").Append(request.Header("CSeq")).Append("\r\n")
            .Append("Contact: <sip:ivr@").Append(EndPoint).Append(">\r\n");
        var body = sdp ?? string.Empty;
        if (sdp is not null)
        {
            response.Append("Content-Type: application/sdp\r\n");
        }

        response.Append("Content-Length: ").Append(Encoding.UTF8.GetByteCount(body)).Append("\r\n\r\n").Append(body);
        await _socket.SendToAsync(Encoding.UTF8.GetBytes(response.ToString()), request.Source, cancellationToken);
    }

    public void Dispose() => _socket.Dispose();
}

internal sealed record SipRequest(string Method, IReadOnlyList<string> Headers, string Body, IPEndPoint Source)
{
    public string Header(string name) =>
        Headers.First(h => h.StartsWith(name + ":", StringComparison.OrdinalIgnoreCase))[(name.Length + 1)..].Trim();

    public static SipRequest Parse(string text, IPEndPoint source)
    {
        var split = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var head = text[..split].Split("\r\n");
        return new SipRequest(head[0].Split(' ')[0], head[1..], text[(split + 4)..], source);
    }
}
