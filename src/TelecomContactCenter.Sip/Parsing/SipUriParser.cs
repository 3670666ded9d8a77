using TelecomContactCenter.Sip.Messages;

namespace TelecomContactCenter.Sip.Parsing;

/// <summary>Parses sip and sips URIs (RFC 3261 §19.1.1, §25.1 SIP-URI) without regular expressions.</summary>
internal static class SipUriParser
{
    public static SipUri Parse(string value)
    {
        var colon = value.IndexOf(':', StringComparison.Ordinal);
        var scheme = colon < 0 ? string.Empty : value[..colon];
        if (!scheme.Equals("sip", StringComparison.OrdinalIgnoreCase) && !scheme.Equals("sips", StringComparison.OrdinalIgnoreCase))
        {
            throw new SipParseException("Not a sip or sips URI.");
        }

        var rest = value.AsSpan(colon + 1);
        string? user = null;
        string? password = null;
        var at = rest.IndexOf('@');
        if (at >= 0)
        {
            var userInfo = rest[..at];
            var passwordColon = userInfo.IndexOf(':');
            var userPart = passwordColon < 0 ? userInfo : userInfo[..passwordColon];
            if (userPart.IsEmpty)
            {
                throw new SipParseException("Empty user part before '@'.");
            }

            user = SipEscaping.Unescape(userPart, SipGrammar.IsUserChar);
            if (passwordColon >= 0)
            {
                password = SipEscaping.Unescape(userInfo[(passwordColon + 1)..], SipGrammar.IsPasswordChar);
            }

            rest = rest[(at + 1)..];
        }

        var hostEnd = rest.IndexOfAny(';', '?');
        var hostPort = hostEnd < 0 ? rest : rest[..hostEnd];
        var (host, port) = ParseHostPort(hostPort);
        var uri = new SipUri(scheme, user, host, port) { Password = password };
        if (hostEnd < 0)
        {
            return uri;
        }

        rest = rest[hostEnd..];
        var question = rest.IndexOf('?');
        var parameterText = question < 0 ? rest : rest[..question];
        var parameters = parameterText.IsEmpty ? new SipParameters() : ParseUriParameters(parameterText[1..]);
        var headers = question < 0 ? new SipParameters() : ParseUriHeaders(rest[(question + 1)..]);
        return uri with { Parameters = parameters, Headers = headers };
    }

    public static (string Host, int? Port) ParseHostPort(ReadOnlySpan<char> hostPort)
    {
        ReadOnlySpan<char> host;
        ReadOnlySpan<char> portText = default;
        if (hostPort.StartsWith("["))
        {
            var close = hostPort.IndexOf(']');
            if (close < 0)
            {
                throw new SipParseException("Unterminated IPv6 reference.");
            }

            host = hostPort[..(close + 1)];
            var after = hostPort[(close + 1)..];
            if (!after.IsEmpty)
            {
                if (after[0] != ':')
                {
                    throw new SipParseException("Unexpected text after an IPv6 reference.");
                }

                portText = after[1..];
                if (portText.IsEmpty)
                {
                    throw new SipParseException("Empty port.");
                }
            }
        }
        else
        {
            var portColon = hostPort.IndexOf(':');
            host = portColon < 0 ? hostPort : hostPort[..portColon];
            if (portColon >= 0)
            {
                portText = hostPort[(portColon + 1)..];
                if (portText.IsEmpty)
                {
                    throw new SipParseException("Empty port.");
                }
            }
        }

        if (!SipGrammar.IsHost(host))
        {
            throw new SipParseException($"'{host}' is not a valid host.");
        }

        int? port = null;
        if (!portText.IsEmpty)
        {
            if (!SipGrammar.IsDigits(portText) || portText.Length > 5 || !int.TryParse(portText, out var number) || number > 65535)
            {
                throw new SipParseException("Port out of range.");
            }

            port = number;
        }

        return (host.ToString(), port);
    }

    public static SipParameters ParseUriParameters(ReadOnlySpan<char> text)
    {
        var parameters = new SipParameters();
        foreach (var range in text.Split(';'))
        {
            var item = text[range];
            var equals = item.IndexOf('=');
            var name = SipEscaping.Unescape(equals < 0 ? item : item[..equals], SipGrammar.IsParamChar);
            if (name.Length == 0)
            {
                throw new SipParseException("Empty URI parameter.");
            }

            var value = equals < 0 ? null : SipEscaping.Unescape(item[(equals + 1)..], SipGrammar.IsParamChar);
            parameters.Set(name, value);
        }

        return parameters;
    }

    private static SipParameters ParseUriHeaders(ReadOnlySpan<char> text)
    {
        var headers = new List<SipParameter>();
        foreach (var range in text.Split('&'))
        {
            var item = text[range];
            var equals = item.IndexOf('=');
            if (equals <= 0)
            {
                throw new SipParseException("A URI header needs a name and '='.");
            }

            var name = SipEscaping.Unescape(item[..equals], SipGrammar.IsHeaderChar);
            var value = SipEscaping.Unescape(item[(equals + 1)..], SipGrammar.IsHeaderChar);
            headers.Add(new SipParameter(name, value));
        }

        return new SipParameters(headers);
    }
}
