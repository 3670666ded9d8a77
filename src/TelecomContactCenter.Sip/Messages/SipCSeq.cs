using TelecomContactCenter.Sip.Parsing;

namespace TelecomContactCenter.Sip.Messages;

/// <summary>CSeq: a sequence number below 2^31 and the request method (RFC 3261 §8.1.1.5, §20.16).</summary>
public readonly record struct SipCSeq(long Number, string Method)
{
    public const long MaxNumber = (1L << 31) - 1;

    public static SipCSeq Parse(string value)
    {
        var text = SipGrammar.TrimWhitespace(value);
        var space = text.IndexOfAny(" \t");
        if (space <= 0)
        {
            throw new SipParseException("CSeq needs a number and a method.");
        }

        var digits = text[..space];
        var method = SipGrammar.TrimWhitespace(text[space..]);
        if (!SipGrammar.IsDigits(digits) || digits.Length > 10 || !long.TryParse(digits, out var number) || number > MaxNumber)
        {
            throw new SipParseException("CSeq number must be an integer below 2^31.");
        }

        if (!SipGrammar.IsToken(method))
        {
            throw new SipParseException("CSeq method must be a token.");
        }

        return new SipCSeq(number, method.ToString());
    }

    public override string ToString() => $"{Number} {Method}";
}
