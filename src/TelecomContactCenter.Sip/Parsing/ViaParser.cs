using System.Net;
using TelecomContactCenter.Sip.Messages;

namespace TelecomContactCenter.Sip.Parsing;

/// <summary>Parses one via-parm: sent-protocol LWS sent-by *( SEMI via-params ) (RFC 3261 §25.1).</summary>
internal static class ViaParser
{
    public static SipVia Parse(string value)
    {
        var scanner = new SipValueScanner(value);
        scanner.SkipWhitespace();
        var protocol = scanner.ReadWhile(SipGrammar.IsTokenChar);
        if (!protocol.Equals("SIP", StringComparison.OrdinalIgnoreCase) || !scanner.TryConsume('/'))
        {
            throw new SipParseException("Via must start with SIP/2.0/transport.");
        }

        scanner.SkipWhitespace();
        var version = scanner.ReadWhile(SipGrammar.IsTokenChar);
        // Any version token parses, so a request from another SIP version can still be answered with 505.
        if (version.IsEmpty || !scanner.TryConsume('/'))
        {
            throw new SipParseException("Via needs a protocol version.");
        }

        scanner.SkipWhitespace();
        var transport = scanner.ReadWhile(SipGrammar.IsTokenChar);
        if (transport.IsEmpty)
        {
            throw new SipParseException("Via needs a transport.");
        }

        scanner.SkipWhitespace();
        var hostStart = scanner.Position;
        if (!scanner.AtEnd && scanner.Current == '[')
        {
            scanner.ReadWhile(static c => c != ']');
            scanner.Position = Math.Min(scanner.Position + 1, value.Length);
        }
        else
        {
            scanner.ReadWhile(static c => SipGrammar.IsAlphaNum(c) || c is '-' or '.');
        }

        var host = value[hostStart..scanner.Position];
        int? port = null;
        if (scanner.TryConsume(':'))
        {
            scanner.SkipWhitespace();
            var digits = scanner.ReadWhile(char.IsAsciiDigit);
            (_, port) = SipUriParser.ParseHostPort($"{host}:{digits}");
        }
        else
        {
            SipUriParser.ParseHostPort(host);
        }

        var parameters = scanner.ReadParameters();
        Validate(parameters);
        return new SipVia(transport.ToString(), host, port, parameters);
    }

    private static void Validate(SipParameters parameters)
    {
        if (parameters.TryGet("received", out var received)
            && (received is null || !IPAddress.TryParse(received.Trim('[', ']'), out _)))
        {
            throw new SipParseException("Via received must be an IP address.");
        }

        if (parameters.TryGet("rport", out var rport) && rport is not null
            && (!int.TryParse(rport, out var port) || port is < 1 or > 65535))
        {
            throw new SipParseException("Via rport must be a port number.");
        }

        if (parameters.TryGet("branch", out var branch) && string.IsNullOrEmpty(branch))
        {
            throw new SipParseException("Via branch needs a value.");
        }

        if (parameters.TryGet("ttl", out var ttl) && (!byte.TryParse(ttl, out _)))
        {
            throw new SipParseException("Via ttl must be 0-255.");
        }
    }
}
