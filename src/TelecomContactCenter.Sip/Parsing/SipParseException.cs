namespace TelecomContactCenter.Sip.Parsing;

/// <summary>A message or header value that does not follow the RFC 3261 grammar.</summary>
public sealed class SipParseException : FormatException
{
    public SipParseException()
    {
    }

    public SipParseException(string message)
        : base(message)
    {
    }

    public SipParseException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
