namespace TelecomContactCenter.Sip.Parsing;

/// <summary>Limits the parser enforces.</summary>
public sealed class SipParserOptions
{
    /// <summary>Largest accepted message, headers and body together, in octets.</summary>
    public int MaxMessageSize { get; init; } = 65_535;

    public static SipParserOptions Default { get; } = new();
}
