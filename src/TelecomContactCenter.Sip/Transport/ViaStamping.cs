using System.Net;
using TelecomContactCenter.Sip.Messages;

namespace TelecomContactCenter.Sip.Transport;

/// <summary>Server-side Via handling: received/rport stamping (RFC 3261 §18.2.1, RFC 3581 §4) and the response
/// destination (RFC 3261 §18.2.2, RFC 3581 §4).</summary>
public static class ViaStamping
{
    public const int DefaultPort = 5060;

    /// <summary>The port a sips: URI or a TLS Via without a port means (RFC 3261 §19.1.2, §18.2.2).</summary>
    public const int DefaultTlsPort = 5061;

    /// <summary>The default port for a transport token.</summary>
    public static int DefaultPortFor(string transport) =>
        string.Equals(transport, SipTransportNames.Tls, StringComparison.OrdinalIgnoreCase) ? DefaultTlsPort : DefaultPort;

    /// <summary>Adds received when sent-by is not the source address, and fills an empty rport.</summary>
    public static void StampReceived(SipRequest request, IPEndPoint source)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(source);
        var via = request.TopVia ?? throw new InvalidOperationException("The request has no Via.");
        var address = source.Address.IsIPv4MappedToIPv6 ? source.Address.MapToIPv4() : source.Address;
        var stamped = via;
        var sentByIsSource = IPAddress.TryParse(via.Host.Trim('[', ']'), out var sentBy) && sentBy.Equals(address);
        if (via.HasRPort && via.RPort is null)
        {
            stamped = stamped.WithParameter("rport", source.Port.ToString(System.Globalization.CultureInfo.InvariantCulture))
                .WithParameter("received", address.ToString());
        }
        else if (!sentByIsSource)
        {
            stamped = stamped.WithParameter("received", address.ToString());
        }

        if (!ReferenceEquals(stamped, via))
        {
            request.SetTopVia(stamped);
        }
    }

    /// <summary>
    /// Where a response goes when it cannot use the request's connection: received (or sent-by) and, on an
    /// unreliable transport, rport (RFC 3581 §4); otherwise the sent-by port.
    /// </summary>
    public static async ValueTask<IPEndPoint> ResolveResponseTargetAsync(SipResponse response, bool reliable, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        var via = response.TopVia ?? throw new InvalidOperationException("The response has no Via.");
        var host = (via.Received ?? via.Host).Trim('[', ']');
        var port = (reliable ? null : via.RPort) ?? via.Port ?? DefaultPortFor(via.Transport);
        if (IPAddress.TryParse(host, out var address))
        {
            return new IPEndPoint(address, port);
        }

        var addresses = await Dns.GetHostAddressesAsync(host, cancellationToken);
        return new IPEndPoint(addresses[0], port);
    }
}
