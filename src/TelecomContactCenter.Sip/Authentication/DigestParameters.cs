namespace TelecomContactCenter.Sip.Authentication;

/// <summary>
/// Reads the auth-param list of a credentials value (RFC 2617 §1.2, RFC 3261 §25.1): comma-separated
/// <c>name=token</c> or <c>name="quoted string"</c> pairs with optional linear white space, where a backslash in a
/// quoted string escapes the next character. Digest-specific, so it lives here and not in the message parser.
/// </summary>
public static class DigestParameters
{
    private const int MaxParameters = 32;

    /// <summary>Splits <c>Digest a=b, c="d"</c> into its scheme and parameters; names are case-insensitive.</summary>
    public static bool TryParse(
        string value,
        out string scheme,
        out IReadOnlyDictionary<string, string> parameters)
    {
        scheme = string.Empty;
        parameters = new Dictionary<string, string>(0);
        var text = value.AsSpan().Trim();
        var schemeEnd = 0;
        while (schemeEnd < text.Length && IsTokenChar(text[schemeEnd]))
        {
            schemeEnd++;
        }

        if (schemeEnd == 0 || (schemeEnd < text.Length && !IsWhiteSpace(text[schemeEnd])))
        {
            return false;
        }

        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var position = schemeEnd;
        while (true)
        {
            SkipWhiteSpace(text, ref position);
            if (position >= text.Length)
            {
                break;
            }

            if (!TryReadParameter(text, ref position, out var name, out var parameterValue)
                || result.Count >= MaxParameters
                || !result.TryAdd(name, parameterValue))
            {
                return false;
            }

            SkipWhiteSpace(text, ref position);
            if (position < text.Length)
            {
                if (text[position] != ',')
                {
                    return false;
                }

                position++;
            }
        }

        scheme = text[..schemeEnd].ToString();
        parameters = result;
        return true;
    }

    private static bool TryReadParameter(ReadOnlySpan<char> text, ref int position, out string name, out string value)
    {
        name = value = string.Empty;
        var nameStart = position;
        while (position < text.Length && IsTokenChar(text[position]))
        {
            position++;
        }

        if (position == nameStart)
        {
            return false;
        }

        name = text[nameStart..position].ToString();
        SkipWhiteSpace(text, ref position);
        if (position >= text.Length || text[position] != '=')
        {
            return false;
        }

        position++;
        SkipWhiteSpace(text, ref position);
        if (position < text.Length && text[position] == '"')
        {
            return TryReadQuoted(text, ref position, out value);
        }

        var valueStart = position;
        while (position < text.Length && IsTokenChar(text[position]))
        {
            position++;
        }

        value = text[valueStart..position].ToString();
        return position > valueStart;
    }

    private static bool TryReadQuoted(ReadOnlySpan<char> text, ref int position, out string value)
    {
        value = string.Empty;
        position++;
        var builder = new System.Text.StringBuilder();
        while (position < text.Length)
        {
            var c = text[position++];
            if (c == '"')
            {
                value = builder.ToString();
                return true;
            }

            if (c == '\\')
            {
                // quoted-pair excludes CR and LF (RFC 3261 §25.1).
                if (position >= text.Length || text[position] is '\r' or '\n')
                {
                    return false;
                }

                c = text[position++];
            }

            builder.Append(c);
        }

        return false;
    }

    private static void SkipWhiteSpace(ReadOnlySpan<char> text, ref int position)
    {
        while (position < text.Length && IsWhiteSpace(text[position]))
        {
            position++;
        }
    }

    private static bool IsWhiteSpace(char c) => c is ' ' or '\t' or '\r' or '\n';

    // token characters of RFC 3261 §25.1.
    private static bool IsTokenChar(char c) =>
        char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '!' or '%' or '*' or '_' or '+' or '`' or '\'' or '~';
}
