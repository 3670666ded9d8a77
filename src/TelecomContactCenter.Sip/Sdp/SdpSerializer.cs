using System.Globalization;
using System.Text;

namespace TelecomContactCenter.Sip.Sdp;

/// <summary>Writes a description in the field order RFC 4566 §5 requires, with CRLF line ends.</summary>
public static class SdpSerializer
{
    public static string Serialize(SessionDescription description)
    {
        ArgumentNullException.ThrowIfNull(description);
        var text = new StringBuilder(512);
        var o = description.Origin;
        Line(text, 'v', description.Version.ToString(CultureInfo.InvariantCulture));
        Line(text, 'o', Invariant($"{o.UserName} {o.SessionId} {o.SessionVersion} {o.NetworkType} {o.AddressType} {o.Address}"));
        Line(text, 's', description.SessionName.Length == 0 ? "-" : description.SessionName);
        if (description.Connection is { } connection)
        {
            Line(text, 'c', Format(connection));
        }

        foreach (var timing in description.Timings)
        {
            Line(text, 't', Invariant($"{timing.Start} {timing.Stop}"));
        }

        Attributes(text, description.Attributes);
        foreach (var media in description.Media)
        {
            var port = media.PortCount is { } count
                ? Invariant($"{media.Port}/{count}")
                : media.Port.ToString(CultureInfo.InvariantCulture);
            Line(text, 'm', $"{media.MediaType} {port} {media.Protocol} {string.Join(' ', media.Formats)}");
            if (media.Connection is { } mediaConnection)
            {
                Line(text, 'c', Format(mediaConnection));
            }

            Attributes(text, media.Attributes);
        }

        return text.ToString();
    }

    private static void Attributes(StringBuilder text, IReadOnlyList<SdpAttributeLine> attributes)
    {
        foreach (var attribute in attributes)
        {
            Line(text, 'a', attribute.Value is null ? attribute.Name : $"{attribute.Name}:{attribute.Value}");
        }
    }

    private static string Format(SdpConnection c) => $"{c.NetworkType} {c.AddressType} {c.Address}";

    private static string Invariant(FormattableString value) => FormattableString.Invariant(value);

    private static void Line(StringBuilder text, char type, string value) =>
        text.Append(type).Append('=').Append(value).Append("\r\n");
}
