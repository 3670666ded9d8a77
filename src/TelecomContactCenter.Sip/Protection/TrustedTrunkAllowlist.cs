using System.Net;
using System.Net.Sockets;

namespace TelecomContactCenter.Sip.Protection;

/// <summary>
/// The trusted-trunk allowlist: requests from these networks may place calls and assert identity (RFC 3325 §2.3
/// trust domain). Immutable after construction, so safe to share between threads.
/// </summary>
public sealed class TrustedTrunkAllowlist
{
    private readonly IPNetwork[] _networks;

    public TrustedTrunkAllowlist(IEnumerable<string> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        _networks = [.. entries.Select(entry => TryParseEntry(entry, out var network)
            ? network
            : throw new FormatException($"'{entry}' is not an IP address or CIDR block."))];
    }

    public int Count => _networks.Length;

    public bool Contains(IPAddress source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var address = SourceAddress.Normalize(source);
        foreach (var network in _networks)
        {
            if (network.Contains(address))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Accepts "192.0.2.7", "192.0.2.0/24", "2001:db8::1", "2001:db8::/32" and "[2001:db8::1]".</summary>
    public static bool TryParseEntry(string? entry, out IPNetwork network)
    {
        network = default;
        if (string.IsNullOrWhiteSpace(entry))
        {
            return false;
        }

        var text = entry.Trim();
        if (text.Contains('/', StringComparison.Ordinal))
        {
            // A block with host bits set ("10.1.2.3/8") is probably a typo for a single host; stop start-up on it.
            if (!IPNetwork.TryParse(text, out network)
                || !IPAddress.TryParse(text.AsSpan(0, text.IndexOf('/', StringComparison.Ordinal)), out var written)
                || !written.Equals(network.BaseAddress))
            {
                return false;
            }

            if (network.BaseAddress.IsIPv4MappedToIPv6 && network.PrefixLength >= 96)
            {
                network = new IPNetwork(network.BaseAddress.MapToIPv4(), network.PrefixLength - 96);
            }

            return true;
        }

        if (!IPAddress.TryParse(text.Trim('[', ']'), out var address))
        {
            return false;
        }

        address = SourceAddress.Normalize(address);
        network = new IPNetwork(address, address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128);
        return true;
    }
}

/// <summary>Source-address normalisation shared by the allowlist, the rate limiter and the registrar.</summary>
public static class SourceAddress
{
    /// <summary>Dual-stack sockets report IPv4 peers as ::ffff:a.b.c.d; compare them as plain IPv4.</summary>
    public static IPAddress Normalize(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
    }
}
