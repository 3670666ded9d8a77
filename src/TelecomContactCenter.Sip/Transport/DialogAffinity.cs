using System.Net;

namespace TelecomContactCenter.Sip.Transport;

/// <summary>
/// Picks the worker lane for a datagram from its Call-ID, read straight from the raw bytes before parsing, so
/// every message of one call (INVITE, provisional and final responses, ACK, CANCEL, BYE, re-INVITE) is handled by
/// one worker in arrival order while different calls, even from one trunk, spread over all workers. A datagram
/// with no readable Call-ID (malformed, or a keep-alive) falls back to its source address. Stateless and
/// allocation-free.
/// </summary>
public static class DialogAffinity
{
    private const uint FnvOffset = 2166136261;
    private const uint FnvPrime = 16777619;

    /// <summary>The lane, 0 to <paramref name="lanes"/> - 1, for a datagram from <paramref name="source"/>.</summary>
    public static int Lane(ReadOnlySpan<byte> datagram, IPEndPoint source, int lanes)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (lanes <= 1)
        {
            return 0;
        }

        var hash = TryHashCallId(datagram, out var callIdHash) ? callIdHash : (uint)source.GetHashCode();
        return (int)(hash % (uint)lanes);
    }

    /// <summary>
    /// Hashes the value of the first Call-ID header (long form <c>Call-ID</c> or compact <c>i</c>, any case,
    /// whitespace around the colon and the value ignored) in the header section; false when there is none.
    /// </summary>
    public static bool TryHashCallId(ReadOnlySpan<byte> datagram, out uint hash)
    {
        hash = 0;
        // Skip the start line.
        var next = datagram.IndexOf((byte)'\n');
        while (next >= 0)
        {
            datagram = datagram[(next + 1)..];
            next = datagram.IndexOf((byte)'\n');
            var line = next >= 0 ? datagram[..next] : datagram;
            if (line.Length > 0 && line[^1] == '\r')
            {
                line = line[..^1];
            }

            if (line.IsEmpty)
            {
                return false; // End of the header section.
            }

            var colon = line.IndexOf((byte)':');
            if (colon <= 0 || !IsCallIdName(line[..colon].TrimEnd(" \t"u8)))
            {
                continue;
            }

            var value = line[(colon + 1)..].Trim(" \t"u8);
            if (value.IsEmpty)
            {
                return false;
            }

            var h = FnvOffset;
            foreach (var b in value)
            {
                h = (h ^ b) * FnvPrime;
            }

            hash = h;
            return true;
        }

        return false;
    }

    private static bool IsCallIdName(ReadOnlySpan<byte> name) =>
        (name.Length == 1 && (name[0] | 0x20) == 'i') || name.EqualsIgnoreCaseAscii("call-id"u8);

    private static bool EqualsIgnoreCaseAscii(this ReadOnlySpan<byte> value, ReadOnlySpan<byte> lowerCase)
    {
        if (value.Length != lowerCase.Length)
        {
            return false;
        }

        for (var i = 0; i < value.Length; i++)
        {
            if ((value[i] | 0x20) != lowerCase[i])
            {
                return false;
            }
        }

        return true;
    }
}
