using System.Text;
using TelecomContactCenter.Sip.Messages;

namespace TelecomContactCenter.Sip.Parsing;

/// <summary>
/// Parses SIP messages from octets (RFC 3261 §7, §18.3): start line, folded header lines, Content-Length framing,
/// then the checks of <see cref="SipMessageValidator"/>. Pure functions over the input; no shared state.
/// </summary>
public static class SipParser
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static ReadOnlySpan<byte> HeaderEnd => "\r\n\r\n"u8;

    /// <summary>Parses one message. A datagram without Content-Length takes the rest of the datagram as body.</summary>
    public static SipParseResult Parse(ReadOnlySpan<byte> data, SipParserOptions? options = null, bool isDatagram = true)
    {
        options ??= SipParserOptions.Default;
        var skipped = SkipLeadingLineEnds(data);
        data = data[skipped..];
        var headerEnd = data.IndexOf(HeaderEnd);
        if (headerEnd < 0)
        {
            return SipParseResult.Failed(data.Length > options.MaxMessageSize ? "Message too large." : "No empty line after the headers.");
        }

        if (headerEnd + 4 > options.MaxMessageSize)
        {
            return SipParseResult.Failed("Message too large.");
        }

        string head;
        try
        {
            head = StrictUtf8.GetString(data[..headerEnd]);
        }
        catch (DecoderFallbackException)
        {
            return SipParseResult.Failed("Header section is not UTF-8.");
        }

        // Lines are read as slices of the header section; only a folded line (§7.3.1) is put together as a new
        // string, and a known header name is the canonical constant, so a header costs one string: its value.
        SipMessage? message = null;
        string? error = null;
        var status = 0;
        var span = head.AsSpan();
        var current = default(Range);
        string? folded = null;
        var index = -1;
        foreach (var range in span.Split("\r\n"))
        {
            var line = span[range];
            if (index >= 0 && line.Length > 0 && SipGrammar.IsWhitespace(line[0]))
            {
                // Folded continuation: the line break and leading whitespace count as one SP (§7.3.1).
                folded = string.Concat((folded ?? span[current].ToString()).AsSpan().TrimEnd(" \t"), " ", line.TrimStart(" \t"));
                continue;
            }

            if (index >= 0 && Accept(index, folded is null ? span[current] : folded.AsSpan(), ref message, ref error, ref status) is { } failed)
            {
                return failed;
            }

            current = range;
            folded = null;
            index++;
        }

        if (Accept(index, folded is null ? span[current] : folded.AsSpan(), ref message, ref error, ref status) is { } last)
        {
            return last;
        }

        if (message is null)
        {
            return SipParseResult.Failed("No start line.");
        }

        var bodyStart = headerEnd + 4;
        var available = data.Length - bodyStart;
        int bodyLength;
        var lengths = message.Headers.GetLines(SipHeaderNames.ContentLength);
        if (lengths.Count == 0)
        {
            bodyLength = isDatagram ? available : 0;
        }
        else
        {
            try
            {
                bodyLength = SipMessage.ParseContentLength(lengths[0]);
                if (lengths.Any(l => SipMessage.ParseContentLength(l) != bodyLength))
                {
                    throw new SipParseException("Content-Length values disagree.");
                }
            }
            catch (SipParseException ex)
            {
                return Result(message, ex.Message, SipStatusCodes.BadRequest, skipped + data.Length);
            }

            if (bodyLength > available)
            {
                return isDatagram
                    ? Result(message, "Content-Length is larger than the body.", SipStatusCodes.BadRequest, skipped + data.Length)
                    : SipParseResult.Failed("Incomplete message.");
            }
        }

        if (bodyStart + bodyLength > options.MaxMessageSize)
        {
            return SipParseResult.Failed("Message too large.", skipped + bodyStart + bodyLength);
        }

        // Octets past Content-Length in a datagram are discarded (RFC 3261 §18.3; RFC 4475 §3.1.1.8).
        message.Body = data.Slice(bodyStart, bodyLength).ToArray();
        var consumed = skipped + bodyStart + bodyLength;
        if (error is null)
        {
            (error, status) = SipMessageValidator.Validate(message);
        }

        return Result(message, error, status, consumed);
    }

    /// <summary>Parses a message that must be valid, or throws <see cref="SipParseException"/>.</summary>
    public static SipMessage ParseMessage(ReadOnlySpan<byte> data, SipParserOptions? options = null)
    {
        var result = Parse(data, options);
        return result.IsSuccess ? result.Message! : throw new SipParseException(result.Error!);
    }

    public static SipMessage ParseMessage(string text) => ParseMessage(Encoding.UTF8.GetBytes(text));

    internal static int SkipLeadingLineEnds(ReadOnlySpan<byte> data)
    {
        var i = 0;
        while (i < data.Length && data[i] is (byte)'\r' or (byte)'\n')
        {
            i++;
        }

        return i;
    }

    private static SipParseResult Result(SipMessage message, string? error, int status, int consumed)
    {
        if (error is null)
        {
            return new SipParseResult { Message = message, BytesConsumed = consumed };
        }

        var respondable = message is SipRequest request && SipMessageValidator.CanRespond(request);
        return new SipParseResult
        {
            Message = respondable ? message : null,
            Error = error,
            StatusCode = status,
            BytesConsumed = consumed,
        };
    }

    /// <summary>Takes line <paramref name="index"/> of the header section: the start line first, then header lines.</summary>
    private static SipParseResult? Accept(int index, ReadOnlySpan<char> line, ref SipMessage? message, ref string? error, ref int status)
    {
        if (index == 0)
        {
            var start = ParseStartLine(line.ToString());
            if (start.Message is null)
            {
                return SipParseResult.Failed(start.Error!);
            }

            (message, error, status) = (start.Message, start.Error, start.Status);
            return null;
        }

        var colon = line.IndexOf(':');
        var name = colon < 0 ? [] : line[..colon].TrimEnd(" \t");
        if (!SipGrammar.IsToken(name))
        {
            return SipParseResult.Failed($"Header line {index} has no valid name.");
        }

        message!.Headers.Add(SipHeaderNames.Normalize(name), line[(colon + 1)..].Trim(" \t").ToString());
        return null;
    }

    private static (SipMessage? Message, string? Error, int Status) ParseStartLine(string line)
    {
        if (line.StartsWith("SIP/", StringComparison.OrdinalIgnoreCase))
        {
            return ParseStatusLine(line);
        }

        var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 3 || !SipGrammar.IsToken(parts[0]))
        {
            return (null, "Malformed Request-Line.", SipStatusCodes.BadRequest);
        }

        var version = parts[^1];
        var rawUri = string.Join(' ', parts[1..^1]);
        string? error = null;
        AddressUri uri;
        try
        {
            uri = AddressUri.Parse(rawUri);
        }
        catch (SipParseException ex)
        {
            uri = new OpaqueUri("invalid", rawUri);
            error = "Malformed Request-URI: " + ex.Message;
        }

        if (parts.Length != 3 || line.Contains('\t', StringComparison.Ordinal) || line.Length != parts.Sum(p => p.Length) + 2)
        {
            error ??= "Request-Line elements must be separated by single SP.";
        }

        var request = new SipRequest(parts[0], uri);
        var status = SipStatusCodes.BadRequest;
        if (!version.Equals(SipMessage.Version, StringComparison.OrdinalIgnoreCase))
        {
            error = "Unsupported SIP version " + version + ".";
            status = version.StartsWith("SIP/", StringComparison.OrdinalIgnoreCase)
                ? SipStatusCodes.VersionNotSupported
                : SipStatusCodes.BadRequest;
        }

        return (request, error, status);
    }

    private static (SipMessage? Message, string? Error, int Status) ParseStatusLine(string line)
    {
        var firstSpace = line.IndexOf(' ', StringComparison.Ordinal);
        if (firstSpace < 0 || !line.AsSpan(0, firstSpace).Equals(SipMessage.Version, StringComparison.OrdinalIgnoreCase))
        {
            return (null, "Malformed or unsupported Status-Line.", SipStatusCodes.BadRequest);
        }

        var rest = line.AsSpan(firstSpace + 1);
        if (rest.Length < 4 || !SipGrammar.IsDigits(rest[..3]) || rest[3] != ' ')
        {
            return (null, "Status code must be three digits followed by SP.", SipStatusCodes.BadRequest);
        }

        var code = int.Parse(rest[..3], System.Globalization.CultureInfo.InvariantCulture);
        if (code < 100 || code > 699)
        {
            return (null, "Status code out of range.", SipStatusCodes.BadRequest);
        }

        return (new SipResponse(code, rest[4..].ToString()), null, 0);
    }
}
