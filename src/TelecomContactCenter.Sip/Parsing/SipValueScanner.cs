using TelecomContactCenter.Sip.Messages;

namespace TelecomContactCenter.Sip.Parsing;

/// <summary>A cursor over one unfolded header value, with the SWS-tolerant separators of RFC 3261 §25.1.</summary>
internal ref struct SipValueScanner(ReadOnlySpan<char> text)
{
    private readonly ReadOnlySpan<char> _text = text;

    public int Position { get; set; }

    public readonly bool AtEnd => Position >= _text.Length;

    public readonly char Current => _text[Position];

    public readonly ReadOnlySpan<char> Remaining => _text[Position..];

    public void SkipWhitespace()
    {
        while (!AtEnd && SipGrammar.IsWhitespace(Current))
        {
            Position++;
        }
    }

    /// <summary>Skips SWS, then consumes <paramref name="separator"/> if it is next.</summary>
    public bool TryConsume(char separator)
    {
        var start = Position;
        SkipWhitespace();
        if (!AtEnd && Current == separator)
        {
            Position++;
            return true;
        }

        Position = start;
        return false;
    }

    public ReadOnlySpan<char> ReadWhile(Func<char, bool> accept)
    {
        var start = Position;
        while (!AtEnd && accept(Current))
        {
            Position++;
        }

        return _text[start..Position];
    }

    /// <summary>Reads a quoted-string including its quotes; a backslash escapes the next character.</summary>
    public ReadOnlySpan<char> ReadQuoted()
    {
        var start = Position;
        Position++;
        while (!AtEnd)
        {
            var c = Current;
            if (c == '\\')
            {
                Position += 2;
                continue;
            }

            Position++;
            if (c == '"')
            {
                return _text[start..Position];
            }
        }

        throw new SipParseException("Unterminated quoted string.");
    }

    /// <summary>Parses *( SEMI generic-param ) up to the end of the value.</summary>
    public SipParameters ReadParameters(Func<char, bool>? valueChar = null)
    {
        var parameters = new SipParameters();
        while (true)
        {
            SkipWhitespace();
            if (AtEnd)
            {
                return parameters;
            }

            if (!TryConsume(';'))
            {
                throw new SipParseException($"Unexpected '{Current}' where a ';' parameter was expected.");
            }

            SkipWhitespace();
            var name = ReadWhile(SipGrammar.IsTokenChar);
            if (name.IsEmpty)
            {
                throw new SipParseException("Empty parameter name.");
            }

            string? value = null;
            if (TryConsume('='))
            {
                SkipWhitespace();
                value = !AtEnd && Current == '"'
                    ? ReadQuoted().ToString()
                    : ReadWhile(valueChar ?? IsGenericValueChar).ToString();
                if (value.Length == 0)
                {
                    throw new SipParseException($"Parameter '{name}' has '=' but no value.");
                }
            }

            parameters.Set(name.ToString(), value);
        }
    }

    /// <summary>gen-value = token / host (IPv6 references included).</summary>
    public static bool IsGenericValueChar(char c) => SipGrammar.IsTokenChar(c) || c is '[' or ']' or ':';
}
