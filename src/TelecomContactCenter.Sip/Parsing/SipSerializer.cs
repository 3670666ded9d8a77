using System.Buffers;
using System.Globalization;
using System.Text;
using TelecomContactCenter.Sip.Messages;

namespace TelecomContactCenter.Sip.Parsing;

/// <summary>
/// Writes the canonical wire form: one start line, one "Name: value" line per header in order (long names),
/// Content-Length always equal to the body, then the body.
/// </summary>
public static class SipSerializer
{
    public static byte[] Serialize(SipMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var writer = new ArrayBufferWriter<byte>(512 + message.Body.Length);
        Write(message, writer);
        return writer.WrittenSpan.ToArray();
    }

    public static void Write(SipMessage message, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(output);
        var head = new StringBuilder(512);
        switch (message)
        {
            case SipRequest request:
                head.Append(request.Method).Append(' ').Append(request.RequestUri).Append(' ').Append(SipMessage.Version);
                break;
            case SipResponse response:
                head.Append(SipMessage.Version).Append(' ')
                    .Append(response.StatusCode.ToString(CultureInfo.InvariantCulture)).Append(' ')
                    .Append(response.ReasonPhrase);
                break;
            default:
                throw new ArgumentException("Unknown message kind.", nameof(message));
        }

        head.Append("\r\n");
        var lengthWritten = false;
        foreach (var header in message.Headers)
        {
            if (header.Name == SipHeaderNames.ContentLength)
            {
                if (lengthWritten)
                {
                    continue;
                }

                lengthWritten = true;
                AppendContentLength(head, message.Body.Length);
                continue;
            }

            head.Append(header.Name).Append(": ").Append(header.Value).Append("\r\n");
        }

        if (!lengthWritten)
        {
            AppendContentLength(head, message.Body.Length);
        }

        head.Append("\r\n");
        Encoding.UTF8.GetBytes(head.ToString(), output);
        output.Write(message.Body.Span);
    }

    private static void AppendContentLength(StringBuilder head, int length) =>
        head.Append(SipHeaderNames.ContentLength).Append(": ")
            .Append(length.ToString(CultureInfo.InvariantCulture)).Append("\r\n");
}
