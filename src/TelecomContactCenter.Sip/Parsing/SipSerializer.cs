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
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? _scratch;

    public static byte[] Serialize(SipMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);

        // One scratch buffer per thread, so a message costs one array: the bytes it is sent as.
        var writer = _scratch ??= new ArrayBufferWriter<byte>(2048);
        writer.ResetWrittenCount();
        Write(message, writer);
        var bytes = writer.WrittenSpan.ToArray();
        if (writer.Capacity > 64 * 1024)
        {
            _scratch = null;
        }

        return bytes;
    }

    public static void Write(SipMessage message, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(output);

        // Straight into the output, piece by piece: no intermediate text of the whole message.
        switch (message)
        {
            case SipRequest request:
                Put(output, request.Method);
                output.Write(" "u8);
                Put(output, request.RequestUri.ToString());
                output.Write(" SIP/2.0\r\n"u8);
                break;
            case SipResponse response:
                output.Write("SIP/2.0 "u8);
                PutNumber(output, response.StatusCode);
                output.Write(" "u8);
                Put(output, response.ReasonPhrase);
                output.Write("\r\n"u8);
                break;
            default:
                throw new ArgumentException("Unknown message kind.", nameof(message));
        }

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
                PutContentLength(output, message.Body.Length);
                continue;
            }

            Put(output, header.Name);
            output.Write(": "u8);
            Put(output, header.Value);
            output.Write("\r\n"u8);
        }

        if (!lengthWritten)
        {
            PutContentLength(output, message.Body.Length);
        }

        output.Write("\r\n"u8);
        output.Write(message.Body.Span);
    }

    private static void Put(IBufferWriter<byte> output, string? text) => Encoding.UTF8.GetBytes(text.AsSpan(), output);

    private static void PutNumber(IBufferWriter<byte> output, int value)
    {
        Span<byte> digits = stackalloc byte[11];
        value.TryFormat(digits, out var written, default, CultureInfo.InvariantCulture);
        output.Write(digits[..written]);
    }

    private static void PutContentLength(IBufferWriter<byte> output, int length)
    {
        output.Write("Content-Length: "u8);
        PutNumber(output, length);
        output.Write("\r\n"u8);
    }
}
