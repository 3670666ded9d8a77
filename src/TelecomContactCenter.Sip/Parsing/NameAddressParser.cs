using System.Text;
using TelecomContactCenter.Sip.Messages;

namespace TelecomContactCenter.Sip.Parsing;

/// <summary>Parses ( name-addr / addr-spec ) *( SEMI param ) per RFC 3261 §20.10 and §25.1.</summary>
internal static class NameAddressParser
{
    public static NameAddress Parse(string value)
    {
        var scanner = new SipValueScanner(value);
        scanner.SkipWhitespace();
        if (scanner.AtEnd)
        {
            throw new SipParseException("Empty address.");
        }

        string? displayName = null;
        AddressUri uri;
        if (scanner.Current == '"')
        {
            displayName = Unquote(scanner.ReadQuoted());
            scanner.SkipWhitespace();
            uri = ReadAngleUri(ref scanner);
        }
        else if (FindAngle(value) is var angle and >= 0)
        {
            var name = value.AsSpan(scanner.Position, angle - scanner.Position).TrimEnd(" \t");
            displayName = name.IsEmpty ? null : ReadTokens(name);
            scanner.Position = angle;
            uri = ReadAngleUri(ref scanner);
        }
        else
        {
            // addr-spec: the URI ends at the first ';', which starts header parameters, and may not carry '?' or ','.
            var text = scanner.ReadWhile(static c => c is not (';' or ' ' or '\t'));
            if (text.IndexOfAny('?', ',') >= 0)
            {
                throw new SipParseException("A URI with headers or commas must be enclosed in <>.");
            }

            uri = AddressUri.Parse(text.ToString());
        }

        var parameters = scanner.ReadParameters();
        return new NameAddress(uri, displayName, parameters);
    }

    public static string Unquote(ReadOnlySpan<char> quoted)
    {
        var inner = quoted[1..^1];
        if (inner.IndexOf('\\') < 0)
        {
            return inner.ToString();
        }

        var builder = new StringBuilder(inner.Length);
        for (var i = 0; i < inner.Length; i++)
        {
            if (inner[i] == '\\' && i + 1 < inner.Length)
            {
                var escaped = inner[++i];
                if (escaped is '\r' or '\n')
                {
                    throw new SipParseException("A quoted-pair may not escape CR or LF.");
                }

                builder.Append(escaped);
            }
            else
            {
                builder.Append(inner[i]);
            }
        }

        return builder.ToString();
    }

    private static AddressUri ReadAngleUri(ref SipValueScanner scanner)
    {
        if (scanner.AtEnd || scanner.Current != '<')
        {
            throw new SipParseException("Expected '<' after the display name.");
        }

        scanner.Position++;
        var text = scanner.ReadWhile(static c => c != '>');
        if (scanner.AtEnd)
        {
            throw new SipParseException("Missing '>' after the URI.");
        }

        scanner.Position++;
        if (text.IndexOfAny(" \t") >= 0)
        {
            throw new SipParseException("Whitespace is not allowed inside <>.");
        }

        return AddressUri.Parse(text.ToString());
    }

    private static string ReadTokens(ReadOnlySpan<char> name)
    {
        foreach (var c in name)
        {
            if (!SipGrammar.IsTokenChar(c) && !SipGrammar.IsWhitespace(c))
            {
                throw new SipParseException($"Character '{c}' needs a quoted display name.");
            }
        }

        return name.ToString();
    }

    private static int FindAngle(string value)
    {
        var inQuotes = false;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '"')
            {
                inQuotes = !inQuotes;
            }
            else if (c == '<' && !inQuotes)
            {
                return i;
            }
        }

        return -1;
    }
}
