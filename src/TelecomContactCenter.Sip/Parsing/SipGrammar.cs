namespace TelecomContactCenter.Sip.Parsing;

/// <summary>Character classes of the RFC 3261 §25.1 ABNF, as lookups so parsing needs no regular expressions.</summary>
internal static class SipGrammar
{
    private const string TokenMarks = "-.!%*_+`'~";
    private const string UnreservedMarks = "-_.!~*'()";
    private const string UserUnreserved = "&=+$,;?/";
    private const string PasswordExtra = "&=+$,";
    private const string ParamUnreserved = "[]/:&+$";
    private const string HeaderUnreserved = "[]/?:+$";
    private const string WordMarks = "-.!%*_+`'~()<>:\\\"/[]?{}";

    public static bool IsAlphaNum(char c) => char.IsAsciiLetterOrDigit(c);

    public static bool IsTokenChar(char c) => IsAlphaNum(c) || TokenMarks.Contains(c);

    public static bool IsUnreserved(char c) => IsAlphaNum(c) || UnreservedMarks.Contains(c);

    public static bool IsUserChar(char c) => IsUnreserved(c) || UserUnreserved.Contains(c);

    public static bool IsPasswordChar(char c) => IsUnreserved(c) || PasswordExtra.Contains(c);

    public static bool IsParamChar(char c) => IsUnreserved(c) || ParamUnreserved.Contains(c);

    public static bool IsHeaderChar(char c) => IsUnreserved(c) || HeaderUnreserved.Contains(c);

    public static bool IsWordChar(char c) => IsAlphaNum(c) || WordMarks.Contains(c);

    public static bool IsWhitespace(char c) => c is ' ' or '\t';

    public static bool IsToken(ReadOnlySpan<char> value)
    {
        if (value.IsEmpty)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!IsTokenChar(c))
            {
                return false;
            }
        }

        return true;
    }

    public static bool IsWord(ReadOnlySpan<char> value)
    {
        if (value.IsEmpty)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!IsWordChar(c))
            {
                return false;
            }
        }

        return true;
    }

    public static bool IsDigits(ReadOnlySpan<char> value)
    {
        if (value.IsEmpty)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Hostname, IPv4 address or bracketed IPv6 reference (§25.1 host).</summary>
    public static bool IsHost(ReadOnlySpan<char> host)
    {
        if (host.IsEmpty)
        {
            return false;
        }

        if (host[0] == '[')
        {
            return host.Length > 2 && host[^1] == ']'
                && System.Net.IPAddress.TryParse(host[1..^1], out var v6)
                && v6.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6;
        }

        foreach (var c in host)
        {
            if (!IsAlphaNum(c) && c != '-' && c != '.')
            {
                return false;
            }
        }

        return host[0] != '.' && host[0] != '-';
    }

    public static ReadOnlySpan<char> TrimWhitespace(ReadOnlySpan<char> value) => value.Trim(" \t");
}
