using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace TelecomContactCenter.Sip.Sdp;

/// <summary>
/// Parses SDP bodies (RFC 4566). A body from the network that cannot be understood is an expected outcome, so
/// failures come back as an error text rather than an exception; the SIP layer answers them with 400 or 488.
/// </summary>
public static class SdpParser
{
    // RFC 4566 §5: a parser must ignore a whole description with a type letter it does not know.
    private const string KnownTypes = "vosiuepcbtrzkam";

    public static bool TryParse(
        string text,
        [NotNullWhen(true)] out SessionDescription? description,
        [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        description = null;
        var lines = text.Split('\n');
        int? version = null;
        SdpOrigin? origin = null;
        string? sessionName = null;
        SdpConnection? sessionConnection = null;
        var timings = new List<SdpTiming>();
        var sessionAttributes = new List<SdpAttributeLine>();
        var media = new List<SdpMedia>();
        SdpMedia? current = null;
        List<SdpAttributeLine>? currentAttributes = null;

        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r', ' ', '\t');
            var number = i + 1;
            if (line.Length == 0)
            {
                continue;
            }

            if (line.Length < 2 || line[1] != '=' || !KnownTypes.Contains(line[0], StringComparison.Ordinal))
            {
                error = $"line {number}: expected '<type>=<value>' with a known type, got '{Shorten(line)}'";
                return false;
            }

            var type = line[0];
            var value = line[2..];
            if (version is null && type != 'v')
            {
                error = $"line {number}: the description must start with v=";
                return false;
            }

            switch (type)
            {
                case 'v':
                    if (version is not null || value != "0")
                    {
                        error = $"line {number}: unsupported or repeated version '{value}'";
                        return false;
                    }

                    version = 0;
                    break;
                case 'o':
                    if (!TryParseOrigin(value, out origin))
                    {
                        error = $"line {number}: malformed origin '{Shorten(value)}'";
                        return false;
                    }

                    break;
                case 's':
                    sessionName = value;
                    break;
                case 'c':
                    if (!TryParseConnection(value, out var connection))
                    {
                        error = $"line {number}: malformed connection '{Shorten(value)}'";
                        return false;
                    }

                    if (current is null)
                    {
                        sessionConnection = connection;
                    }
                    else
                    {
                        current = current with { Connection = connection };
                    }

                    break;
                case 't':
                    if (!TryParseTiming(value, out var timing))
                    {
                        error = $"line {number}: malformed timing '{Shorten(value)}'";
                        return false;
                    }

                    timings.Add(timing);
                    break;
                case 'a':
                    (currentAttributes ?? sessionAttributes).Add(ParseAttribute(value));
                    break;
                case 'm':
                    if (current is not null)
                    {
                        media.Add(current with { Attributes = currentAttributes! });
                    }

                    if (!TryParseMedia(value, out current))
                    {
                        error = $"line {number}: malformed media '{Shorten(value)}'";
                        return false;
                    }

                    currentAttributes = [];
                    break;
                default:
                    // i, u, e, p, b, r, z, k carry nothing the offer/answer exchange needs.
                    break;
            }
        }

        if (current is not null)
        {
            media.Add(current with { Attributes = currentAttributes! });
        }

        if (version is null || origin is null || sessionName is null)
        {
            error = "the description lacks one of the mandatory v=, o= or s= lines";
            return false;
        }

        foreach (var m in media)
        {
            if (m.Port != 0 && m.Connection is null && sessionConnection is null)
            {
                error = $"the {m.MediaType} stream has no c= line at session or media level";
                return false;
            }
        }

        description = new SessionDescription
        {
            Version = version.Value,
            Origin = origin,
            SessionName = sessionName,
            Connection = sessionConnection,
            Timings = timings.Count == 0 ? [new SdpTiming(0, 0)] : timings,
            Attributes = sessionAttributes,
            Media = media,
        };
        error = null;
        return true;
    }

    private static bool TryParseOrigin(string value, [NotNullWhen(true)] out SdpOrigin? origin)
    {
        origin = null;
        var parts = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 6
            || !ulong.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            || !ulong.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            return false;
        }

        origin = new SdpOrigin(parts[0], id, version, parts[3], parts[4], parts[5]);
        return true;
    }

    private static bool TryParseConnection(string value, [NotNullWhen(true)] out SdpConnection? connection)
    {
        var parts = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        connection = parts.Length == 3 ? new SdpConnection(parts[0], parts[1], parts[2]) : null;
        return connection is not null;
    }

    private static bool TryParseTiming(string value, [NotNullWhen(true)] out SdpTiming? timing)
    {
        timing = null;
        var parts = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 2
            || !ulong.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var start)
            || !ulong.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var stop))
        {
            return false;
        }

        timing = new SdpTiming(start, stop);
        return true;
    }

    private static SdpAttributeLine ParseAttribute(string value)
    {
        var colon = value.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? new SdpAttributeLine(value) : new SdpAttributeLine(value[..colon], value[(colon + 1)..]);
    }

    private static bool TryParseMedia(string value, [NotNullWhen(true)] out SdpMedia? media)
    {
        media = null;
        var parts = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 4)
        {
            return false;
        }

        var portText = parts[1];
        int? count = null;
        var slash = portText.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            if (!int.TryParse(portText.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var c))
            {
                return false;
            }

            count = c;
            portText = portText[..slash];
        }

        if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
        {
            return false;
        }

        media = new SdpMedia
        {
            MediaType = parts[0],
            Port = port,
            PortCount = count,
            Protocol = parts[2],
            Formats = parts[3..],
        };
        return true;
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "...";
}
