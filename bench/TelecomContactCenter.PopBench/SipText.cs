using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace TelecomContactCenter.PopBench;

/// <summary>
/// Just enough SIP text for the bench's own trunk and phones: a received message split into start line, headers
/// and body, and responses built from a request. The bench does not use the product's SIP stack, so the server is
/// measured against an independent peer.
/// </summary>
internal sealed class SipText
{
    /// <summary>
    /// Reads datagrams until <paramref name="cancellationToken"/> fires or the socket closes, handing each parsed
    /// message to <paramref name="handle"/> with its sender and the Stopwatch timestamp it was read at.
    /// </summary>
    public static async Task ReceiveAllAsync(Socket socket, Func<SipText, IPEndPoint, long, Task> handle, CancellationToken cancellationToken)
    {
        var buffer = new byte[65_536];
        EndPoint any = new IPEndPoint(IPAddress.Any, 0);
        while (!cancellationToken.IsCancellationRequested)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await socket.ReceiveFromAsync(buffer, SocketFlags.None, any, cancellationToken);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            var at = Stopwatch.GetTimestamp();
            if (Parse(buffer.AsSpan(0, received.ReceivedBytes)) is { } message)
            {
                await handle(message, (IPEndPoint)received.RemoteEndPoint, at);
            }
        }
    }

    private static readonly Dictionary<string, string> Compact = new(StringComparer.OrdinalIgnoreCase)
    {
        ["i"] = "Call-ID",
        ["f"] = "From",
        ["t"] = "To",
        ["v"] = "Via",
        ["m"] = "Contact",
        ["l"] = "Content-Length",
        ["c"] = "Content-Type",
    };

    private SipText(string startLine, List<(string Name, string Value)> headers, string body)
    {
        StartLine = startLine;
        Headers = headers;
        Body = body;
        var parts = startLine.Split(' ', 3);
        IsResponse = parts[0].StartsWith("SIP/", StringComparison.Ordinal);
        if (IsResponse)
        {
            Status = int.Parse(parts[1], CultureInfo.InvariantCulture);
            Method = CSeqMethod;
        }
        else
        {
            Method = parts[0];
            RequestUri = parts[1];
        }
    }

    public string StartLine { get; }

    public List<(string Name, string Value)> Headers { get; }

    public string Body { get; }

    public bool IsResponse { get; }

    public int Status { get; }

    public string Method { get; }

    public string RequestUri { get; } = "";

    public string CallId => Header("Call-ID") ?? "";

    public string CSeqMethod => (Header("CSeq") ?? " ").Split(' ', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? "";

    public string? Header(string name) => Headers.FirstOrDefault(h => string.Equals(h.Name, name, StringComparison.OrdinalIgnoreCase)).Value;

    public IEnumerable<string> All(string name) =>
        Headers.Where(h => string.Equals(h.Name, name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value);

    public static SipText? Parse(ReadOnlySpan<byte> datagram)
    {
        var text = Encoding.UTF8.GetString(datagram);
        var split = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (split < 0)
        {
            return null;
        }

        var lines = text[..split].Split("\r\n");
        var headers = new List<(string, string)>(lines.Length);
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                var name = line[..colon].Trim();
                headers.Add((Compact.GetValueOrDefault(name, name), line[(colon + 1)..].Trim()));
            }
        }

        return new SipText(lines[0], headers, text[(split + 4)..]);
    }

    /// <summary>The tag parameter of a From or To value, if any.</summary>
    public static string? Tag(string? nameAddress)
    {
        var at = nameAddress?.IndexOf(";tag=", StringComparison.OrdinalIgnoreCase) ?? -1;
        if (at < 0)
        {
            return null;
        }

        var rest = nameAddress![(at + 5)..];
        var end = rest.IndexOfAny([';', '>', ' ']);
        return end < 0 ? rest : rest[..end];
    }

    /// <summary>The URI inside &lt;...&gt; of a Contact, From or To value.</summary>
    public static string Uri(string nameAddress)
    {
        var open = nameAddress.IndexOf('<', StringComparison.Ordinal);
        var close = nameAddress.IndexOf('>', StringComparison.Ordinal);
        return open >= 0 && close > open ? nameAddress[(open + 1)..close] : nameAddress.Split(';')[0].Trim();
    }

    /// <summary>The user part of a SIP URI (sip:user@host).</summary>
    public static string User(string uri)
    {
        var start = uri.IndexOf(':', StringComparison.Ordinal) + 1;
        var at = uri.IndexOf('@', StringComparison.Ordinal);
        return at > start ? uri[start..at] : "";
    }

    /// <summary>The host:port part of a SIP URI (sip:user@host:port;parameters).</summary>
    public static string HostPort(string uri)
    {
        var start = Math.Max(uri.IndexOf('@', StringComparison.Ordinal), uri.IndexOf(':', StringComparison.Ordinal)) + 1;
        var end = uri.IndexOfAny([';', '?', '>'], start);
        return end < 0 ? uri[start..] : uri[start..end];
    }

    /// <summary>
    /// A response to this request: Via, From, Call-ID and CSeq copied; To gets <paramref name="toTag"/> when it has
    /// none; a response that sets up a dialog (101-299 to an INVITE) copies Record-Route too (RFC 3261 §12.1.1), so a
    /// proxy that recorded the route (the cluster's Kamailio) stays in the dialog.
    /// </summary>
    public byte[] Response(int status, string reason, string? toTag, string? contact = null, string? sdp = null)
    {
        var builder = new StringBuilder(512);
        builder.Append(CultureInfo.InvariantCulture, $"SIP/2.0 {status} {reason}\r\n");
        AppendAll(builder, "Via", All("Via"));
        if (Method == "INVITE" && status is > 100 and < 300)
        {
            AppendAll(builder, "Record-Route", All("Record-Route"));
        }

        var to = Header("To") ?? "";
        if (toTag is not null && Tag(to) is null)
        {
            to += ";tag=" + toTag;
        }

        builder.Append("From: ").Append(Header("From")).Append("\r\n");
        builder.Append("To: ").Append(to).Append("\r\n");
        builder.Append("Call-ID: ").Append(CallId).Append("\r\n");
        builder.Append("CSeq: ").Append(Header("CSeq")).Append("\r\n");
        if (contact is not null)
        {
            builder.Append("Contact: ").Append(contact).Append("\r\n");
        }

        return Finish(builder, sdp);
    }

    /// <summary>One header line per value, in order.</summary>
    public static StringBuilder AppendAll(StringBuilder builder, string name, IEnumerable<string> values)
    {
        foreach (var value in values)
        {
            builder.Append(name).Append(": ").Append(value).Append("\r\n");
        }

        return builder;
    }

    /// <summary>Content-Type (when there is a body), Content-Length, blank line, body.</summary>
    public static byte[] Finish(StringBuilder builder, string? sdp)
    {
        if (sdp is not null)
        {
            builder.Append("Content-Type: application/sdp\r\n");
        }

        var body = sdp ?? "";
        builder.Append(CultureInfo.InvariantCulture, $"Content-Length: {Encoding.UTF8.GetByteCount(body)}\r\n\r\n").Append(body);
        return Encoding.UTF8.GetBytes(builder.ToString());
    }

    /// <summary>A G.711 µ-law offer or answer pointing at <paramref name="rtpPort"/> on loopback.</summary>
    public static string Sdp(int rtpPort, long sessionId) => string.Create(CultureInfo.InvariantCulture,
        $"v=0\r\no=bench {sessionId} 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n" +
        $"m=audio {rtpPort} RTP/AVP 0 101\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-15\r\na=sendrecv\r\n");
}
