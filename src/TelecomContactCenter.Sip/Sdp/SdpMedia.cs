using System.Globalization;

namespace TelecomContactCenter.Sip.Sdp;

/// <summary>One m= section with its own c= and a= lines (RFC 4566 §5.14).</summary>
public sealed record SdpMedia
{
    public required string MediaType { get; init; }

    /// <summary>0 means the stream is rejected or disabled (RFC 3264 §6, §8.2).</summary>
    public required int Port { get; init; }

    public int? PortCount { get; init; }

    public required string Protocol { get; init; }

    /// <summary>The fmt list: RTP payload type numbers for RTP/AVP.</summary>
    public required IReadOnlyList<string> Formats { get; init; }

    public SdpConnection? Connection { get; init; }

    public IReadOnlyList<SdpAttributeLine> Attributes { get; init; } = [];

    public MediaDirection? Direction => SdpAttributeLine.FindDirection(Attributes);

    public bool IsRtpAvp => Protocol.Equals("RTP/AVP", StringComparison.OrdinalIgnoreCase);

    /// <summary>The SRTP profile (RFC 3711 §12): the stream is only usable with keys.</summary>
    public bool IsRtpSavp => Protocol.Equals("RTP/SAVP", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Where the peer wants RTCP when it is not on RTP + 1 (RFC 3605 <c>a=rtcp:port [IN IP4 address]</c>);
    /// a null address means the stream's own connection address.
    /// </summary>
    public (int Port, string? Address)? Rtcp
    {
        get
        {
            var parts = FindValue("rtcp")?.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts is not { Length: 1 or 4 }
                || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var port)
                || port is 0 or > 65535)
            {
                return null;
            }

            return (port, parts.Length == 4 ? parts[3] : null);
        }
    }

    public int? Ptime
    {
        get
        {
            var value = FindValue("ptime");
            return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var ptime) && ptime > 0
                ? ptime
                : null;
        }
    }

    /// <summary>The formats that are valid RTP payload type numbers, in offer order.</summary>
    public IEnumerable<int> PayloadTypes
    {
        get
        {
            foreach (var format in Formats)
            {
                if (int.TryParse(format, NumberStyles.None, CultureInfo.InvariantCulture, out var pt) && pt <= 127)
                {
                    yield return pt;
                }
            }
        }
    }

    public SdpRtpMap? FindRtpMap(int payloadType)
    {
        foreach (var attribute in Attributes)
        {
            if (attribute.Name == "rtpmap" && SdpRtpMap.TryParse(attribute.Value, out var map)
                && map.PayloadType == payloadType)
            {
                return map;
            }
        }

        return null;
    }

    /// <summary>The a=fmtp parameters for a payload type, without the leading number.</summary>
    public string? FindFormatParameters(int payloadType)
    {
        var prefix = payloadType.ToString(CultureInfo.InvariantCulture);
        foreach (var attribute in Attributes)
        {
            if (attribute.Name == "fmtp" && attribute.Value is { } value)
            {
                var space = value.IndexOf(' ', StringComparison.Ordinal);
                if (space > 0 && value.AsSpan(0, space).SequenceEqual(prefix))
                {
                    return value[(space + 1)..].Trim();
                }
            }
        }

        return null;
    }

    private string? FindValue(string name)
    {
        foreach (var attribute in Attributes)
        {
            if (attribute.Name == name)
            {
                return attribute.Value;
            }
        }

        return null;
    }
}

/// <summary>An a=rtpmap value: <c>&lt;pt&gt; &lt;encoding&gt;/&lt;clock rate&gt;[/&lt;channels&gt;]</c>.</summary>
public sealed record SdpRtpMap(int PayloadType, string EncodingName, int ClockRate, int? Channels = null)
{
    public override string ToString() => Channels is { } channels
        ? string.Create(CultureInfo.InvariantCulture, $"{PayloadType} {EncodingName}/{ClockRate}/{channels}")
        : string.Create(CultureInfo.InvariantCulture, $"{PayloadType} {EncodingName}/{ClockRate}");

    public static bool TryParse(string? value, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out SdpRtpMap? map)
    {
        map = null;
        if (value is null)
        {
            return false;
        }

        var space = value.IndexOf(' ', StringComparison.Ordinal);
        if (space <= 0
            || !int.TryParse(value.AsSpan(0, space), NumberStyles.None, CultureInfo.InvariantCulture, out var pt)
            || pt > 127)
        {
            return false;
        }

        var parts = value[(space + 1)..].Trim().Split('/');
        if (parts.Length is < 2 or > 3 || parts[0].Length == 0
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var rate) || rate <= 0)
        {
            return false;
        }

        int? channels = null;
        if (parts.Length == 3)
        {
            if (!int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count <= 0)
            {
                return false;
            }

            channels = count;
        }

        map = new SdpRtpMap(pt, parts[0], rate, channels);
        return true;
    }
}
