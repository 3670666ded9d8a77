using System.Text;

namespace TelecomContactCenter.Sip.Parsing;

/// <summary>The %HH escaping of RFC 3261 §25.1 (escaped), applied per URI component.</summary>
internal static class SipEscaping
{
    public static string Unescape(ReadOnlySpan<char> value, Func<char, bool> allowed)
    {
        if (value.IndexOf('%') < 0)
        {
            foreach (var c in value)
            {
                if (!allowed(c))
                {
                    throw new SipParseException($"Character '{c}' is not allowed here.");
                }
            }

            return value.ToString();
        }

        var bytes = new List<byte>(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '%')
            {
                if (i + 2 >= value.Length || !char.IsAsciiHexDigit(value[i + 1]) || !char.IsAsciiHexDigit(value[i + 2]))
                {
                    throw new SipParseException("Malformed %-escape.");
                }

                bytes.Add((byte)((HexValue(value[i + 1]) << 4) | HexValue(value[i + 2])));
                i += 2;
            }
            else if (allowed(c))
            {
                bytes.Add((byte)c);
            }
            else
            {
                throw new SipParseException($"Character '{c}' is not allowed here.");
            }
        }

        return Encoding.UTF8.GetString(bytes.ToArray());
    }

    public static void Escape(StringBuilder builder, string value, Func<char, bool> allowed)
    {
        Span<byte> utf8 = stackalloc byte[4];
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c < 0x80 && allowed(c))
            {
                builder.Append(c);
                continue;
            }

            var length = char.IsHighSurrogate(c) && i + 1 < value.Length
                ? Encoding.UTF8.GetBytes(value.AsSpan(i++, 2), utf8)
                : Encoding.UTF8.GetBytes(value.AsSpan(i, 1), utf8);
            for (var b = 0; b < length; b++)
            {
                builder.Append('%').Append(utf8[b].ToString("X2"));
            }
        }
    }

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}
