using System.Text;

namespace TelecomContactCenter.Sip.Transport;

/// <summary>What the framer found at the start of a stream buffer.</summary>
public enum SipFrameStatus
{
    NeedMoreData,
    Frame,
    Invalid,
}

/// <summary>
/// Finds message boundaries on a stream transport by Content-Length (RFC 3261 §18.3). CRLFs between messages
/// (keep-alives, RFC 5626 §3.5.1) are skipped.
/// </summary>
public static class SipStreamFramer
{
    private static ReadOnlySpan<byte> HeaderEnd => "\r\n\r\n"u8;

    /// <param name="buffer">Octets received so far.</param>
    /// <param name="maxMessageSize">Largest frame accepted.</param>
    /// <param name="skip">Leading CR/LF octets to drop before the frame.</param>
    /// <param name="length">Frame length after <paramref name="skip"/> when <see cref="SipFrameStatus.Frame"/>.</param>
    public static SipFrameStatus TryFrame(ReadOnlySpan<byte> buffer, int maxMessageSize, out int skip, out int length)
    {
        skip = 0;
        length = 0;
        while (skip < buffer.Length && buffer[skip] is (byte)'\r' or (byte)'\n')
        {
            skip++;
        }

        var data = buffer[skip..];
        var headerEnd = data.IndexOf(HeaderEnd);
        if (headerEnd < 0)
        {
            return data.Length > maxMessageSize ? SipFrameStatus.Invalid : SipFrameStatus.NeedMoreData;
        }

        var bodyLength = 0;
        foreach (var range in data[..headerEnd].Split("\r\n"u8))
        {
            var line = data[range];
            var colon = line.IndexOf((byte)':');
            if (colon <= 0)
            {
                continue;
            }

            var name = line[..colon].TrimEnd(" \t"u8);
            if (name.SequenceEqual("l"u8) || name.SequenceEqual("L"u8) || Ascii.EqualsIgnoreCase(name, "Content-Length"u8))
            {
                var value = line[(colon + 1)..].Trim(" \t"u8);
                if (!int.TryParse(value, System.Globalization.NumberStyles.None, null, out bodyLength))
                {
                    return SipFrameStatus.Invalid;
                }
            }
        }

        var total = headerEnd + 4 + (long)bodyLength;
        if (total > maxMessageSize)
        {
            return SipFrameStatus.Invalid;
        }

        if (data.Length < total)
        {
            return SipFrameStatus.NeedMoreData;
        }

        length = (int)total;
        return SipFrameStatus.Frame;
    }
}
