using System.Globalization;
using System.Text;

namespace TelecomContactCenter.Sip.Sdp;

/// <summary>The event list of a telephone-event fmtp (RFC 4733 §2.4.1), such as <c>0-15</c> or <c>0-11,16</c>.</summary>
public static class TelephoneEvents
{
    /// <summary>The DTMF events: digits 0-9, * (10), # (11) and A-D (12-15).</summary>
    public static readonly IReadOnlySet<int> Dtmf = Enumerable.Range(0, 16).ToHashSet();

    public static SortedSet<int>? TryParse(string? fmtp)
    {
        // RFC 4733 §2.4.1: without fmtp, a receiver assumes 0-15.
        if (string.IsNullOrWhiteSpace(fmtp))
        {
            return new SortedSet<int>(Dtmf);
        }

        var events = new SortedSet<int>();
        foreach (var item in fmtp.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var dash = item.IndexOf('-', StringComparison.Ordinal);
            var first = dash < 0 ? item : item[..dash];
            var last = dash < 0 ? item : item[(dash + 1)..];
            if (!int.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out var low)
                || !int.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out var high)
                || low > high || high > 255)
            {
                return null;
            }

            for (var e = low; e <= high; e++)
            {
                events.Add(e);
            }
        }

        return events;
    }

    public static string Format(IEnumerable<int> events)
    {
        var text = new StringBuilder();
        int? start = null;
        var previous = -2;
        foreach (var e in events.Order())
        {
            if (start is not null && e == previous + 1)
            {
                previous = e;
                continue;
            }

            Close(text, start, previous);
            start = e;
            previous = e;
        }

        Close(text, start, previous);
        return text.ToString();
    }

    private static void Close(StringBuilder text, int? start, int end)
    {
        if (start is not { } s)
        {
            return;
        }

        if (text.Length > 0)
        {
            text.Append(',');
        }

        text.Append(s.ToString(CultureInfo.InvariantCulture));
        if (end != s)
        {
            text.Append('-').Append(end.ToString(CultureInfo.InvariantCulture));
        }
    }
}
