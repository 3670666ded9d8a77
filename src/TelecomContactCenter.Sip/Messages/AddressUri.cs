using TelecomContactCenter.Sip.Parsing;

namespace TelecomContactCenter.Sip.Messages;

/// <summary>A URI as it appears in a Request-URI or an address header: sip/sips, tel, or any other absoluteURI.</summary>
public abstract record AddressUri
{
    public abstract string Scheme { get; }

    /// <summary>Parses any absoluteURI; sip, sips and tel get their typed forms.</summary>
    public static AddressUri Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var colon = value.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || !IsScheme(value.AsSpan(0, colon)))
        {
            throw new SipParseException("A URI needs a scheme.");
        }

        var scheme = value[..colon];
        if (scheme.Equals("sip", StringComparison.OrdinalIgnoreCase)
            || scheme.Equals("sips", StringComparison.OrdinalIgnoreCase))
        {
            return SipUriParser.Parse(value);
        }

        if (scheme.Equals("tel", StringComparison.OrdinalIgnoreCase))
        {
            return TelUri.Parse(value);
        }

        return OpaqueUri.Create(scheme, value[(colon + 1)..]);
    }

    public static bool TryParse(string value, out AddressUri? uri)
    {
        try
        {
            uri = Parse(value);
            return true;
        }
        catch (SipParseException)
        {
            uri = null;
            return false;
        }
    }

    private static bool IsScheme(ReadOnlySpan<char> scheme)
    {
        if (!char.IsAsciiLetter(scheme[0]))
        {
            return false;
        }

        foreach (var c in scheme)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('+' or '-' or '.'))
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>A URI of a scheme this stack does not interpret (RFC 3261 allows any absoluteURI).</summary>
public sealed record OpaqueUri(string Scheme, string SchemeSpecificPart) : AddressUri
{
    public override string Scheme { get; } = Scheme;

    internal static OpaqueUri Create(string scheme, string rest)
    {
        if (rest.Length == 0)
        {
            throw new SipParseException("Empty URI after the scheme.");
        }

        foreach (var c in rest)
        {
            if (c <= ' ' || c >= 0x7F || c is '<' or '>' or '"')
            {
                throw new SipParseException($"Character '{c}' is not allowed in a URI.");
            }
        }

        return new OpaqueUri(scheme, rest);
    }

    public override string ToString() => Scheme + ":" + SchemeSpecificPart;
}

/// <summary>A tel URI (RFC 3966): a global (+E.164) or local number with parameters.</summary>
public sealed record TelUri(string Number, SipParameters Parameters) : AddressUri
{
    public override string Scheme => "tel";

    public bool IsGlobal => Number.StartsWith('+');

    public static new TelUri Parse(string value)
    {
        var rest = value.AsSpan(value.IndexOf(':', StringComparison.Ordinal) + 1);
        var semicolon = rest.IndexOf(';');
        var number = semicolon < 0 ? rest : rest[..semicolon];
        if (number.IsEmpty)
        {
            throw new SipParseException("A tel URI needs a number.");
        }

        foreach (var c in number)
        {
            if (!char.IsAsciiHexDigit(c) && c is not ('+' or '-' or '.' or '(' or ')' or '*' or '#'))
            {
                throw new SipParseException($"Character '{c}' is not allowed in a telephone number.");
            }
        }

        var parameters = semicolon < 0
            ? new SipParameters()
            : SipUriParser.ParseUriParameters(rest[(semicolon + 1)..]);
        return new TelUri(number.ToString(), parameters);
    }

    public override string ToString() => "tel:" + Number + Parameters;
}
