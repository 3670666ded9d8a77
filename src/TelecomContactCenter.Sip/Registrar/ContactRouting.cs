using System.Net;
using System.Net.Sockets;
using TelecomContactCenter.Sip.Messages;
using TelecomContactCenter.Sip.Transport;

namespace TelecomContactCenter.Sip.Registrar;

/// <summary>Why requests for a binding go where <see cref="RegistrationBinding.Target"/> says.</summary>
public enum ContactRoute
{
    /// <summary>The registered Contact's own address (RFC 3261 §10, §16.6): nothing suggests NAT.</summary>
    Contact,

    /// <summary>The REGISTER's source: the Contact is private or unroutable from it, or Via shows a rewrite.</summary>
    NatSource,

    /// <summary>The REGISTER's source because <see cref="RegistrarOptions.ForceRport"/> is on.</summary>
    ForcedSource,

    /// <summary>The flow the REGISTER arrived on, which the phone asked to keep (RFC 5626 outbound).</summary>
    OutboundFlow,

    /// <summary>The first proxy of the REGISTER's Path (RFC 3327), with the Path as the request's Route set.</summary>
    Path,
}

/// <summary>
/// Decides, once per REGISTER, where the service sends requests to a registered contact. Pure and thread-safe.
/// </summary>
public static class ContactRouting
{
    /// <summary>True when the REGISTER asks for RFC 5626 outbound for this contact: reg-id and +sip.instance on the
    /// Contact, and "outbound" in Supported (§4.2.1).</summary>
    public static bool AsksForOutbound(SipRequest register, NameAddress contact)
    {
        ArgumentNullException.ThrowIfNull(register);
        ArgumentNullException.ThrowIfNull(contact);
        return contact.Parameters.Contains("reg-id")
            && contact.Parameters.Contains("+sip.instance")
            && register.Headers.GetValues(SipHeaderNames.Supported)
                .Any(v => v.Split(',').Any(t => t.Trim().Equals("outbound", StringComparison.OrdinalIgnoreCase)));
    }

    public static (SipPeer Target, ContactRoute Route) Decide(
        SipRequest register, NameAddress contact, IPEndPoint source, string transport, bool forceRport, long? connectionId = null)
    {
        ArgumentNullException.ThrowIfNull(register);
        ArgumentNullException.ThrowIfNull(contact);
        ArgumentNullException.ThrowIfNull(source);
        var flow = new SipPeer(transport, source, connectionId);
        if (register.Headers.GetValues(PathHeader) is [var first, ..])
        {
            return (PeerOf(NameAddress.Parse(first).Uri) ?? flow, ContactRoute.Path);
        }

        if (AsksForOutbound(register, contact))
        {
            return (flow, ContactRoute.OutboundFlow);
        }

        if (forceRport)
        {
            return (flow, ContactRoute.ForcedSource);
        }

        if (PeerOf(contact.Uri) is not { } direct
            || NatBetween(register.TopVia, direct.RemoteEndPoint.Address, source, transport))
        {
            // A host name is not resolved here (no RFC 3263): the source is the one address known to work.
            return (flow, ContactRoute.NatSource);
        }

        // Over TCP or TLS the connection the phone opened is reused while it is open (RFC 3261 §18, RFC 5630); the
        // Contact's own address is where a new one goes once it has closed.
        return (direct.Transport == transport && connectionId is { } id ? direct with { ConnectionId = id } : direct, ContactRoute.Contact);
    }

    /// <summary>The Path header (RFC 3327): proxies on the way from the phone, the first one nearest the registrar.</summary>
    public const string PathHeader = "Path";

    /// <summary>Where a sip/sips URI with an IP literal host points (port and transport defaulted); null otherwise.</summary>
    private static SipPeer? PeerOf(AddressUri address)
    {
        if (address is not SipUri uri || !IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip))
        {
            return null;
        }

        var transport = uri.Transport switch
        {
            "tcp" => SipTransportNames.Tcp,
            "tls" => SipTransportNames.Tls,
            _ => uri.IsSecure ? SipTransportNames.Tls : SipTransportNames.Udp,
        };
        return new SipPeer(transport, new IPEndPoint(ip, uri.Port ?? (transport == SipTransportNames.Tls ? 5061 : 5060)));
    }

    /// <summary>
    /// NAT is assumed when the Contact names a private, loopback or link-local address other than the source's
    /// (nobody outside that network can reach it), or when the top Via's sent-by is not where the REGISTER came
    /// from (the address always, the port on UDP, where a NAT rewrites it; RFC 3581 received/rport).
    /// </summary>
    private static bool NatBetween(SipVia? via, IPAddress contact, IPEndPoint source, string transport)
    {
        var sourceAddress = Normalize(source.Address);
        contact = Normalize(contact);
        if (!contact.Equals(sourceAddress) && IsUnroutable(contact))
        {
            return true;
        }

        if (via is null)
        {
            return false;
        }

        if (!IPAddress.TryParse(via.Host.Trim('[', ']'), out var sentBy) || !Normalize(sentBy).Equals(sourceAddress))
        {
            return true;
        }

        return transport == SipTransportNames.Udp && (via.Port ?? 5060) != source.Port;
    }

    private static IPAddress Normalize(IPAddress address) =>
        address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    /// <summary>Private (RFC 1918, RFC 6598 shared, RFC 4193 unique-local), loopback, link-local or unspecified.</summary>
    public static bool IsUnroutable(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        address = Normalize(address);
        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))
        {
            return true;
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            return address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6UniqueLocal;
        }

        var b = address.GetAddressBytes();
        return b[0] == 10
            || (b[0] == 172 && b[1] is >= 16 and <= 31)
            || (b[0] == 192 && b[1] == 168)
            || (b[0] == 169 && b[1] == 254)
            || (b[0] == 100 && b[1] is >= 64 and <= 127);
    }
}
